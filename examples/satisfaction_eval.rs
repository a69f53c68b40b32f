//! Measures the conversation-level satisfaction of `conversation::analyse` against
//! annotated dialogues, and refits its coefficients.
//!
//! ```text
//! cargo run --release --example satisfaction_eval -- [DIALOGUES_FILE] [--model PATH]
//!     [--folds K] [--ridge L] [--fit]
//! ```
//! `DIALOGUES_FILE` (default `../shared/data/dialogue/stc3_customer_helpdesk_dev.jsonl`,
//! the NTCIR-14 STC-3 Chinese dialogues) holds one dialogue a line:
//! `{"id": ..., "turns": [{"role": "customer"|"agent", "text": ...}], "satisfaction": x}`.
//! It prints Spearman's rank correlation between the annotated satisfaction and
//!
//! - the shipped model (`SATISFACTION_COEFFICIENTS`; in sample when the file is the
//!   one they were fitted on),
//! - a refit on the whole file (in sample),
//! - K-fold cross-validation over dialogues (default 10 folds; dialogue `i` is in fold
//!   `i mod K`, so the split is deterministic): each fold is predicted by a model fitted
//!   on the other folds, and the pooled out-of-fold predictions are correlated,
//! - the polarity of the last customer turn alone (a baseline).
//!
//! The fit is ridge least squares with penalty `L` (default 1) on every coefficient but
//! the constant. `--fit` also prints the refitted coefficients as the Rust constant to
//! paste into `src/service/conversation.rs`. `--model` classifies the turns with a model file
//! instead of the embedded model.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::io::BufRead;
use std::process::ExitCode;

use common::classifier_from_args;
use serde::Deserialize;
use zh_emotion::conversation::{
    analyse, predict_satisfaction, satisfaction_features, Role, Turn, SATISFACTION_COEFFICIENTS,
    SATISFACTION_FEATURES, SATISFACTION_FEATURE_NAMES,
};
use zh_emotion::metrics::spearman;

const DEFAULT_FILE: &str = "../shared/data/dialogue/stc3_customer_helpdesk_dev.jsonl";

type Features = [f32; SATISFACTION_FEATURES];

#[derive(Deserialize)]
struct Dialogue {
    turns: Vec<Turn>,
    satisfaction: f64,
}

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("satisfaction_eval: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
satisfaction_eval: measures the conversation-level satisfaction of
conversation::analyse against annotated dialogues (Spearman's rank correlation of
the shipped coefficients, a refit in sample, K-fold cross-validation over dialogues,
and the last customer turn's polarity alone), and refits its coefficients.

Usage: satisfaction_eval [DIALOGUES_FILE] [OPTIONS]

Arguments:
  DIALOGUES_FILE  JSONL, one dialogue a line: {\"id\": ..., \"turns\": [{\"role\":
                  \"customer\"|\"agent\", \"text\": ...}], \"satisfaction\": x}
                  (default: ../shared/data/dialogue/stc3_customer_helpdesk_dev.jsonl)

Options:
  --folds K       cross-validation folds; dialogue i is in fold i mod K (default: 10)
  --ridge L       ridge penalty of the fit, on every coefficient but the constant
                  (default: 1)
  --fit           also print the refitted coefficients as the Rust constant
  --model PATH    classify the turns with a model file instead of the embedded model
  -h, --help      print this help
  -V, --version   print the version

Exit codes: 0 done; 1 a bad argument or an unreadable file.

Example:
  cargo run --release --example satisfaction_eval -- --fit
";

struct Options {
    path: String,
    folds: usize,
    ridge: f64,
    fit: bool,
    /// `--model PATH`, as `common::classifier_from_args` reads it.
    model: Vec<String>,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        path: DEFAULT_FILE.to_string(),
        folds: 10,
        ridge: 1.0,
        fit: false,
        model: Vec::new(),
    };
    let mut path = None;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        use lexopt::Arg::{Long, Short, Value};
        match arg {
            Long("folds") => {
                options.folds = cli::value(&mut parser, "--folds")?
                    .parse()
                    .map_err(|_| "bad --folds")?
            }
            Long("ridge") => {
                options.ridge = cli::value(&mut parser, "--ridge")?
                    .parse()
                    .map_err(|_| "bad --ridge")?
            }
            Long("fit") => options.fit = true,
            Long("model") => {
                options.model = vec!["--model".into(), cli::value(&mut parser, "--model")?]
            }
            Short('h') | Long("help") => cli::help(HELP),
            Short('V') | Long("version") => cli::version("satisfaction_eval"),
            Value(v) if path.is_none() => path = Some(cli::string(v)?),
            Value(v) => return Err(format!("unexpected argument {v:?}")),
            other => return Err(format!("unknown option {}", cli::written(&other))),
        }
    }
    if let Some(path) = path {
        options.path = path;
    }
    Ok(options)
}

fn run() -> Result<(), String> {
    let options = parse_args()?;
    let (path, folds, ridge) = (options.path, options.folds, options.ridge);
    if folds < 2 {
        return Err("--folds must be at least 2".into());
    }
    if !ridge.is_finite() || ridge < 0.0 {
        return Err("--ridge must be a finite number >= 0".into());
    }
    let classifier = classifier_from_args(&options.model)?;
    let dialogues = load(&path)?;
    if dialogues.len() < folds {
        return Err(format!(
            "{path}: {} dialogues, fewer than {folds} folds",
            dialogues.len()
        ));
    }

    let mut rows: Vec<Features> = Vec::with_capacity(dialogues.len());
    let mut last_polarity = Vec::with_capacity(dialogues.len());
    for d in &dialogues {
        let r = analyse(&classifier, &d.turns);
        let agent_turns = d.turns.iter().filter(|t| t.role == Role::Agent).count();
        rows.push(satisfaction_features(&r.turns, agent_turns));
        last_polarity.push(r.turns.last().map_or(0.0, |t| f64::from(t.result.polarity)));
    }
    let gold: Vec<f64> = dialogues.iter().map(|d| d.satisfaction).collect();
    let predict = |c: &Features| -> Vec<f64> {
        rows.iter()
            .map(|x| f64::from(predict_satisfaction(c, x)))
            .collect()
    };
    let rho = |p: &[f64]| spearman(p, &gold).unwrap_or(f64::NAN);

    let fitted = fit(&rows, &gold, ridge)?;
    let mut out_of_fold = vec![0.0f64; rows.len()];
    for fold in 0..folds {
        let (train_x, train_y): (Vec<Features>, Vec<f64>) = rows
            .iter()
            .zip(&gold)
            .enumerate()
            .filter(|(i, _)| i % folds != fold)
            .map(|(_, (x, y))| (*x, *y))
            .unzip();
        let c = fit(&train_x, &train_y, ridge)?;
        for (i, x) in rows.iter().enumerate() {
            if i % folds == fold {
                out_of_fold[i] = f64::from(predict_satisfaction(&c, x));
            }
        }
    }

    println!("dialogues                                 {}", rows.len());
    println!(
        "customer turns                            {}",
        dialogues
            .iter()
            .flat_map(|d| &d.turns)
            .filter(|t| t.role == Role::Customer)
            .count()
    );
    println!(
        "Spearman, shipped coefficients            {:.4}",
        rho(&predict(&SATISFACTION_COEFFICIENTS))
    );
    println!(
        "Spearman, refit on all (in sample)        {:.4}",
        rho(&predict(&fitted))
    );
    println!(
        "Spearman, {folds}-fold cross-validation        {:.4}",
        rho(&out_of_fold)
    );
    println!(
        "Spearman, last customer polarity alone    {:.4}",
        rho(&last_polarity)
    );
    if options.fit {
        println!("\nrefitted coefficients (ridge {ridge}):");
        for (name, c) in SATISFACTION_FEATURE_NAMES.iter().zip(fitted) {
            println!("  {name:<18} {c:>8.4}");
        }
        let list: Vec<String> = fitted.iter().map(|c| format!("{c:.4}")).collect();
        println!(
            "\npub const SATISFACTION_COEFFICIENTS: [f32; SATISFACTION_FEATURES] = [{}];",
            list.join(", ")
        );
    }
    Ok(())
}

fn load(path: &str) -> Result<Vec<Dialogue>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut out = Vec::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let d: Dialogue =
            serde_json::from_str(&line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        if !d.satisfaction.is_finite() {
            return Err(format!("{path}:{}: satisfaction is not finite", i + 1));
        }
        out.push(d);
    }
    Ok(out)
}

/// Ridge least squares: minimises the squared error plus `ridge` times the squared
/// coefficients other than the constant (feature 0), by solving the normal equations.
fn fit(rows: &[Features], targets: &[f64], ridge: f64) -> Result<Features, String> {
    const K: usize = SATISFACTION_FEATURES;
    let mut a = [[0.0f64; K]; K];
    let mut b = [0.0f64; K];
    for (x, y) in rows.iter().zip(targets) {
        for i in 0..K {
            let xi = f64::from(x[i]);
            b[i] += xi * y;
            for j in 0..K {
                a[i][j] += xi * f64::from(x[j]);
            }
        }
    }
    for (i, row) in a.iter_mut().enumerate().skip(1) {
        row[i] += ridge;
    }
    let solution = solve(a, b).ok_or("the normal equations are singular (too few dialogues?)")?;
    let mut c = [0.0f32; K];
    for (ci, s) in c.iter_mut().zip(solution) {
        *ci = s as f32;
    }
    Ok(c)
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve<const K: usize>(mut a: [[f64; K]; K], mut b: [f64; K]) -> Option<[f64; K]> {
    for col in 0..K {
        let pivot = (col..K).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let pivot_row = a[col];
        for row in col + 1..K {
            let factor = a[row][col] / pivot_row[col];
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= factor * p;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = [0.0f64; K];
    for row in (0..K).rev() {
        let rest: f64 = (row + 1..K).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}
