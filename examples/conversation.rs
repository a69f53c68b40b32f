//! Analyses conversations: reads JSONL, one conversation a line,
//! `{"id": ..., "turns": [{"role": "customer"|"agent", "text": ...}, ...]}`, from a file
//! or from standard input, and writes one JSON result a line: the trajectory and the
//! turn where it changed, the peak, the final state, whether to escalate (and why), the
//! predicted satisfaction (-2 to 2) and dissatisfaction risk (0 to 1) of the whole
//! conversation, and each customer turn's emotion, intensity and escalation. With
//! `--aspects` the turns are classified with their aspects, and each result also says
//! what the customer was unhappy about (`unhappy_about`: one entry per aspect category,
//! worst first, with its count, turns and worst span) and the advice for the worst
//! complaint whose category has its own (`category_advice`: its id, or null).
//!
//! ```text
//! cargo run --example conversation -- data/samples/conversations.jsonl
//! cat conversations.jsonl | cargo run --example conversation
//! cargo run --example conversation -- --aspects data/samples/conversations.jsonl
//! ```
//! A line that cannot be read gives `{"error": "...", "line": N}` on that output line;
//! blank lines are skipped. The exit status is 1 when some line was bad. On a terminal
//! (and without `CI` set), a progress line on stderr counts the conversations done once
//! there are 5,000 of them; `--quiet` turns it off.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/progress.rs"]
mod progress;

use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use serde::Deserialize;
use serde_json::{json, Value};
use zh_emotion::conversation::{analyse, ConversationResult, Turn};
use zh_emotion::guidance;
use zh_emotion::ClassifierBuilder;

#[derive(Deserialize)]
struct Conversation {
    #[serde(default)]
    id: Value,
    turns: Vec<Turn>,
}

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("conversation: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
conversation: analyses customer-service conversations, one JSON result a line: the
trajectory and the turn where it changed, the peak and final state, whether to
escalate (and why), the predicted satisfaction (-2 to 2), the dissatisfaction risk
(0 to 1), the guidance, and each customer turn's emotion, intensity and escalation.

Usage: conversation [FILE|-] [OPTIONS]

Arguments:
  FILE|-         JSONL, one conversation a line: {\"id\": ..., \"turns\": [{\"role\":
                 \"customer\"|\"agent\", \"text\": ...}, ...]}; standard input when
                 absent or `-`

Options:
  --aspects      also say what the customer was unhappy about: unhappy_about, one
                 entry per aspect category of the negative aspects of the customer
                 turns (category, count, first_turn, worst_turn, text, polarity),
                 worst first, and category_advice, the id of the advice for the
                 worst of them whose category has one
  --quiet        no progress line on stderr (it is shown only on a terminal, without
                 CI set, once 5,000 conversations are done)
  -h, --help     print this help
  -V, --version  print the version

A line that cannot be read gives {\"error\": ..., \"line\": N}; blank lines are
skipped. Exit codes: 0 done; 1 some line was bad, or a bad argument or unreadable file.

Example:
  cargo run --example conversation -- data/samples/conversations.jsonl
  cargo run --example conversation -- --aspects data/samples/conversations.jsonl
";

struct Options {
    input: Option<String>,
    quiet: bool,
    aspects: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        input: None,
        quiet: false,
        aspects: false,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        use lexopt::Arg::{Long, Short, Value};
        match arg {
            Long("quiet") => options.quiet = true,
            Long("aspects") => options.aspects = true,
            Short('h') | Long("help") => cli::help(HELP),
            Short('V') | Long("version") => cli::version("conversation"),
            Value(v) if options.input.is_none() => options.input = Some(cli::string(v)?),
            Value(v) => return Err(format!("unexpected argument {v:?}")),
            other => return Err(format!("unknown option {}", cli::written(&other))),
        }
    }
    Ok(options)
}

fn run() -> Result<bool, String> {
    let options = parse_args()?;
    let input: Box<dyn BufRead> = match options.input.as_deref() {
        None | Some("-") => Box::new(std::io::stdin().lock()),
        Some(path) => Box::new(std::io::BufReader::new(
            std::fs::File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?,
        )),
    };
    let classifier = ClassifierBuilder::new().aspects(options.aspects).build();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut all_good = true;
    let mut progress = progress::Progress::new("conversation", "conversations", options.quiet);
    let mut done = 0;
    for (i, line) in input.split(b'\n').enumerate() {
        let line_no = i + 1;
        let value = match line {
            Err(e) => return Err(format!("read error at line {line_no}: {e}")),
            Ok(bytes) => match String::from_utf8(bytes) {
                Err(e) => {
                    let position = e.utf8_error().valid_up_to();
                    Err(format!("invalid UTF-8 at byte {position}"))
                }
                Ok(text) if text.trim().is_empty() => continue,
                Ok(text) => serde_json::from_str::<Conversation>(text.trim_end_matches('\r'))
                    .map_err(|e| format!("bad conversation: {e}"))
                    .map(|c| summary(&c.id, &analyse(&classifier, &c.turns), options.aspects)),
            },
        };
        let value = value.unwrap_or_else(|error| {
            all_good = false;
            json!({"line": line_no, "error": error})
        });
        writeln!(out, "{value}").map_err(|e| format!("write error: {e}"))?;
        done += 1;
        progress.update(done);
    }
    out.flush().map_err(|e| format!("write error: {e}"))?;
    Ok(all_good)
}

fn round(x: f32) -> f64 {
    (f64::from(x) * 1000.0).round() / 1000.0
}

fn summary(id: &Value, r: &ConversationResult, aspects: bool) -> Value {
    let state = |s: &Option<zh_emotion::conversation::TurnState>| match s {
        Some(s) => json!({
            "turn": s.turn,
            "emotion": s.emotion,
            "intensity": round(s.intensity),
            "negativity": round(s.negativity),
        }),
        None => Value::Null,
    };
    let advice = if r.escalate {
        let kinds: Vec<_> = r.reasons.iter().map(|t| t.reason.kind).collect();
        guidance::for_escalation(&kinds)
    } else {
        match r.turns.last() {
            Some(t) => guidance::for_emotion(t.result.emotion),
            None => guidance::for_emotion(zh_emotion::Emotion::Neutral),
        }
    };
    let mut value = json!({
        "id": id,
        "trajectory": r.trajectory,
        "changed_at": r.changed_at,
        "peak": state(&r.peak),
        "final": state(&r.final_state),
        "escalate": r.escalate,
        "rising": r.rising,
        "escalation_reasons": r.reasons,
        "satisfaction": round(r.satisfaction),
        "dissatisfaction_risk": round(r.dissatisfaction_risk),
        "guidance": advice.id,
        "turns": r.turns.iter().map(|t| json!({
            "turn": t.turn,
            "emotion": t.result.emotion,
            "intensity": round(t.result.intensity),
            "negativity": round(t.negativity),
            "escalate": t.result.escalation.escalate,
        })).collect::<Vec<_>>(),
    });
    if aspects {
        let advice = r
            .unhappy_about
            .iter()
            .find_map(|c| guidance::for_category(c.category))
            .map(|a| a.id);
        let complaints: Vec<Value> = r
            .unhappy_about
            .iter()
            .map(|c| {
                json!({
                    "category": c.category,
                    "count": c.count,
                    "first_turn": c.first_turn,
                    "worst_turn": c.worst_turn,
                    "text": c.text,
                    "polarity": round(c.polarity),
                })
            })
            .collect();
        value["unhappy_about"] = complaints.into();
        value["category_advice"] = advice.into();
    }
    value
}
