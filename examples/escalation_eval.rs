//! Measures escalation detection on JSONL/CSV files whose rows carry a gold
//! `escalate` flag: precision, recall and F1 for each file and for all files together,
//! and the true positives' reasons by kind.
//!
//! ```text
//! cargo run --example escalation_eval -- FILE [FILE ...] [--errors N] [--model PATH]
//! cargo run --example escalation_eval -- --input FILE [per-input options] ... [--errors N]
//! ```
//! Rows without a boolean `escalate` field are skipped. `--errors N` lists up to N false
//! positives and N false negatives per file (default 0). `--model PATH` classifies with
//! a model file instead of the embedded model (the label gates some escalations). Per-input options are those of
//! `examples/common/mod.rs`; a file needs an `emotion` or `label` field (or `--label`).

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::process::ExitCode;

use common::{classifier_from_args, option, parse_sources, Split};
use zh_emotion::escalation::EscalationKind;

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("escalation_eval: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Counts of a binary decision.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
    tn: u32,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.tp += other.tp;
        self.fp += other.fp;
        self.fn_ += other.fn_;
        self.tn += other.tn;
    }

    fn report(&self, name: &str) {
        let p = ratio(self.tp, self.tp + self.fp);
        let r = ratio(self.tp, self.tp + self.fn_);
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        println!(
            "{name}: rows {} (gold escalations {}), TP {} FP {} FN {} TN {}, precision {p:.3} recall {r:.3} F1 {f1:.3}",
            self.tp + self.fp + self.fn_ + self.tn,
            self.tp + self.fn_,
            self.tp,
            self.fp,
            self.fn_,
            self.tn
        );
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

const HELP: &str = "\
escalation_eval: measures escalation detection on JSONL/CSV files whose rows carry a
gold boolean `escalate` field (rows without one are skipped): precision, recall and
F1 for each file and for all files together, and the true positives' reasons by kind.

Usage: escalation_eval FILE [FILE ...] [OPTIONS]
       escalation_eval --input FILE [per-input options] ... [OPTIONS]

Arguments:
  FILE            a labelled file (shorthand for --input FILE); it needs an emotion
                  or label field, or --label

Options:
  --errors N      list up to N false positives and N false negatives per file
                  (default: 0)
  --model PATH    classify with a model file instead of the embedded model (the
                  label gates some escalations)
  -h, --help      print this help
  -V, --version   print the version

";

const HELP_END: &str = "
Exit codes: 0 done; 1 a bad argument or an unreadable file.

Example:
  cargo run --release --example escalation_eval -- data/train/escalation_holdout.jsonl --errors 5
";

fn run() -> Result<(), String> {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    cli::help_or_version(
        &raw,
        "escalation_eval",
        &[HELP, common::SOURCE_OPTIONS_HELP, HELP_END],
    );
    // Bare file names are shorthand for `--input FILE`.
    let mut args = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let a = &raw[i];
        if a.starts_with("--") {
            args.push(a.clone());
            if let Some(v) = raw.get(i + 1) {
                args.push(v.clone());
            }
            i += 2;
        } else {
            args.push("--input".into());
            args.push(a.clone());
            i += 1;
        }
    }
    let (sources, rest) = parse_sources(&args)?;
    if sources.is_empty() {
        return Err("usage: escalation_eval FILE [FILE ...] [--errors N]".into());
    }
    let errors: usize = option(&rest, "--errors")
        .map_or(Ok(0), |v| v.parse())
        .map_err(|_| "bad --errors")?;
    let classifier = classifier_from_args(&rest)?;
    let mut total = Counts::default();
    let mut by_kind = [0u32; EscalationKind::COUNT];
    for source in &sources {
        let records = source.load(Split::All)?;
        let mut counts = Counts::default();
        let (mut fps, mut fns) = (Vec::new(), Vec::new());
        for record in &records {
            let Some(gold) = record.escalate else {
                continue;
            };
            let result = classifier.classify(&record.text);
            let predicted = result.escalation.escalate;
            match (gold, predicted) {
                (true, true) => {
                    counts.tp += 1;
                    for kind in result.escalation.kinds() {
                        by_kind[kind.index()] += 1;
                    }
                }
                (false, true) => {
                    counts.fp += 1;
                    let why: Vec<String> = result
                        .escalation
                        .reasons
                        .iter()
                        .map(|r| format!("{}:{}", r.kind, r.text))
                        .collect();
                    fps.push(format!("{}  [{}]", record.text, why.join(", ")));
                }
                (true, false) => {
                    counts.fn_ += 1;
                    fns.push(format!("{}  ({})", record.text, result.emotion));
                }
                (false, false) => counts.tn += 1,
            }
        }
        counts.report(&source.name());
        for line in fps.iter().take(errors) {
            println!("  false positive: {line}");
        }
        for line in fns.iter().take(errors) {
            println!("  false negative: {line}");
        }
        total.add(counts);
    }
    if sources.len() > 1 {
        total.report("all files");
    }
    let kinds: Vec<String> = EscalationKind::ALL
        .into_iter()
        .filter(|k| by_kind[k.index()] > 0)
        .map(|k| format!("{k} {}", by_kind[k.index()]))
        .collect();
    println!("reasons among true positives: {}", kinds.join(", "));
    Ok(())
}
