//! Retrains the shipped model from labelled CSV/JSONL files and prints held-out
//! metrics for every input that holds some of its rows out.
//!
//! ```text
//! cargo run --release --example train -- --out data/model.bin \
//!     --input FILE [--text NAME] [--label NAME] [--map FROM=TO,...] [--weight W] [--holdout F] ...
//!     [--epochs N] [--learning-rate X] [--l2 X] [--hash-bits N] [--seed N]
//! ```
//! The exact command that produced `data/model.bin` is in `scripts/train.sh` and
//! `data/README.md`. Per-input options are documented in `examples/common/mod.rs`.

mod common;

use std::process::ExitCode;
use std::time::Instant;

use common::{option, parse_sources, Split};
use zh_emotion::metrics::Confusion;
use zh_emotion::train::{train, TrainConfig};
use zh_emotion::{Classifier, ClassifierBuilder};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (sources, rest) = parse_sources(&args)?;
    if sources.is_empty() {
        return Err("no --input given (see the doc comment of examples/train.rs)".into());
    }
    let mut config = TrainConfig::default();
    let parse = |name: &str| option(&rest, name);
    if let Some(v) = parse("--epochs") {
        config.epochs = v.parse().map_err(|_| format!("bad --epochs {v}"))?;
    }
    if let Some(v) = parse("--learning-rate") {
        config.learning_rate = v.parse().map_err(|_| format!("bad --learning-rate {v}"))?;
    }
    if let Some(v) = parse("--l2") {
        config.l2 = v.parse().map_err(|_| format!("bad --l2 {v}"))?;
    }
    if let Some(v) = parse("--hash-bits") {
        config.hash_bits = v.parse().map_err(|_| format!("bad --hash-bits {v}"))?;
    }
    if let Some(v) = parse("--seed") {
        config.seed = v.parse().map_err(|_| format!("bad --seed {v}"))?;
    }
    let out = parse("--out");

    let mut examples = Vec::new();
    for source in &sources {
        let records = source.load(Split::Train)?;
        eprintln!(
            "{}: {} training rows (weight {})",
            source.name(),
            records.len(),
            source.weight
        );
        examples.extend(records.iter().map(|r| r.to_example(source.weight)));
    }
    let base = Classifier::default();
    let started = Instant::now();
    let model = train(&base, &examples, &config).map_err(|e| e.to_string())?;
    eprintln!(
        "trained on {} examples in {:.1}s ({config:?})",
        examples.len(),
        started.elapsed().as_secs_f64()
    );
    eprintln!(
        "intensity coefficients: {:?}",
        model.intensity_coefficients()
    );

    let classifier = ClassifierBuilder::new().model(model.clone()).build();
    for source in sources.iter().filter(|s| s.holdout > 0.0) {
        let test = source.load(Split::Test)?;
        let mut confusion = Confusion::default();
        let (mut polarity_right, mut polarity_total) = (0, 0);
        let texts: Vec<&str> = test.iter().map(|r| r.text.as_str()).collect();
        for (record, result) in test.iter().zip(classifier.classify_batch(&texts)) {
            if let Some(gold) = record.gold() {
                confusion.add(gold, result.emotion);
            }
            let gold_polarity = record.gold_polarity();
            if gold_polarity != 0 {
                polarity_total += 1;
                if (result.polarity > 0.0) == (gold_polarity > 0) {
                    polarity_right += 1;
                }
            }
        }
        println!("held out of {}: {} rows", source.name(), test.len());
        if confusion.total() > 0 {
            println!(
                "  accuracy {:.4}  macro-F1 {:.4}",
                confusion.accuracy(),
                confusion.macro_f1()
            );
        }
        if polarity_total > 0 {
            println!(
                "  polarity accuracy {:.4} ({polarity_right}/{polarity_total})",
                polarity_right as f64 / polarity_total as f64
            );
        }
    }
    if let Some(path) = out {
        let bytes = model.to_bytes();
        std::fs::write(&path, &bytes).map_err(|e| format!("cannot write {path}: {e}"))?;
        eprintln!("wrote {path} ({} bytes)", bytes.len());
    }
    Ok(())
}
