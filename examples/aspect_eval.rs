//! Measures the aspects of the results on public aspect corpora and on the project's own
//! customer-service aspect set.
//!
//! ```text
//! cargo run --release --example aspect_eval -- [--corpora DIR] [--folds held-out|training]
//!     [--own tests/data/aspects_customer.jsonl]
//! ```
//!
//! Row i of a corpus file is in fold i mod 5. Fold 0 is held out: no aspect term, rule or
//! weight comes from it, and the figures reported are measured on it (`--folds held-out`,
//! the default). `--folds training` measures on folds 1–4, the folds used to build and
//! tune the aspects.
//!
//! - SIGHAN 2024 dimABSA (restaurant sentences; `aspect/dimabsa2024_restaurant_train.jsonl`):
//!   the share of gold aspect terms (those that occur in the sentence) that lie inside an
//!   output aspect's span; for those, the polarity agreement with the opinion's valence
//!   (below 4.5 negative, above 5.5 positive, in between skipped), the accuracy of the
//!   category (gold mapped as in the crate docs), and the Spearman correlation of the
//!   aspect's intensity with the opinion's arousal.
//! - CCF BDCI 2018 (car posts; `aspect/bdci2018_car_opinions.jsonl`): for subjects with a
//!   non-zero sentiment, the share with an output aspect of the mapped category, and for
//!   those the sign accuracy of the strongest such aspect's polarity.
//! - `--own FILE`: messages with gold aspects (`text`, `category`, `polarity`); a gold
//!   aspect is matched by the output aspect that overlaps its text most; category F1
//!   macro-averaged over the categories of the matched aspects, and polarity accuracy.

#[path = "common/aspect_corpora.rs"]
mod aspect_corpora;
#[path = "common/cli.rs"]
mod cli;

use aspect_corpora::{bdci_category, dimabsa_category, option, read_jsonl};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const HELP: &str = "\
aspect_eval: measures the aspects of the results on the public aspect corpora (SIGHAN
2024 dimABSA restaurant sentences, CCF BDCI 2018 car posts; fold 0 held out) and on a
file of messages with gold aspects.

Usage: aspect_eval [OPTIONS]

Options:
  --corpora DIR      the corpora folder (default: ../shared/data)
  --folds WHICH      held-out (fold 0, the default) or training (folds 1-4)
  --model FILE       a model written by the train program instead of the embedded one
  --own FILE         also measure the messages of FILE (JSONL with gold aspects)
  --misses N         print up to N missed gold aspects (dimABSA, BDCI and the
                     messages of --own, with their category and polarity errors)
  --confusion        print the category confusion of dimABSA
  -h, --help         print this help
  -V, --version      print the version

Example:
  cargo run --release --example aspect_eval -- --own tests/data/aspects_customer.jsonl
";

use serde_json::Value;
use zh_emotion::{Aspect, AspectCategory, Classifier};

fn main() {
    cli::exit_quietly_on_closed_output();
    if let Err(e) = run() {
        eprintln!("aspect_eval: {e}");
        std::process::exit(1);
    }
}

/// Spearman's correlation (the crate's), NaN when it is undefined.
fn spearman(x: &[f64], y: &[f64]) -> f64 {
    zh_emotion::metrics::spearman(x, y).unwrap_or(f64::NAN)
}

fn share(n: usize, d: usize) -> String {
    if d == 0 {
        "n/a".to_string()
    } else {
        format!("{:.3} ({n}/{d})", n as f64 / d as f64)
    }
}

fn in_folds(i: usize, held_out: bool) -> bool {
    (i % 5 == 0) == held_out
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "-h" || a == "--help") {
        cli::help(HELP);
    }
    if args.iter().any(|a| a == "-V" || a == "--version") {
        cli::version("aspect_eval");
    }
    let corpora =
        PathBuf::from(option(&args, "--corpora").unwrap_or_else(|| "../shared/data".into()));
    let held_out = match option(&args, "--folds").as_deref() {
        None | Some("held-out") => true,
        Some("training") => false,
        Some(other) => return Err(format!("--folds {other}: expected held-out or training")),
    };
    let mut builder = Classifier::builder().aspects(true).preload();
    if let Some(path) = option(&args, "--model") {
        builder = builder
            .model_file(&path)
            .map_err(|e| format!("{path}: {e}"))?;
    }
    let classifier = builder.build();
    println!(
        "folds: {}",
        if held_out {
            "0 (held out)"
        } else {
            "1-4 (training)"
        }
    );

    // dimABSA.
    let rows = read_jsonl(&corpora.join("aspect/dimabsa2024_restaurant_train.jsonl"))?;
    let (mut gold, mut covered, mut pol_n, mut pol_ok, mut cat_ok) = (0, 0, 0, 0, 0);
    let (mut intensities, mut arousals) = (Vec::new(), Vec::new());
    let mut strengths = Vec::new();
    let mut show_misses: usize = option(&args, "--misses")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let mut confusion: BTreeMap<(AspectCategory, AspectCategory), usize> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        if !in_folds(i, held_out) {
            continue;
        }
        let text = row["text"].as_str().unwrap_or_default();
        let result = classifier.classify(text);
        for o in row["opinions"].as_array().into_iter().flatten() {
            let term = o["aspect"].as_str().unwrap_or_default();
            let Some(category) = o["category"].as_str().and_then(dimabsa_category) else {
                continue;
            };
            let Some(at) = (term != "NULL" && !term.is_empty())
                .then(|| text.find(term))
                .flatten()
            else {
                continue;
            };
            gold += 1;
            let Some(aspect) = result
                .aspects
                .iter()
                .find(|a| a.start <= at && at + term.len() <= a.end)
            else {
                if show_misses > 0 {
                    show_misses -= 1;
                    let spans: Vec<&str> = result.aspects.iter().map(|a| a.text.as_str()).collect();
                    println!("  miss {term} in {text} {spans:?}");
                }
                continue;
            };
            covered += 1;
            let valence = o["valence"].as_f64().unwrap_or(5.0);
            if !(4.5..=5.5).contains(&valence) {
                pol_n += 1;
                pol_ok += usize::from(
                    (valence > 5.5) == (aspect.polarity > 0.0) && aspect.polarity != 0.0,
                );
            }
            cat_ok += usize::from(aspect.category == category);
            *confusion.entry((category, aspect.category)).or_default() += 1;
            intensities.push(f64::from(aspect.intensity));
            strengths.push(f64::from(aspect.polarity.abs()));
            arousals.push(o["arousal"].as_f64().unwrap_or(5.0));
        }
    }
    println!("dimABSA restaurant");
    println!("  gold terms inside an aspect   {}", share(covered, gold));
    println!("  polarity agrees with valence  {}", share(pol_ok, pol_n));
    println!("  category right                {}", share(cat_ok, covered));
    println!(
        "  Spearman(intensity, arousal)  {:.3} (n={})",
        spearman(&intensities, &arousals),
        intensities.len()
    );
    if args.iter().any(|a| a == "--confusion") {
        for w in [0.25, 0.5, 0.75, 1.0] {
            let mix: Vec<f64> = intensities
                .iter()
                .zip(&strengths)
                .map(|(i, s)| (1.0 - w) * i + w * s)
                .collect();
            println!(
                "    Spearman with {w}·|polarity| + {}·intensity: {:.3}",
                1.0 - w,
                spearman(&mix, &arousals)
            );
        }
        for ((g, p), n) in &confusion {
            if g != p {
                println!("    {g} -> {p}: {n}");
            }
        }
    }

    // BDCI.
    let rows = read_jsonl(&corpora.join("aspect/bdci2018_car_opinions.jsonl"))?;
    let (mut subjects, mut found, mut sign_ok, mut located_ok) = (0, 0, 0, 0);
    show_misses = option(&args, "--misses")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for (i, row) in rows.iter().enumerate() {
        if !in_folds(i, held_out) {
            continue;
        }
        let text = row["text"].as_str().unwrap_or_default();
        let mut result = None;
        for o in row["opinions"].as_array().into_iter().flatten() {
            let sentiment = o["sentiment"].as_i64().unwrap_or(0);
            let Some(category) = o["subject"].as_str().and_then(bdci_category) else {
                continue;
            };
            if sentiment == 0 {
                continue;
            }
            subjects += 1;
            let result = result.get_or_insert_with(|| classifier.classify(text));
            let strongest = result
                .aspects
                .iter()
                .filter(|a| a.category == category)
                .max_by(|a, b| a.polarity.abs().total_cmp(&b.polarity.abs()));
            if strongest.is_none() && show_misses > 0 {
                show_misses -= 1;
                let spans: Vec<String> = result
                    .aspects
                    .iter()
                    .map(|a| format!("{}:{}", a.category, a.text))
                    .collect();
                println!("  miss {category} ({}) in {text} {spans:?}", o["word"]);
            }
            if let Some(a) = strongest {
                found += 1;
                let right = |a: &Aspect| (a.polarity > 0.0) == (sentiment > 0) && a.polarity != 0.0;
                sign_ok += usize::from(right(a));
                // The located reading: the strongest aspect of the category that holds
                // the subject's name, else its opinion word, else the strongest.
                let holds = |needle: &str| {
                    result
                        .aspects
                        .iter()
                        .filter(|a| a.category == category)
                        .filter(|a| !needle.is_empty() && a.text.contains(needle))
                        .max_by(|a, b| a.polarity.abs().total_cmp(&b.polarity.abs()))
                };
                let subject = o["subject"].as_str().unwrap_or_default();
                let word = o["word"].as_str().unwrap_or_default();
                let l = holds(subject).or_else(|| holds(word)).unwrap_or(a);
                let located_right = right(l);
                located_ok += usize::from(located_right);
                if !located_right && show_misses > 0 {
                    show_misses -= 1;
                    let (p, t) = (l.polarity, &l.text);
                    println!("  sign {category} gold {sentiment} got {p:.2} {t:?} in {text}");
                }
            }
        }
    }
    println!("BDCI car opinions");
    println!(
        "  subjects with an aspect of the category  {}",
        share(found, subjects)
    );
    println!(
        "  polarity sign right                      {}",
        share(sign_ok, found)
    );
    println!(
        "  sign right, the aspect that names it     {}",
        share(located_ok, found)
    );

    if let Some(own) = option(&args, "--own") {
        let misses = option(&args, "--misses")
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        own_set(&classifier, &PathBuf::from(own), misses)?;
    }
    Ok(())
}

fn gold_polarity(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => match s.as_str() {
            "positive" => Some(1.0),
            "negative" => Some(-1.0),
            "neutral" => Some(0.0),
            other => other.parse().ok(),
        },
        _ => None,
    }
}

fn own_set(classifier: &Classifier, path: &Path, mut misses: usize) -> Result<(), String> {
    let rows = read_jsonl(path)?;
    let (mut gold, mut matched, mut pol_n, mut pol_ok) = (0, 0, 0, 0);
    let mut pairs: Vec<(AspectCategory, AspectCategory)> = Vec::new();
    let mut extra = 0;
    let mut factual = (0, 0); // messages without gold aspects, of them without output aspects
    for row in &rows {
        let text = row["text"].as_str().unwrap_or_default();
        let result = classifier.classify(text);
        let golds = row["aspects"].as_array().cloned().unwrap_or_default();
        if golds.is_empty() {
            factual.0 += 1;
            factual.1 += usize::from(result.aspects.is_empty());
        }
        let mut used = vec![false; result.aspects.len()];
        for g in &golds {
            let span = g["text"].as_str().unwrap_or_default();
            let Some(category) = g["category"].as_str().and_then(|c| c.parse().ok()) else {
                continue;
            };
            gold += 1;
            let Some(at) = (!span.is_empty()).then(|| text.find(span)).flatten() else {
                continue;
            };
            let overlap = |a: &Aspect| {
                let (s, e) = (a.start.max(at), a.end.min(at + span.len()));
                e.saturating_sub(s)
            };
            let best = (0..result.aspects.len())
                .filter(|&k| overlap(&result.aspects[k]) > 0)
                .max_by_key(|&k| overlap(&result.aspects[k]));
            let Some(k) = best else {
                if misses > 0 {
                    misses -= 1;
                    let spans: Vec<&str> = result.aspects.iter().map(|a| a.text.as_str()).collect();
                    println!("  own miss {span} in {text} {spans:?}");
                }
                continue;
            };
            used[k] = true;
            matched += 1;
            let a = &result.aspects[k];
            pairs.push((category, a.category));
            if a.category != category && misses > 0 {
                misses -= 1;
                println!(
                    "  own category {category} -> {} {span} (output {})",
                    a.category, a.text
                );
            }
            if let Some(p) = gold_polarity(&g["polarity"]).filter(|p| *p != 0.0) {
                pol_n += 1;
                let ok = (p > 0.0) == (a.polarity > 0.0) && a.polarity != 0.0;
                pol_ok += usize::from(ok);
                if !ok && misses > 0 {
                    misses -= 1;
                    println!(
                        "  own polarity {p} -> {:.2} {span} (output {})",
                        a.polarity, a.text
                    );
                }
            }
        }
        extra += used.iter().filter(|u| !**u).count();
    }
    let mut f1s = Vec::new();
    for c in AspectCategory::ALL {
        let tp = pairs.iter().filter(|(g, p)| *g == c && *p == c).count() as f64;
        let gold_c = pairs.iter().filter(|(g, _)| *g == c).count() as f64;
        let pred_c = pairs.iter().filter(|(_, p)| *p == c).count() as f64;
        if gold_c == 0.0 && pred_c == 0.0 {
            continue;
        }
        let f1 = if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (gold_c + pred_c)
        };
        println!("    {:<12} F1 {:.3} (gold {gold_c})", c.id(), f1);
        f1s.push(f1);
    }
    println!("own set {}", path.display());
    println!(
        "  gold aspects matched by an output aspect  {}",
        share(matched, gold)
    );
    println!(
        "  category F1, macro over {} categories     {:.3}",
        f1s.len(),
        f1s.iter().sum::<f64>() / f1s.len().max(1) as f64
    );
    println!(
        "  aspect polarity right                    {}",
        share(pol_ok, pol_n)
    );
    println!("  output aspects matching no gold aspect   {extra}");
    println!(
        "  messages without gold aspects and without output aspects {}",
        share(factual.1, factual.0)
    );
    Ok(())
}
