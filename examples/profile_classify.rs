//! A steady loop for profilers: classifies the bench corpus (`data/bench/messages.txt`)
//! `ROUNDS` times on one thread, or runs only jieba's `cut` on the same normalised
//! messages (`--cut`), so that the two profiles can be compared.
//!
//! ```text
//! cargo build --release --example profile_classify
//! valgrind --tool=callgrind target/release/examples/profile_classify 1
//! valgrind --tool=callgrind target/release/examples/profile_classify 1 --cut
//! perf record -g target/release/examples/profile_classify 20
//! target/release/examples/profile_classify 10 --threads 2   # classify_batch, 2-thread pool
//! target/release/examples/profile_classify 1 --chars 100000  # one message of 100,000 chars
//! target/release/examples/profile_classify 1 --file reviews.txt --cut  # another corpus
//! target/release/examples/profile_classify 20 --no-aspects  # without the aspects step
//! ```
//!
//! `--file PATH` takes the messages from `PATH` (one per line, every line, as the
//! `classify` program reads them) instead of the bench corpus; the file is read before
//! the clock starts. `scripts/bench_classify_program.sh` uses it to compare the
//! `classify` program with `classify_batch` on the same lines.
//!
//! `--chars N` classifies one message of `N` characters instead (cut from the corpus
//! joined with `。`, as in `benches/scaling.rs`; `max_chars` is raised so that nothing
//! is truncated): instruction counts at several lengths show whether cost is linear.

use std::time::Instant;

use zh_emotion::normalize::normalize;
use zh_emotion::Classifier;

const CORPUS: &str = include_str!("../data/bench/messages.txt");

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let rounds: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10);
    let cut_only = args.iter().any(|a| a == "--cut");
    let aspects = !args.iter().any(|a| a == "--no-aspects");
    let threads: Option<usize> = args
        .iter()
        .position(|a| a == "--threads")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let chars: Option<usize> = args
        .iter()
        .position(|a| a == "--chars")
        .and_then(|i| args.get(i + 1)?.parse().ok());
    let file: Option<String> = args
        .iter()
        .position(|a| a == "--file")
        .and_then(|i| args.get(i + 1))
        .map(|path| match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => panic!("cannot read {path}: {e}"),
        });
    let corpus: Vec<&str> = match &file {
        Some(text) => text.lines().collect(),
        None => CORPUS.lines().filter(|l| !l.is_empty()).collect(),
    };
    let long_text;
    let messages: Vec<&str> = match chars {
        Some(n) => {
            long_text = text_of_chars(&corpus, n);
            vec![long_text.as_str()]
        }
        None => corpus,
    };
    let classifier = Classifier::builder()
        .max_chars(
            chars
                .unwrap_or(0)
                .max(zh_emotion::classifier::DEFAULT_MAX_CHARS),
        )
        .aspects(aspects)
        .preload()
        .build();
    // Only `--cut` reads the normalised text (normalisation is part of `classify`).
    let normalized: Vec<String> = messages
        .iter()
        .filter(|_| cut_only)
        .map(|m| normalize(m).as_str().to_string())
        .collect();
    let start = Instant::now();
    let mut checksum = 0usize;
    for _ in 0..rounds {
        if let Some(threads) = threads {
            let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
                Ok(pool) => pool,
                Err(e) => panic!("cannot build a {threads}-thread pool: {e}"),
            };
            let results = pool.install(|| classifier.classify_batch(&messages));
            checksum += results.iter().map(|r| r.evidence.len()).sum::<usize>();
        } else if cut_only {
            let jieba = classifier.segmenter().jieba();
            for text in &normalized {
                checksum += jieba.cut(text, true).len();
            }
        } else {
            for text in &messages {
                checksum += classifier.classify(text).evidence.len();
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let bytes: usize = messages.iter().map(|m| m.len()).sum::<usize>() * rounds;
    println!(
        "{} rounds of {} messages: {:.1} ms, {:.1} MB/s, {:.0} messages/s (checksum {checksum})",
        rounds,
        messages.len(),
        secs * 1e3,
        bytes as f64 / secs / 1e6,
        (messages.len() * rounds) as f64 / secs
    );
}

/// One text of exactly `chars` characters: the messages joined with `。`, cycled.
fn text_of_chars(messages: &[&str], chars: usize) -> String {
    messages
        .iter()
        .cycle()
        .flat_map(|m| m.chars().chain(std::iter::once('。')))
        .take(chars)
        .collect()
}
