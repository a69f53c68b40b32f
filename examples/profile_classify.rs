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
//! target/release/examples/profile_classify 20 --aspects  # with the aspects step
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

#[path = "common/cli.rs"]
mod cli;

use std::process::ExitCode;
use std::time::Instant;

use zh_emotion::normalize::normalize;
use zh_emotion::Classifier;

const CORPUS: &str = include_str!("../data/bench/messages.txt");

const HELP: &str = "\
profile_classify: a steady loop for profilers. Classifies the bench corpus
(data/bench/messages.txt) ROUNDS times on one thread, or runs only jieba's cut on the
same normalised messages, and prints the time, MB/s and messages/s.

Usage: profile_classify [ROUNDS] [OPTIONS]

Arguments:
  ROUNDS         passes over the messages (default: 10)

Options:
  --cut          run only jieba's cut on the normalised messages
  --threads N    classify_batch in an N-thread pool instead of classify in a loop
  --chars N      one message of N characters (the corpus joined with 。) instead
  --file PATH    the messages of PATH, one per line, read before the clock starts
  --aspects      find the aspects of each message too (ClassifierBuilder::aspects)
  -h, --help     print this help
  -V, --version  print the version

Exit codes: 0 done; 2 a bad argument or an unreadable file.

Example:
  valgrind --tool=callgrind target/release/examples/profile_classify 1 --cut
";

struct Options {
    rounds: usize,
    cut_only: bool,
    threads: Option<usize>,
    chars: Option<usize>,
    file: Option<String>,
    aspects: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        rounds: 10,
        cut_only: false,
        threads: None,
        chars: None,
        file: None,
        aspects: false,
    };
    let number = |name: &str, v: String| v.parse().map_err(|_| format!("bad {name} {v}"));
    let mut rounds_given = false;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        use lexopt::Arg::{Long, Short, Value};
        match arg {
            Long("cut") => options.cut_only = true,
            Long("aspects") => options.aspects = true,
            Long("threads") => {
                options.threads = Some(number("--threads", cli::value(&mut parser, "--threads")?)?)
            }
            Long("chars") => {
                options.chars = Some(number("--chars", cli::value(&mut parser, "--chars")?)?)
            }
            Long("file") => options.file = Some(cli::value(&mut parser, "--file")?),
            Short('h') | Long("help") => cli::help(HELP),
            Short('V') | Long("version") => cli::version("profile_classify"),
            Value(v) if !rounds_given => {
                options.rounds = number("ROUNDS", cli::string(v)?)?;
                rounds_given = true;
            }
            other => return Err(format!("unexpected argument {:?}", cli::written(&other))),
        }
    }
    Ok(options)
}

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    let options = match parse_args() {
        Ok(options) => options,
        Err(e) => {
            eprintln!("profile_classify: {e}");
            return ExitCode::from(2);
        }
    };
    let Options {
        rounds,
        cut_only,
        threads,
        chars,
        aspects,
        ..
    } = options;
    let file: Option<String> = match &options.file {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => Some(text),
            Err(e) => {
                eprintln!("profile_classify: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
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
    ExitCode::SUCCESS
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
