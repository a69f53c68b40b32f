//! Checks lexicon files and prints their entry counts: every problem, not just the
//! first, so a contributor can fix a file in one pass.
//!
//! ```text
//! cargo run --example lexicon_check -- data/lexicon
//! ```

use std::process::ExitCode;

use zh_emotion::{Emotion, Lexicon};

fn main() -> ExitCode {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/lexicon".into());
    let mut lexicon = Lexicon::empty();
    let mut problems = 0;
    let mut report = |result: Result<(), zh_emotion::Error>| {
        if let Err(e) = result {
            println!("{e}");
            problems += 1;
        }
    };
    for label in Emotion::ALL {
        let path = format!("{dir}/{}.tsv", label.id());
        let text = std::fs::read_to_string(&path).map_err(|e| {
            println!("cannot read {path}: {e}");
        });
        let text = text.unwrap_or_default();
        // One line at a time, so that one bad line does not hide the next.
        for (i, line) in text.lines().enumerate() {
            let padded = "\n".repeat(i) + line;
            report(lexicon.load_label_file(&path, label, &padded));
        }
    }
    for (file, modifiers) in [("emoji.tsv", false), ("modifiers.tsv", true)] {
        let path = format!("{dir}/{file}");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            println!("cannot read {path}: {e}");
            String::new()
        });
        for (i, line) in text.lines().enumerate() {
            let padded = "\n".repeat(i) + line;
            if modifiers {
                report(lexicon.load_modifiers(&path, &padded));
            } else {
                report(lexicon.load_tsv(&path, &padded));
            }
        }
    }
    for label in Emotion::ALL {
        let n = lexicon
            .iter()
            .filter(|(_, info)| info.emotions.iter().any(|(e, _)| *e == label))
            .count();
        println!("{:<15} {n}", label.id());
    }
    println!(
        "distinct words {}, emotion entries {}",
        lexicon.len(),
        lexicon.emotion_entry_count()
    );
    if problems > 0 {
        println!("{problems} problems");
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
