//! Retrains the shipped model from labelled CSV/JSONL files and prints held-out
//! metrics for every input that holds some of its rows out.
//!
//! ```text
//! cargo run --release --example train -- [--corpora DIR] --out data/model.bin
//! cargo run --release --example train -- --out data/model.bin \
//!     --input FILE [--text NAME] [--label NAME] [--map FROM=TO,...] [--weight W] [--holdout F] ...
//!     [--epochs N] [--learning-rate X] [--l2 X] [--hash-bits N] [--seed N]
//! ```
//! Evaluation modes (no model is written):
//! - `--cv K`: K-fold cross-validation over the inputs that have `--holdout`;
//! - `--leave-one-source-out`: for each public corpus (each input with a `--map`; each
//!   group of one with `--group FIELD`, e.g. a product category), train on all other
//!   inputs and test on it; reports the worst and mean polarity accuracy and the mean
//!   emotion macro-F1.
//!
//! Without `--input`, it trains on the shipped model's recipe (`shipped_recipe` in
//! `examples/common/mod.rs`): the public corpora under `--corpora DIR` (default
//! `../shared/data`) and the project's own messages in `data/train/`. That is the
//! exact command that produced `data/model.bin` (`scripts/train.sh`, `data/README.md`). Per-input options are documented in `examples/common/mod.rs`.

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use common::{option, parse_sources, shipped_recipe, Source, Split};
use zh_emotion::metrics::{spearman, ClassConfusion};
use zh_emotion::train::{train, TrainConfig};
use zh_emotion::{Classifier, ClassifierBuilder, LinearModel};

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("train: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
train: retrains the model from labelled CSV/JSONL files and prints held-out metrics
for every input that holds some of its rows out. Without --input it trains on the
shipped model's recipe: the public corpora under --corpora and the project's own
messages in data/train/ (the command that produced data/model.bin).

Usage: train [--corpora DIR] [--out PATH] [OPTIONS]
       train --input FILE [per-input options] ... [--out PATH] [OPTIONS]

Options:
  --corpora DIR           the corpora folder of the shipped recipe, used without
                          --input (default: ../shared/data)
  --out PATH              write the model there (without it, nothing is written)
  --epochs N              training epochs
  --learning-rate X       learning rate
  --l2 X                  L2 penalty
  --hash-bits N           bits of the hashed feature space
  --seed N                seed of the example order
  --cv K                  K-fold cross-validation over the inputs with --holdout (no
                          model is written)
  --leave-one-source-out  for each public corpus (each input with a --map, each group
                          of one with --group), train on the others and test on it (no
                          model is written)
  -h, --help              print this help
  -V, --version           print the version
";

const HELP_END: &str = "
Exit codes: 0 done; 1 a bad argument, an unreadable input or an unwritable output.

Example:
  cargo run --release --example train -- --corpora ../shared/data --out data/model.bin
";

fn run() -> Result<(), String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let d = TrainConfig::default();
    let defaults = format!(
        "Defaults: --epochs {} --learning-rate {} --l2 {} --hash-bits {} --seed {}\n\n",
        d.epochs, d.learning_rate, d.l2, d.hash_bits, d.seed
    );
    cli::help_or_version(
        &args,
        "train",
        &[HELP, &defaults, common::SOURCE_OPTIONS_HELP, HELP_END],
    );
    if !args.iter().any(|a| a == "--input") {
        // No inputs named: the shipped model's recipe, over the corpora folder.
        let corpora = option(&args, "--corpora").unwrap_or_else(|| "../shared/data".into());
        args.extend(shipped_recipe(
            Path::new(&corpora),
            Path::new("data/train"),
        )?);
    }
    let (sources, rest) = parse_sources(&args)?;
    reject_unknown(&rest)?;
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
    if rest.iter().any(|a| a == "--leave-one-source-out") {
        return leave_one_source_out(&base, &sources, &config);
    }

    let model = fit(&base, &sources, &config, true)?;
    eprintln!(
        "intensity coefficients: {:?}",
        model.intensity_coefficients()
    );
    let mut own = Metrics::default();
    for source in sources
        .iter()
        .filter(|s| s.holdout > 0.0 || s.fold.is_some())
    {
        let m = measure(&model, source, Split::Test)?;
        println!("held out of {}: {m}", source.name());
        if source.map.is_empty() && !source.is_rated() {
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

/// The program's own options that take a value, and those that take none.
const VALUE_OPTIONS: &[&str] = &[
    "--corpora",
    "--out",
    "--epochs",
    "--learning-rate",
    "--l2",
    "--hash-bits",
    "--seed",
    "--cv",
];
const FLAG_OPTIONS: &[&str] = &["--leave-one-source-out"];

/// Fails on an argument that is neither a per-input option nor one of the program's
/// own: a misspelt or misplaced option would otherwise be ignored silently, and the
/// model trained on a recipe other than the one written.
fn reject_unknown(rest: &[String]) -> Result<(), String> {
    let mut i = 0;
    while i < rest.len() {
        let arg = rest[i].as_str();
        if VALUE_OPTIONS.contains(&arg) {
            i += 2;
        } else if FLAG_OPTIONS.contains(&arg) {
            i += 1;
        } else {
            return Err(format!("unknown argument {arg:?} (see --help)"));
        }
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
        examples.extend(
            records
                .iter()
                .map(|r| r.to_example(source.weight, source.verdict_weight())),
        );
        if let Some(w) = source.label_weight.filter(|_| source.is_rated()) {
            examples.extend(records.iter().filter_map(|r| r.side_example(w)));
        }
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
    /// Gold class × predicted class, over the classes the source tells apart (our
    /// nine labels for our own files; SMP2020's six; positive and negative).
    classes: ClassConfusion,
    /// Rows with a gold polarity whose polarity sign is right, and how many there are.
    polarity: (usize, usize),
    /// (readers' mean valence, polarity) and (readers' maximum arousal, intensity) of
    /// rated rows, for Spearman correlations.
    valence: (Vec<f64>, Vec<f64>),
    arousal: (Vec<f64>, Vec<f64>),
}

impl Metrics {
    /// Adds another tally (another fold, another source) to this one. Class counts
    /// add up only over the same classes; otherwise only the polarity counts do.
    fn merge(&mut self, other: &Metrics) {
        self.rows += other.rows;
        if !self.classes.merge(&other.classes) {
            self.classes = ClassConfusion::default();
        }
        self.polarity.0 += other.polarity.0;
        self.polarity.1 += other.polarity.1;
        for (mine, theirs) in [
            (&mut self.valence, &other.valence),
            (&mut self.arousal, &other.arousal),
        ] {
            mine.0.extend(&theirs.0);
            mine.1.extend(&theirs.1);
        }
    }

    /// (accuracy, macro-F1) over the source's classes, when it has more than two
    /// (with two, polarity accuracy says it).
    fn labels(&self) -> Option<(f64, f64)> {
        (self.classes.total() > 0 && self.classes.names.len() > 2)
            .then(|| (self.classes.accuracy(), self.classes.macro_f1()))
    }

    fn polarity_accuracy(&self) -> Option<f64> {
        share(self.polarity)
    }
}

/// Prints the figures of all sources in the project's own labels together, if any.
fn print_own_labels(prefix: &str, own: Metrics) {
    if own.rows > 0 {
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
            write!(
                f,
                ", accuracy {acc:.4}, macro-F1 {f1:.4} over {} classes",
                self.classes.names.len()
            )?;
        }
        if let Some(p) = self.polarity_accuracy() {
            write!(f, ", polarity accuracy {p:.4}")?;
        }
        if let Some(r) = spearman(&self.valence.0, &self.valence.1) {
            write!(f, ", Spearman(valence, polarity) {r:.4}")?;
        }
        if let Some(r) = spearman(&self.arousal.0, &self.arousal.1) {
            write!(f, ", Spearman(arousal, intensity) {r:.4}")?;
        }
        Ok(())
    }
}

fn measure(model: &LinearModel, source: &Source, split: Split) -> Result<Metrics, String> {
    let classifier = ClassifierBuilder::new().model(model.clone()).build();
    let test = source.load(split)?;
    let texts: Vec<&str> = test.iter().map(|r| r.text.as_str()).collect();
    let results = classifier.classify_batch(&texts);
    let set = source.classes();
    let mut m = Metrics {
        rows: test.len(),
        classes: ClassConfusion::new(&set),
        ..Metrics::default()
    };
    for (record, result) in test.iter().zip(&results) {
        if let Some(gold) = set.index_of(record.labels()) {
            m.classes.add(gold, set.predict(&result.scores));
        }
        if let Some(v) = record.valence {
            m.valence.0.push(f64::from(v));
            m.valence.1.push(f64::from(result.polarity));
        }
        if let Some(a) = record.arousal {
            m.arousal.0.push(f64::from(a));
            m.arousal.1.push(f64::from(result.intensity));
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

/// k-fold cross-validation over every source: fold i of each (row r is in fold r mod k,
/// as the plain baseline splits) is held out in run i. Prints each fold, then each source's figures over
/// all its folds (every row tested once), then the same for all sources in the
/// project's own labels (those without `--map`) together.
fn cross_validate(
    base: &Classifier,
    sources: &[Source],
    config: &TrainConfig,
    k: usize,
) -> Result<(), String> {
    let held: Vec<usize> = (0..sources.len()).collect();
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
        if sources[i].map.is_empty() && !sources[i].is_rated() {
            own.merge(&pooled[i]);
        }
    }
    print_own_labels(&format!("all {k} folds,"), own);
    Ok(())
}

/// One unit that leave-one-source-out holds out: a whole corpus, or one group of a
/// corpus with `--group` (each product category of a review corpus is a source).
struct HeldOutUnit {
    source: usize,
    group: Option<String>,
}

/// Leave-one-source-out: for each public corpus (every input with a `--map`), and for
/// each group of one with `--group`, trains on everything else (all rows, no holdout)
/// and tests on all of it. Prints a row per unit, then the worst and mean polarity
/// accuracy over the polarity units and the mean macro-F1 over the emotion units.
fn leave_one_source_out(
    base: &Classifier,
    sources: &[Source],
    config: &TrainConfig,
) -> Result<(), String> {
    let mut units = Vec::new();
    for (i, source) in sources.iter().enumerate() {
        if source.map.is_empty() {
            continue; // our own messages: always trained on
        }
        if source.group_field.is_some() {
            let mut groups: Vec<String> = source
                .load(Split::All)?
                .into_iter()
                .filter_map(|r| r.group)
                .collect();
            groups.sort();
            groups.dedup();
            units.extend(groups.into_iter().map(|g| HeldOutUnit {
                source: i,
                group: Some(g),
            }));
        } else {
            units.push(HeldOutUnit {
                source: i,
                group: None,
            });
        }
    }
    let mut polarity_figures = Vec::new();
    let mut emotion_figures = Vec::new();
    for unit in &units {
        let mut run: Vec<Source> = sources
            .iter()
            .map(|s| Source {
                holdout: 0.0,
                ..s.clone()
            })
            .collect();
        match &unit.group {
            Some(g) => run[unit.source].exclude_group = Some(g.clone()),
            None => {
                run.remove(unit.source);
            }
        }
        let model = fit(base, &run, config, false)?;
        let mut test = sources[unit.source].clone();
        test.holdout = 0.0;
        test.only_group = unit.group.clone();
        let m = measure(&model, &test, Split::All)?;
        println!("left out {}: {m}", test.name());
        match (m.labels(), m.polarity_accuracy()) {
            (Some((_, f1)), _) => emotion_figures.push((test.name(), f1)),
            (None, Some(p)) => polarity_figures.push((test.name(), p)),
            (None, None) => {}
        }
    }
    let summary = |what: &str, figures: &[(String, f64)]| {
        let mean = figures.iter().map(|f| f.1).sum::<f64>() / figures.len().max(1) as f64;
        if let Some(worst) = figures.iter().min_by(|a, b| a.1.total_cmp(&b.1)) {
            println!(
                "{what}: worst {:.4} ({}), mean {mean:.4} over {} sources",
                worst.1,
                worst.0,
                figures.len()
            );
        }
    };
    summary("polarity accuracy", &polarity_figures);
    summary("emotion macro-F1", &emotion_figures);
    Ok(())
}
