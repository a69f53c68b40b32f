//! Trains the aspect category head (`data/aspect_head.bin`): a linear model over hashed
//! character uni- and bigrams of a span, giving one of the eleven categories, used where
//! the aspect terms do not decide (see `zh_emotion::aspect`).
//!
//! ```text
//! cargo run --release --example train_aspects -- [--corpora DIR] [--own FILE]
//!     [--out data/aspect_head.bin] [--bits 14] [--epochs 12]
//! ```
//!
//! Training spans, folds 1–4 only (row i of a corpus file is in fold i mod 5; fold 0 is
//! held out for `aspect_eval`):
//! - SIGHAN 2024 dimABSA restaurant sentences: for each opinion with a mapped category,
//!   the clause holding its target words (or, without them, its opinion words);
//! - CCF BDCI 2018 car posts: for each subject with a mapped category, the clause
//!   holding its opinion word;
//! - the project's own customer-service training set (`--own`, repeatable; default
//!   every `*.jsonl` file of `data/train/aspects/`, in name order): each gold aspect's
//!   text, counted three times. With `--skip-fold K`, the own messages whose index (in
//!   the files read one after the other) is K mod 5 are left out, for the
//!   cross-validation of `scripts/aspect_cv.sh`.
//!
//! The biases stay zero: a span without characters the head knows (👍, 唉) gets no
//! category from the corpora's priors, and falls to `general` (chosen by the
//! cross-validation of `scripts/aspect_cv.sh`). Each category's examples weigh `sqrt(N / (11 · n_c))`, so that the categories of
//! customer service that the corpora lack still count. Stochastic gradient descent on
//! the softmax loss, in an order shuffled by a fixed seed: the same inputs always give
//! the same file.

#[path = "common/aspect_corpora.rs"]
mod aspect_corpora;
#[path = "common/cli.rs"]
mod cli;

use aspect_corpora::{bdci_category, dimabsa_category, option, read_jsonl};

use std::path::{Path, PathBuf};

use zh_emotion::aspect::{AspectTerms, CategoryHead};
use zh_emotion::normalize::normalize;
use zh_emotion::AspectCategory;

const HELP: &str = "\
train_aspects: trains the aspect category head from the training folds (1-4) of the
public aspect corpora and the project's own customer-service aspect training set.

Usage: train_aspects [OPTIONS]

Options:
  --corpora DIR   the corpora folder (default: ../shared/data)
  --own FILE      an own training file, repeatable (default: every *.jsonl file
                  of data/train/aspects/, in name order)
  --skip-fold K   leave out the own messages whose index is K mod 5 (0-4)
  --out FILE      where to write the head (default: data/aspect_head.bin)
  --bits N        hash bits of the features (default: 14)
  --epochs N      passes over the examples (default: 12)
  -h, --help      print this help
  -V, --version   print the version

Example:
  cargo run --release --example train_aspects -- --corpora ../shared/data
";

const COUNT: usize = AspectCategory::COUNT;

fn main() {
    cli::exit_quietly_on_closed_output();
    if let Err(e) = run() {
        eprintln!("train_aspects: {e}");
        std::process::exit(1);
    }
}

/// The clause of `text` (between punctuation) holding `word`, if `word` occurs.
fn clause_of<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    if word.is_empty() {
        return None;
    }
    let at = text.find(word)?;
    let is_break = |c: char| "，。！？；,.!?;：:~\n 　…".contains(c);
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_break(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at + word.len()..]
        .find(is_break)
        .map_or(text.len(), |i| at + word.len() + i);
    Some(&text[start..end])
}

struct Example {
    features: Vec<(usize, f32)>,
    label: usize,
    weight: f32,
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        cli::help(HELP);
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        cli::version("train_aspects");
    }
    let corpora =
        PathBuf::from(option(&args, "--corpora").unwrap_or_else(|| "../shared/data".into()));
    let mut own: Vec<PathBuf> = args
        .windows(2)
        .filter(|w| w[0] == "--own")
        .map(|w| PathBuf::from(&w[1]))
        .collect();
    if own.is_empty() {
        let dir = Path::new("data/train/aspects");
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.extension().is_some_and(|x| x == "jsonl") {
                own.push(path);
            }
        }
        own.sort();
    }
    let skip_fold: Option<usize> = option(&args, "--skip-fold")
        .map(|v| v.parse().ok().filter(|k| *k < 5).ok_or("bad --skip-fold"))
        .transpose()?;
    let out =
        PathBuf::from(option(&args, "--out").unwrap_or_else(|| "data/aspect_head.bin".into()));
    let bits: u8 = option(&args, "--bits")
        .map_or(Ok(14), |v| v.parse())
        .map_err(|_| "bad --bits".to_string())?;
    let epochs: usize = option(&args, "--epochs")
        .map_or(Ok(12), |v| v.parse())
        .map_err(|_| "bad --epochs".to_string())?;
    if !(8..=20).contains(&bits) {
        return Err(format!("--bits {bits}: expected 8-20"));
    }

    // (span, category, repeats, the categories of the terms of its message)
    let terms = AspectTerms::embedded();
    let context_of = |text: &str| terms.categories_in(normalize(text).as_str());
    let mut spans: Vec<(String, AspectCategory, usize, [bool; COUNT])> = Vec::new();
    let rows = read_jsonl(&corpora.join("aspect/dimabsa2024_restaurant_train.jsonl"))?;
    for (i, row) in rows.iter().enumerate() {
        if i % 5 == 0 {
            continue;
        }
        let text = row["text"].as_str().unwrap_or_default();
        for o in row["opinions"].as_array().into_iter().flatten() {
            let Some(category) = o["category"].as_str().and_then(dimabsa_category) else {
                continue;
            };
            let target = o["aspect"].as_str().filter(|t| *t != "NULL").unwrap_or("");
            let opinion = o["opinion"].as_str().filter(|t| *t != "NULL").unwrap_or("");
            if let Some(clause) = clause_of(text, target).or_else(|| clause_of(text, opinion)) {
                spans.push((clause.to_string(), category, 1, context_of(text)));
            }
        }
    }
    let dimabsa = spans.len();
    let rows = read_jsonl(&corpora.join("aspect/bdci2018_car_opinions.jsonl"))?;
    for (i, row) in rows.iter().enumerate() {
        if i % 5 == 0 {
            continue;
        }
        let text = row["text"].as_str().unwrap_or_default();
        for o in row["opinions"].as_array().into_iter().flatten() {
            let Some(category) = o["subject"].as_str().and_then(bdci_category) else {
                continue;
            };
            let word = o["word"].as_str().unwrap_or_default();
            if let Some(clause) = clause_of(text, word) {
                spans.push((clause.to_string(), category, 1, context_of(text)));
            }
        }
    }
    let bdci = spans.len() - dimabsa;
    let mut own_rows = Vec::new();
    for path in &own {
        own_rows.extend(read_jsonl(path)?);
    }
    for (r, row) in own_rows.iter().enumerate() {
        if skip_fold == Some(r % 5) {
            continue;
        }
        let context = context_of(row["text"].as_str().unwrap_or_default());
        for a in row["aspects"].as_array().into_iter().flatten() {
            let text = a["text"].as_str().unwrap_or_default();
            let category = a["category"]
                .as_str()
                .ok_or("own aspect without a category")?
                .parse::<AspectCategory>()
                .map_err(|e| e.to_string())?;
            if !text.is_empty() {
                spans.push((text.to_string(), category, 3, context));
            }
        }
    }
    let own_n = spans.len() - dimabsa - bdci;

    let mut per_class = [0usize; COUNT];
    for (_, c, r, _) in &spans {
        per_class[c.index()] += r;
    }
    let total: usize = per_class.iter().sum();
    let class_weight: Vec<f32> = per_class
        .iter()
        .map(|&n| {
            if n == 0 {
                0.0
            } else {
                (total as f32 / (COUNT as f32 * n as f32)).sqrt()
            }
        })
        .collect();
    let mut examples: Vec<Example> = Vec::new();
    for (text, c, repeats, context) in &spans {
        let features = CategoryHead::features_in_context(bits, text, context);
        if features.is_empty() {
            continue;
        }
        for _ in 0..*repeats {
            examples.push(Example {
                features: features.clone(),
                label: c.index(),
                weight: class_weight[c.index()],
            });
        }
    }

    let buckets = 1usize << bits;
    let mut w = vec![0.0f32; buckets * COUNT];
    let bias = [0.0f32; COUNT];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x5eed_a5ec_7000_0001;
    let l2 = 1e-6f32;
    for epoch in 0..epochs {
        // Fisher-Yates with a fixed xorshift generator.
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            order.swap(i, (seed % (i as u64 + 1)) as usize);
        }
        let lr = 0.5 / (1.0 + epoch as f32 * 0.5);
        let mut loss = 0.0f64;
        for &k in &order {
            let ex = &examples[k];
            let mut z = bias;
            for &(b, v) in &ex.features {
                for (c, zc) in z.iter_mut().enumerate() {
                    *zc += w[b * COUNT + c] * v;
                }
            }
            let p = CategoryHead::softmax(z);
            loss -= f64::from(ex.weight) * f64::from(p[ex.label].max(1e-9)).ln();
            for c in 0..COUNT {
                let g = ex.weight * (p[c] - f32::from(u8::from(c == ex.label)));
                for &(b, v) in &ex.features {
                    let wi = &mut w[b * COUNT + c];
                    *wi -= lr * (g * v + l2 * *wi);
                }
            }
        }
        eprintln!(
            "epoch {}: loss {:.4}",
            epoch + 1,
            loss / examples.len().max(1) as f64
        );
    }
    let head = CategoryHead::from_weights(bits, bias, &w).map_err(|e| e.to_string())?;
    let bytes = head.to_bytes();
    // The written head reads back (the quantised weights are what ships).
    CategoryHead::parse(&bytes).map_err(|e| e.to_string())?;
    std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    println!(
        "{} spans (dimABSA {dimabsa}, BDCI {bdci}, own {own_n}), {} examples, {} bytes written to {}",
        spans.len(),
        examples.len(),
        bytes.len(),
        out.display()
    );
    Ok(())
}
