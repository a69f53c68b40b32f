//! The bench corpus (`data/bench/messages.txt`) and helpers shared by the benches.
#![allow(dead_code)]

use criterion::Throughput;

/// The bench corpus: 60% short chats, 40% long reviews (see `data/bench/README.md`).
pub const CORPUS: &str = include_str!("../../data/bench/messages.txt");

/// The corpus messages, in file order.
pub fn messages() -> Vec<&'static str> {
    CORPUS.lines().filter(|l| !l.is_empty()).collect()
}

/// `n` messages: the corpus repeated as often as needed, then cut.
pub fn cycled(n: usize) -> Vec<&'static str> {
    messages().into_iter().cycle().take(n).collect()
}

/// One message of exactly `chars` characters, cut from the corpus joined with `。`.
pub fn text_of_chars(chars: usize) -> String {
    let mut text = String::new();
    let mut count = 0;
    'outer: for m in messages().into_iter().cycle() {
        for c in m.chars().chain(std::iter::once('。')) {
            if count == chars {
                break 'outer;
            }
            text.push(c);
            count += 1;
        }
    }
    text
}

/// Throughput in messages and in bytes (criterion reports both).
pub fn throughput<S: AsRef<str>>(messages: &[S]) -> Throughput {
    Throughput::ElementsAndBytes {
        elements: messages.len() as u64,
        bytes: messages.iter().map(|m| m.as_ref().len() as u64).sum(),
    }
}

/// A rayon pool with `threads` threads.
pub fn pool(threads: usize) -> rayon::ThreadPool {
    match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool,
        Err(e) => panic!("cannot build a {threads}-thread pool: {e}"),
    }
}
