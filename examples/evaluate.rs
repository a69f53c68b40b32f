//! Evaluates the classifier on labelled CSV/JSONL files: accuracy, macro-F1,
//! per-label precision/recall/F1, polarity accuracy, intensity Spearman correlation
//! (where the file has gold intensity), the confusion matrix and the worst errors
//! with their evidence.
//!
//! ```text
//! cargo run --release --example evaluate -- FILE
//! cargo run --release --example evaluate -- --input FILE [per-input options] [--split test] \
//!     [--model PATH] [--errors N]
//! ```
//! `--split test` reads only the rows that the same `--holdout F` keeps out of
//! training (see `examples/common/mod.rs` for the per-input options).

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::process::ExitCode;

use common::{classifier_from_args, option, parse_sources, Record, Source, Split};
use zh_emotion::metrics::{spearman, ClassConfusion, Confusion};
use zh_emotion::{Classifier, Emotion, EmotionResult};

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("evaluate: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
evaluate: evaluates the classifier on labelled CSV/JSONL files: accuracy, macro-F1,
per-label precision/recall/F1, polarity accuracy, intensity Spearman correlation
(where the file has gold intensity), the confusion matrix and the worst errors with
their evidence.

Usage: evaluate FILE [per-input options] [OPTIONS]
       evaluate --input FILE [per-input options] ... [OPTIONS]

Arguments:
  FILE              a labelled file first: shorthand for --input FILE

Options:
  --split all|train|test
                    the rows to read: all (default), or the rows the same --holdout F
                    keeps out of training (test) or in it (train)
  --errors N        the worst errors listed per file (default: 10)
  --model PATH      evaluate a model file instead of the embedded model
  -h, --help        print this help
  -V, --version     print the version

";

const HELP_END: &str = "
Exit codes: 0 done; 1 a bad argument or an unreadable file.

Examples:
  cargo run --release --example evaluate -- data/train/escalation_holdout.jsonl
  cargo run --release --example evaluate -- --input reviews.csv --text review \\
      --label label --map 1=positive,0=negative --holdout 0.1 --split test
";

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    cli::help_or_version(
        &args,
        "evaluate",
        &[HELP, common::SOURCE_OPTIONS_HELP, HELP_END],
    );
    // A bare FILE first is shorthand for `--input FILE`.
    if args.first().is_some_and(|a| !a.starts_with("--")) {
        args.insert(0, "--input".into());
    }
    let (sources, rest) = parse_sources(&args)?;
    if sources.is_empty() {
        return Err("usage: evaluate FILE | --input FILE [options]".into());
    }
    let split = match option(&rest, "--split").as_deref() {
        None | Some("all") => Split::All,
        Some("test") => Split::Test,
        Some("train") => Split::Train,
        Some(other) => return Err(format!("bad --split {other} (all, train, test)")),
    };
    let errors: usize = option(&rest, "--errors")
        .map_or(Ok(10), |v| v.parse())
        .map_err(|_| "bad --errors")?;
    let classifier = classifier_from_args(&rest)?;
    for source in &sources {
        evaluate(&classifier, source, split, errors)?;
    }
    Ok(())
}

fn evaluate(
    classifier: &Classifier,
    source: &Source,
    split: Split,
    errors: usize,
) -> Result<(), String> {
    let records = source.load(split)?;
    let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
    let results = classifier.classify_batch(&texts);
    println!(
        "== {} ({} rows, split {split:?})",
        source.name(),
        records.len()
    );

    let set = source.classes();
    let mut classes = ClassConfusion::new(&set);
    let mut confusion = Confusion::default();
    let (mut polarity_right, mut polarity_total) = (0u32, 0u32);
    let (mut positive_as_negative, mut negative_as_positive) = (0u32, 0u32);
    let (mut gold_intensity, mut predicted_intensity) = (Vec::new(), Vec::new());
    let (mut gold_emotional, mut predicted_emotional) = (Vec::new(), Vec::new());
    let mut wrong: Vec<(&Record, &EmotionResult)> = Vec::new();
    for (record, result) in records.iter().zip(&results) {
        if let Some(gold) = set.index_of(record.labels()) {
            classes.add(gold, set.predict(&result.scores));
        }
        if let Some(gold) = record.gold() {
            confusion.add(gold, result.emotion);
            if gold != result.emotion {
                wrong.push((record, result));
            }
            polarity_total += 1;
            if gold.polarity() == result.emotion.polarity() {
                polarity_right += 1;
            }
        } else if record.gold_polarity() != 0 {
            // Binary polarity data: the sign of the polarity score decides.
            polarity_total += 1;
            if (result.polarity > 0.0) == (record.gold_polarity() > 0) {
                polarity_right += 1;
            } else {
                if record.gold_polarity() > 0 {
                    positive_as_negative += 1;
                } else {
                    negative_as_positive += 1;
                }
                wrong.push((record, result));
            }
        }
        if let Some(level) = record.intensity {
            gold_intensity.push(f64::from(level));
            predicted_intensity.push(f64::from(result.intensity));
            if record.gold().is_some_and(|g| g != Emotion::Neutral) {
                gold_emotional.push(f64::from(level));
                predicted_emotional.push(f64::from(result.intensity));
            }
        }
    }

    if !source.map.is_empty() && classes.names.len() > 2 {
        // A corpus with its own label set: the answer is the class with the most
        // probability (see `ClassSet`).
        println!(
            "class accuracy    {:.4} over its {} classes ({} rows)",
            classes.accuracy(),
            classes.names.len(),
            classes.total()
        );
        println!("class macro-F1    {:.4}", classes.macro_f1());
        for (i, name) in classes.names.iter().enumerate() {
            let m = classes.class(i);
            println!(
                "  {:<24} precision {:.3} recall {:.3} F1 {:.3} support {}",
                name, m.precision, m.recall, m.f1, m.support
            );
        }
    }
    if confusion.total() > 0 && (source.map.is_empty() || classes.names.len() <= 2) {
        println!("accuracy          {:.4}", confusion.accuracy());
        println!("macro-F1          {:.4}", confusion.macro_f1());
    } else if confusion.total() > 0 {
        println!(
            "nine-label accuracy {:.4} over the {} rows with a single gold label",
            confusion.accuracy(),
            confusion.total()
        );
    }
    if polarity_total > 0 {
        println!(
            "polarity accuracy {:.4} ({polarity_right}/{polarity_total}){}",
            f64::from(polarity_right) / f64::from(polarity_total),
            if confusion.total() > 0 {
                " [label polarity: positive/negative/neutral]"
            } else {
                " [sign of polarity score]"
            }
        );
    }
    if positive_as_negative + negative_as_positive > 0 {
        println!("polarity errors: {positive_as_negative} positive read as negative, {negative_as_positive} negative read as positive");
    }
    if let Some(r) = spearman(&gold_intensity, &predicted_intensity) {
        println!(
            "intensity Spearman {r:.4} (all {} rows with gold intensity)",
            gold_intensity.len()
        );
    }
    if let Some(r) = spearman(&gold_emotional, &predicted_emotional) {
        println!(
            "intensity Spearman {r:.4} (non-neutral gold, {} rows)",
            gold_emotional.len()
        );
    }
    if confusion.total() > 0 {
        println!(
            "\n{:<15} {:>9} {:>9} {:>9} {:>8}",
            "label", "precision", "recall", "F1", "support"
        );
        for e in Emotion::ALL {
            let m = confusion.label(e);
            if m.support > 0 || m.precision > 0.0 {
                println!(
                    "{:<15} {:>9.3} {:>9.3} {:>9.3} {:>8}",
                    e.id(),
                    m.precision,
                    m.recall,
                    m.f1,
                    m.support
                );
            }
        }
        println!("\nconfusion matrix\n{}", confusion.to_table());
    }
    // Worst errors: the most confident wrong answers (by label probability, or by the
    // size of the polarity score for polarity-only data).
    let badness = |r: &EmotionResult, record: &Record| {
        if record.gold().is_some() {
            r.confidence()
        } else {
            r.polarity.abs()
        }
    };
    wrong.sort_by(|a, b| badness(b.1, b.0).total_cmp(&badness(a.1, a.0)));
    if !wrong.is_empty() && errors > 0 {
        println!("worst errors (most confident first):");
        for (record, result) in wrong.iter().take(errors) {
            let evidence: Vec<String> = result
                .evidence
                .iter()
                .map(|e| {
                    let mods: Vec<String> = e
                        .modifiers
                        .iter()
                        .map(|m| format!("{:?}:{}", m.kind, m.text))
                        .collect();
                    format!(
                        "{}→{}{}",
                        e.text,
                        e.emotion,
                        if mods.is_empty() {
                            String::new()
                        } else {
                            format!("[{}]", mods.join(","))
                        }
                    )
                })
                .collect();
            println!(
                "  gold {:<14} got {:<14} p={:.2}  {}  evidence: {}",
                record.gold().map_or(
                    if record.gold_polarity() > 0 {
                        "positive"
                    } else {
                        "negative"
                    },
                    |g| g.id()
                ),
                result.emotion.id(),
                result.confidence(),
                record.text,
                evidence.join(" ")
            );
        }
    }
    println!();
    Ok(())
}
