//! Retrains the shipped model from labelled CSV/JSONL files and prints held-out
//! metrics for every input that holds some of its rows out.
//!
//! ```text
//! cargo run --release --example train -- --out data/model.bin \
//!     --input FILE [--text NAME] [--label NAME] [--map FROM=TO,...] [--weight W] [--holdout F] ...
//!     [--epochs N] [--learning-rate X] [--l2 X] [--hash-bits N] [--seed N]
//! ```
//! Evaluation modes (no model is written):
//! - `--cv K`: K-fold cross-validation over the inputs that have `--holdout`;
//! - `--leave-one-group-out`: for inputs with `--group FIELD`, train without each
//!   group in turn and test on it (e.g. product categories), reporting the worst and
//!   the mean.
//!
//! The exact command that produced `data/model.bin` is in `scripts/train.sh` and
//! `data/README.md`. Per-input options are documented in `examples/common/mod.rs`.

mod common;

use std::process::ExitCode;
use std::time::Instant;

use common::{option, parse_sources, Source, Split};
use zh_emotion::metrics::Confusion;
use zh_emotion::train::{train, TrainConfig};
use zh_emotion::{Classifier, ClassifierBuilder, Emotion, LinearModel};

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
    let base = Classifier::default();

    if let Some(k) = parse("--cv") {
        let k: usize = k
            .parse()
            .ok()
            .filter(|k| *k >= 2)
            .ok_or(format!("bad --cv {k}"))?;
        return cross_validate(&base, &sources, &config, k);
    }
    if rest.iter().any(|a| a == "--leave-one-group-out") {
        return leave_one_group_out(&base, &sources, &config);
    }

    let model = fit(&base, &sources, &config, true)?;
    eprintln!(
        "intensity coefficients: {:?}",
        model.intensity_coefficients()
    );
    for source in sources.iter().filter(|s| s.holdout > 0.0) {
        let m = measure(&model, source, Split::Test)?;
        println!("held out of {}: {m}", source.name());
    }
    if let Some(path) = out {
        let bytes = model.to_bytes();
        std::fs::write(&path, &bytes).map_err(|e| format!("cannot write {path}: {e}"))?;
        eprintln!("wrote {path} ({} bytes)", bytes.len());
    }
    Ok(())
}

/// Trains on the training part of every source.
fn fit(
    base: &Classifier,
    sources: &[Source],
    config: &TrainConfig,
    verbose: bool,
) -> Result<LinearModel, String> {
    let mut examples = Vec::new();
    for source in sources {
        let records = source.load(Split::Train)?;
        if verbose {
            eprintln!(
                "{}: {} training rows (weight {})",
                source.name(),
                records.len(),
                source.weight
            );
        }
        examples.extend(records.iter().map(|r| r.to_example(source.weight)));
    }
    let started = Instant::now();
    let model = train(base, &examples, config).map_err(|e| e.to_string())?;
    if verbose {
        eprintln!(
            "trained on {} examples in {:.1}s ({config:?})",
            examples.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(model)
}

/// Held-out figures of one source.
struct Metrics {
    rows: usize,
    /// (accuracy, macro-F1) over the nine labels, when the rows have single labels.
    labels: Option<(f64, f64)>,
    /// Accuracy when the prediction is restricted to the labels the data uses.
    restricted_accuracy: Option<f64>,
    polarity: Option<f64>,
}

impl std::fmt::Display for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} rows", self.rows)?;
        if let Some((acc, f1)) = self.labels {
            write!(f, ", accuracy {acc:.4}, macro-F1 {f1:.4}")?;
        }
        if let Some(acc) = self.restricted_accuracy {
            write!(f, ", accuracy over its own labels {acc:.4}")?;
        }
        if let Some(p) = self.polarity {
            write!(f, ", polarity accuracy {p:.4}")?;
        }
        Ok(())
    }
}

fn measure(model: &LinearModel, source: &Source, split: Split) -> Result<Metrics, String> {
    let classifier = ClassifierBuilder::new().model(model.clone()).build();
    let test = source.load(split)?;
    let texts: Vec<&str> = test.iter().map(|r| r.text.as_str()).collect();
    let results = classifier.classify_batch(&texts);
    let mut used = [false; Emotion::COUNT];
    for g in test.iter().filter_map(|r| r.gold()) {
        used[g.index()] = true;
    }
    let mut confusion = Confusion::default();
    let (mut restricted_right, mut polarity_right, mut polarity_total) = (0usize, 0usize, 0usize);
    for (record, result) in test.iter().zip(&results) {
        if let Some(gold) = record.gold() {
            confusion.add(gold, result.emotion);
            let restricted = Emotion::ALL
                .into_iter()
                .filter(|e| used[e.index()])
                .max_by(|a, b| result.scores.get(*a).total_cmp(&result.scores.get(*b)));
            if restricted == Some(gold) {
                restricted_right += 1;
            }
        }
        let gold_polarity = record.gold_polarity();
        if gold_polarity != 0 {
            polarity_total += 1;
            if (result.polarity > 0.0) == (gold_polarity > 0) {
                polarity_right += 1;
            }
        }
    }
    let labelled = confusion.total() as usize;
    Ok(Metrics {
        rows: test.len(),
        labels: (labelled > 0).then(|| (confusion.accuracy(), confusion.macro_f1())),
        restricted_accuracy: (labelled > 0 && used.iter().filter(|u| **u).count() < Emotion::COUNT)
            .then(|| restricted_right as f64 / labelled as f64),
        polarity: (polarity_total > 0).then(|| polarity_right as f64 / polarity_total as f64),
    })
}

/// k-fold cross-validation over every source that has a `--holdout`: fold i of each
/// such source is held out in run i.
fn cross_validate(
    base: &Classifier,
    sources: &[Source],
    config: &TrainConfig,
    k: usize,
) -> Result<(), String> {
    let held: Vec<usize> = (0..sources.len())
        .filter(|&i| sources[i].holdout > 0.0)
        .collect();
    let mut sums: Vec<[f64; 4]> = vec![[0.0; 4]; sources.len()];
    for fold in 0..k {
        let mut run = sources.to_vec();
        for &i in &held {
            run[i].fold = Some((fold, k));
        }
        let model = fit(base, &run, config, false)?;
        for &i in &held {
            let m = measure(&model, &run[i], Split::Test)?;
            println!("fold {}/{k} {}: {m}", fold + 1, run[i].name());
            let (acc, f1) = m.labels.unwrap_or((0.0, 0.0));
            for (s, v) in sums[i].iter_mut().zip([
                acc,
                f1,
                m.restricted_accuracy.unwrap_or(0.0),
                m.polarity.unwrap_or(0.0),
            ]) {
                *s += v / k as f64;
            }
        }
    }
    for &i in &held {
        let [acc, f1, restricted, polarity] = sums[i];
        println!(
            "mean over {k} folds, {}: accuracy {acc:.4}, macro-F1 {f1:.4}, accuracy over its own labels {restricted:.4}, polarity accuracy {polarity:.4}",
            sources[i].name()
        );
    }
    Ok(())
}

/// For every source with `--group`: trains without one group and tests on it, for
/// each group in turn; prints each group's polarity accuracy, the worst and the mean.
fn leave_one_group_out(
    base: &Classifier,
    sources: &[Source],
    config: &TrainConfig,
) -> Result<(), String> {
    for (i, source) in sources
        .iter()
        .enumerate()
        .filter(|(_, s)| s.group_field.is_some())
    {
        let mut groups: Vec<String> = source
            .load(Split::All)?
            .into_iter()
            .filter_map(|r| r.group)
            .collect();
        groups.sort();
        groups.dedup();
        let mut figures = Vec::new();
        for group in &groups {
            let mut run = sources.to_vec();
            run[i].exclude_group = Some(group.clone());
            run[i].holdout = 0.0;
            let model = fit(base, &run, config, false)?;
            let mut test = source.clone();
            test.only_group = Some(group.clone());
            test.holdout = 0.0;
            let m = measure(&model, &test, Split::All)?;
            println!("left out {group}: {m}");
            figures.push((
                group.clone(),
                m.polarity.or(m.labels.map(|l| l.0)).unwrap_or(0.0),
            ));
        }
        let mean = figures.iter().map(|f| f.1).sum::<f64>() / figures.len().max(1) as f64;
        if let Some(worst) = figures.iter().min_by(|a, b| a.1.total_cmp(&b.1)) {
            println!(
                "{}: worst {:.4} ({}), mean {mean:.4} over {} groups",
                source.path.display(),
                worst.1,
                worst.0,
                figures.len()
            );
        }
    }
    Ok(())
}
