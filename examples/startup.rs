//! Start-up cost and memory: times the first classification in a fresh process
//! (which loads jieba's dictionary, the lexicon and the model) and prints the
//! process's resident memory afterwards.
//!
//! ```text
//! cargo build --release --example startup
//! target/release/examples/startup              # lazy default: loads on first classify
//! target/release/examples/startup --preload    # ClassifierBuilder::preload
//! target/release/examples/startup --parts      # load time of each part, one by one
//! hyperfine -N --warmup 3 'target/release/examples/startup' 'target/release/examples/startup --preload'
//! ```
//! Output: one `name value` pair a line (milliseconds since `main` started, kB of
//! memory from `/proc/self/status`, which is Linux only).

#[path = "common/cli.rs"]
mod cli;

use std::time::Instant;

use zh_emotion::lexicon::Lexicon;
use zh_emotion::segment::Segmenter;
use zh_emotion::{Classifier, LinearModel};

/// About 20 characters: a typical chat message.
const MESSAGE: &str = "快递三天了还没到，急死了！！明天就要用";

const HELP: &str = "\
startup: start-up cost and memory. Times the first classification in a fresh process
(jieba's dictionary, the lexicon and the model load then) and prints the process's
resident memory afterwards, one `name value` pair a line (milliseconds since main
started; kB from /proc/self/status, Linux only).

Usage: startup [--preload | --parts]

Options:
  (none)         the lazy default: the parts load on the first classify call
  --preload      build the classifier with ClassifierBuilder::preload
  --parts        the load time of each part, one by one
  -h, --help     print this help
  -V, --version  print the version

Exit codes: 0 done; 2 a bad argument.

Example:
  cargo build --release --example startup && target/release/examples/startup --preload
";

/// The mode named on the command line: "", "--preload" or "--parts".
fn mode() -> String {
    let mut parser = lexopt::Parser::from_env();
    let mut mode = String::new();
    loop {
        let arg = match parser.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => return mode,
            Err(e) => usage_error(&e.to_string()),
        };
        match arg {
            lexopt::Arg::Short('h') | lexopt::Arg::Long("help") => cli::help(HELP),
            lexopt::Arg::Short('V') | lexopt::Arg::Long("version") => cli::version("startup"),
            lexopt::Arg::Long(name @ ("preload" | "parts")) if mode.is_empty() => {
                mode = format!("--{name}");
            }
            other => usage_error(&cli::written(&other)),
        }
    }
}

fn usage_error(other: &str) -> ! {
    eprintln!("usage: startup [--preload | --parts], not {other:?}");
    std::process::exit(2);
}

fn main() {
    cli::exit_quietly_on_closed_output();
    let start = Instant::now();
    let ms = |t: Instant| t.duration_since(start).as_secs_f64() * 1e3;
    let mode = mode();
    match mode.as_str() {
        "--parts" => {
            let jieba = jieba_rs::Jieba::new();
            let t_jieba = Instant::now();
            println!("jieba_new_alone_ms {:.2}", ms(t_jieba));
            drop(jieba);
            let start = Instant::now();
            let ms = |t: Instant| t.duration_since(start).as_secs_f64() * 1e3;
            let lexicon = Lexicon::embedded();
            let t_lexicon = Instant::now();
            let segmenter = Segmenter::new(&lexicon);
            let t_segmenter = Instant::now();
            let model = LinearModel::embedded();
            let t_model = Instant::now();
            println!("lexicon_ms {:.2}", ms(t_lexicon));
            println!(
                "segmenter_ms {:.2}",
                t_segmenter.duration_since(t_lexicon).as_secs_f64() * 1e3
            );
            println!(
                "model_ms {:.2}",
                t_model.duration_since(t_segmenter).as_secs_f64() * 1e3
            );
            drop((segmenter, model));
        }
        "--preload" | "" => {
            let classifier = if mode == "--preload" {
                Classifier::builder().preload().build()
            } else {
                Classifier::default()
            };
            let t_built = Instant::now();
            let first = classifier.classify(MESSAGE);
            let t_first = Instant::now();
            let second = classifier.classify(MESSAGE);
            let t_second = Instant::now();
            assert_eq!(first, second);
            println!("mode {}", if mode.is_empty() { "lazy" } else { "preload" });
            println!("build_ms {:.2}", ms(t_built));
            println!(
                "first_classify_call_ms {:.2}",
                t_first.duration_since(t_built).as_secs_f64() * 1e3
            );
            println!("first_result_since_main_ms {:.2}", ms(t_first));
            println!(
                "second_classify_call_us {:.1}",
                t_second.duration_since(t_first).as_secs_f64() * 1e6
            );
            println!("emotion {}", first.emotion);
        }
        other => usage_error(other),
    }
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for line in status.lines() {
            if let Some(rest) = line
                .strip_prefix("VmRSS:")
                .or_else(|| line.strip_prefix("VmHWM:"))
            {
                let name = &line[..5];
                println!("{name}_kB {}", rest.trim().trim_end_matches(" kB"));
            }
        }
    }
}
