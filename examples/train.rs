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
    let mut own = Metrics::default();
    for source in sources.iter().filter(|s| s.holdout > 0.0) {
        let m = measure(&model, source, Split::Test)?;
        println!("held out of {}: {m}", source.name());
        if source.map.is_empty() {
            own.merge(&m);
        }
    }
    print_own_labels("held out of", own);
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

/// Held-out counts of one source (or several, merged), from which the figures follow.
#[derive(Default)]
struct Metrics {
    rows: usize,
    /// Gold label × prediction, over rows with a single gold label.
    confusion: Confusion,
    /// Rows whose best label among the labels their source uses is right, and how many
    /// rows that was asked of (sources that use fewer than nine labels only).
    restricted: (usize, usize),
    /// Rows with a gold polarity whose polarity sign is right, and how many there are.
    polarity: (usize, usize),
}

impl Metrics {
    /// Adds another tally (another fold, another source) to this one.
    fn merge(&mut self, other: &Metrics) {
        self.rows += other.rows;
        self.confusion.merge(&other.confusion);
        self.restricted.0 += other.restricted.0;
        self.restricted.1 += other.restricted.1;
        self.polarity.0 += other.polarity.0;
        self.polarity.1 += other.polarity.1;
    }

    /// (accuracy, macro-F1) over the nine labels, when the rows have single labels.
    fn labels(&self) -> Option<(f64, f64)> {
        (self.confusion.total() > 0).then(|| (self.confusion.accuracy(), self.confusion.macro_f1()))
    }

    fn polarity_accuracy(&self) -> Option<f64> {
        share(self.polarity)
    }
}

/// Prints the figures of all sources in the project's own labels together, if any.
fn print_own_labels(prefix: &str, mut own: Metrics) {
    if own.rows > 0 {
        own.restricted = (0, 0); // per-source restrictions do not add up to one figure
        println!("{prefix} every source in our own labels: {own}");
    }
}

fn share((right, total): (usize, usize)) -> Option<f64> {
    (total > 0).then(|| right as f64 / total as f64)
}

impl std::fmt::Display for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} rows", self.rows)?;
        if let Some((acc, f1)) = self.labels() {
            write!(f, ", accuracy {acc:.4}, macro-F1 {f1:.4}")?;
        }
        if let Some(acc) = share(self.restricted) {
            write!(f, ", accuracy over its own labels {acc:.4}")?;
        }
        if let Some(p) = self.polarity_accuracy() {
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
    // Restricting to one label would be trivially right, to all nine no restriction.
    let restrict = (2..Emotion::COUNT).contains(&used.iter().filter(|u| **u).count());
    let mut m = Metrics {
        rows: test.len(),
        ..Metrics::default()
    };
    for (record, result) in test.iter().zip(&results) {
        if let Some(gold) = record.gold() {
            m.confusion.add(gold, result.emotion);
            if restrict {
                let best = Emotion::ALL
                    .into_iter()
                    .filter(|e| used[e.index()])
                    .max_by(|a, b| result.scores.get(*a).total_cmp(&result.scores.get(*b)));
                m.restricted.1 += 1;
                if best == Some(gold) {
                    m.restricted.0 += 1;
                }
            }
        }
        let gold_polarity = record.gold_polarity();
        if gold_polarity != 0 {
            m.polarity.1 += 1;
            if (result.polarity > 0.0) == (gold_polarity > 0) {
                m.polarity.0 += 1;
            }
        }
    }
    Ok(m)
}

/// k-fold cross-validation over every source that has a `--holdout`: fold i of each
/// such source is held out in run i. Prints each fold, then each source's figures over
/// all its folds (every row tested once), then the same for all sources in the
/// project's own labels (those without `--map`) together.
fn cross_validate(
    base: &Classifier,
    sources: &[Source],
    config: &TrainConfig,
    k: usize,
) -> Result<(), String> {
    let held: Vec<usize> = (0..sources.len())
        .filter(|&i| sources[i].holdout > 0.0)
        .collect();
    let mut pooled: Vec<Metrics> = (0..sources.len()).map(|_| Metrics::default()).collect();
    for fold in 0..k {
        let mut run = sources.to_vec();
        for &i in &held {
            run[i].fold = Some((fold, k));
        }
        let model = fit(base, &run, config, false)?;
        for &i in &held {
            let m = measure(&model, &run[i], Split::Test)?;
            println!("fold {}/{k} {}: {m}", fold + 1, run[i].name());
            pooled[i].merge(&m);
        }
    }
    let mut own = Metrics::default();
    for &i in &held {
        println!("all {k} folds, {}: {}", sources[i].name(), pooled[i]);
        if sources[i].map.is_empty() {
            own.merge(&pooled[i]);
        }
    }
    print_own_labels(&format!("all {k} folds,"), own);
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
                m.polarity_accuracy()
                    .or(m.labels().map(|l| l.0))
                    .unwrap_or(0.0),
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
