//! The Rust side of the Python package's checks, computed at test time from the crate
//! itself rather than frozen in a file.
//!
//! ```text
//! zh-emotion-reference results FILE [--aspects]
//!     one JSON line per input line: the crate's EmotionResult (byte offsets); with
//!     --aspects from a classifier built with `aspects(true)`, so with its aspects
//! zh-emotion-reference conversations FILE [--aspects]
//!     one JSON line per input line ({"turns": [{"role": ..., "text": ...}, ...]}):
//!     the crate's ConversationResult (byte offsets); with --aspects from a classifier
//!     built with `aspects(true)`, so with each turn's aspects and `unhappy_about`
//! zh-emotion-reference throughput FILE THREADS [REPEAT]
//!     Classifier::classify_batch over the file's lines in a rayon pool of THREADS
//!     threads, REPEAT timed passes (default 5) after one warm-up; prints one JSON
//!     line with the best and median messages per second
//! ```
//!
//! Lines are the file's lines without the line break (a final `\r` is removed too);
//! empty lines are kept for `results` and skipped for `throughput`, as the Python
//! benchmark does.

use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

use zh_emotion::conversation::{analyse, Turn};
use zh_emotion::Classifier;

fn lines(path: &str) -> Result<Vec<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    Ok(text
        .lines()
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect())
}

fn results(path: &str, aspects: bool) -> Result<(), String> {
    let classifier = Classifier::builder().aspects(aspects).build();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in lines(path)? {
        let result = classifier.classify(&line);
        let json = serde_json::to_string(&result).map_err(|e| e.to_string())?;
        writeln!(out, "{json}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn conversations(path: &str, aspects: bool) -> Result<(), String> {
    let classifier = Classifier::builder().aspects(aspects).build();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (i, line) in lines(path)?.iter().enumerate() {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{path}, line {}: {e}", i + 1))?;
        let turns: Vec<Turn> = serde_json::from_value(value["turns"].clone())
            .map_err(|e| format!("{path}, line {}: turns: {e}", i + 1))?;
        let result = analyse(&classifier, &turns);
        let json = serde_json::to_string(&result).map_err(|e| e.to_string())?;
        writeln!(out, "{json}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn throughput(path: &str, threads: usize, repeat: usize) -> Result<(), String> {
    let messages: Vec<String> = lines(path)?.into_iter().filter(|l| !l.is_empty()).collect();
    let classifier = Classifier::builder().preload().build();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| e.to_string())?;
    pool.install(|| classifier.classify_batch(&messages));
    let mut rates = Vec::with_capacity(repeat);
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let results = pool.install(|| classifier.classify_batch(&messages));
        let count = results.len();
        // Freeing the results is part of the work, as it is for the Python calls timed
        // beside this one.
        drop(results);
        let seconds = start.elapsed().as_secs_f64();
        assert_eq!(count, messages.len());
        rates.push(messages.len() as f64 / seconds);
    }
    rates.sort_by(f64::total_cmp);
    let best = rates[rates.len() - 1];
    let median = rates[rates.len() / 2];
    println!(
        "{{\"threads\": {threads}, \"messages\": {}, \"best_msg_per_s\": {best:.1}, \"median_msg_per_s\": {median:.1}}}",
        messages.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["results", file] => results(file, false),
        ["results", file, "--aspects"] => results(file, true),
        ["conversations", file] => conversations(file, false),
        ["conversations", file, "--aspects"] => conversations(file, true),
        ["throughput", file, threads, rest @ ..] if rest.len() <= 1 => {
            match (
                threads.parse::<usize>(),
                rest.first().map_or(Ok(5), |r| r.parse::<usize>()),
            ) {
                (Ok(t), Ok(r)) if t >= 1 => throughput(file, t, r),
                _ => Err("THREADS and REPEAT must be positive integers".to_string()),
            }
        }
        _ => Err(
            "usage: zh-emotion-reference results FILE [--aspects] | conversations FILE [--aspects] | throughput FILE THREADS [REPEAT]"
                .to_string(),
        ),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("zh-emotion-reference: {e}");
            ExitCode::FAILURE
        }
    }
}
