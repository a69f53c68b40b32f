//! Checks lexicon files and prints their entry counts: every problem, not just the
//! first, so a contributor can fix a file in one pass.
//!
//! ```text
//! cargo run --example lexicon_check -- data/lexicon
//! ```

#[path = "common/cli.rs"]
mod cli;

use std::process::ExitCode;

use zh_emotion::{Emotion, Lexicon};

const HELP: &str = "\
lexicon_check: checks the lexicon files of a folder (LABEL.tsv for each label,
emoji.tsv, modifiers.tsv) and prints every problem, not just the first, then the
entry counts per label.

Usage: lexicon_check [DIR]

Arguments:
  DIR            the lexicon folder (default: data/lexicon)

Options:
  -h, --help     print this help
  -V, --version  print the version

Exit codes: 0 no problem; 1 some problem, or a bad argument.

Example:
  cargo run --example lexicon_check -- data/lexicon
";

/// The folder named on the command line, or the default one.
fn parse_args() -> Result<String, String> {
    let mut dir = None;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            lexopt::Arg::Short('h') | lexopt::Arg::Long("help") => cli::help(HELP),
            lexopt::Arg::Short('V') | lexopt::Arg::Long("version") => cli::version("lexicon_check"),
            lexopt::Arg::Value(v) if dir.is_none() => dir = Some(cli::string(v)?),
            lexopt::Arg::Value(v) => return Err(format!("unexpected argument {v:?}")),
            other => return Err(format!("unknown option {}", cli::written(&other))),
        }
    }
    Ok(dir.unwrap_or_else(|| "data/lexicon".into()))
}

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    let dir = match parse_args() {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("lexicon_check: {e}");
            return ExitCode::FAILURE;
        }
    };
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
