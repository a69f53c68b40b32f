//! Classifies a file of messages and prints one JSON object per input line.
//!
//! ```text
//! cargo run --release --example classify -- [FILE|-] [--format lines|jsonl|csv] [--column NAME]
//!                                           [--on-invalid skip|fail] [--max-line-bytes N]
//! ```
//! Each object has `text`, `emotion`, `intensity`, `polarity`, `scores` (all nine
//! labels), `evidence`, `escalate` and `escalation_reasons`.
//!
//! - `lines` (default): one message per line, UTF-8. A UTF-8 byte-order mark and CRLF
//!   line ends are accepted; an empty line gives the neutral result.
//! - `jsonl`: one JSON object per line with a `"text"` field; the other fields are
//!   copied to the output.
//! - `csv`: a CSV file with a header; `--column NAME` names the message column
//!   (default `text`); the other columns are copied to the output.
//!
//! Every input line (or CSV record) gives exactly one output line, in order. A line
//! that cannot be classified (invalid UTF-8, bad JSON, no text field) gives
//! `{"line": N, "error": "..."}` and a note on stderr; with `--on-invalid fail` the
//! program stops there with exit code 1 instead. Lines longer than
//! `--max-line-bytes` (default 1 MiB) are classified on their first part and marked
//! `"truncated": true`, so memory stays bounded. A summary goes to stderr at the end.

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;

use serde_json::{json, Map, Value};
use zh_emotion::{Classifier, EmotionResult};

/// Lines classified together (in parallel) before their output is written.
const CHUNK: usize = 2048;

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Lines,
    Jsonl,
    Csv,
}

struct Options {
    input: Option<String>,
    format: Format,
    column: String,
    fail_on_invalid: bool,
    max_line_bytes: usize,
}

/// One input unit, ready to classify or already failed.
enum Item {
    Message {
        text: String,
        fields: Map<String, Value>,
        truncated: bool,
    },
    Invalid {
        reason: String,
    },
}

#[derive(Default)]
struct Summary {
    classified: usize,
    invalid: Vec<(usize, String)>,
    truncated: Vec<usize>,
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("classify: {e}");
            ExitCode::from(2)
        }
    }
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        input: None,
        format: Format::Lines,
        column: "text".into(),
        fail_on_invalid: false,
        max_line_bytes: 1 << 20,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--format" => {
                options.format = match value("--format")?.as_str() {
                    "lines" | "text" => Format::Lines,
                    "jsonl" => Format::Jsonl,
                    "csv" => Format::Csv,
                    other => return Err(format!("unknown --format {other:?} (lines, jsonl, csv)")),
                }
            }
            "--column" => options.column = value("--column")?,
            "--on-invalid" => {
                options.fail_on_invalid = match value("--on-invalid")?.as_str() {
                    "skip" => false,
                    "fail" => true,
                    other => return Err(format!("unknown --on-invalid {other:?} (skip, fail)")),
                }
            }
            "--max-line-bytes" => {
                let v = value("--max-line-bytes")?;
                options.max_line_bytes = v.parse().ok().filter(|n| *n > 0).ok_or(format!("bad --max-line-bytes {v}"))?;
            }
            "-h" | "--help" => {
                return Err("usage: classify [FILE|-] [--format lines|jsonl|csv] [--column NAME] [--on-invalid skip|fail] [--max-line-bytes N]".into())
            }
            _ if options.input.is_none() && (arg == "-" || !arg.starts_with("--")) => options.input = Some(arg),
            other => return Err(format!("unexpected argument {other:?}")),
        }
    }
    Ok(options)
}

fn run() -> Result<ExitCode, String> {
    let options = parse_args()?;
    let reader: Box<dyn Read> = match options.input.as_deref() {
        None | Some("-") => Box::new(io::stdin()),
        Some(path) => Box::new(File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?),
    };
    let reader = BufReader::with_capacity(1 << 16, reader);
    let mut input = Input::open(reader, &options)?;
    let classifier = Classifier::default();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut summary = Summary::default();
    let mut line_no = 0usize;
    let mut done = false;
    while !done {
        let mut chunk: Vec<(usize, Item)> = Vec::with_capacity(CHUNK);
        while chunk.len() < CHUNK {
            match input.next_item(&options)? {
                Some(item) => {
                    line_no += 1;
                    chunk.push((line_no, item));
                }
                None => {
                    done = true;
                    break;
                }
            }
        }
        let texts: Vec<&str> = chunk
            .iter()
            .map(|(_, item)| match item {
                Item::Message { text, .. } => text.as_str(),
                Item::Invalid { .. } => "",
            })
            .collect();
        let results = classifier.classify_batch(&texts);
        for ((line, item), result) in chunk.into_iter().zip(results) {
            let object = match item {
                Item::Message {
                    text,
                    fields,
                    truncated,
                } => {
                    summary.classified += 1;
                    if truncated || result.truncated {
                        summary.truncated.push(line);
                    }
                    output(text, fields, &result, truncated)
                }
                Item::Invalid { reason } => {
                    eprintln!("classify: line {line}: {reason}");
                    if options.fail_on_invalid {
                        out.flush().map_err(|e| e.to_string())?;
                        return Ok(ExitCode::from(1));
                    }
                    summary.invalid.push((line, reason.clone()));
                    json!({"line": line, "error": reason})
                }
            };
            serde_json::to_writer(&mut out, &object).map_err(|e| e.to_string())?;
            out.write_all(b"\n").map_err(|e| e.to_string())?;
        }
    }
    out.flush().map_err(|e| e.to_string())?;
    report(&summary, line_no);
    Ok(ExitCode::SUCCESS)
}

/// Where the items come from.
enum Input {
    Lines {
        reader: BufReader<Box<dyn Read>>,
        buf: Vec<u8>,
        first: bool,
    },
    Csv {
        reader: csv::Reader<BufReader<Box<dyn Read>>>,
        names: Vec<String>,
        column: usize,
    },
}

impl Input {
    fn open(reader: BufReader<Box<dyn Read>>, options: &Options) -> Result<Self, String> {
        if options.format != Format::Csv {
            return Ok(Input::Lines {
                reader,
                buf: Vec::new(),
                first: true,
            });
        }
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
        let headers = reader
            .byte_headers()
            .map_err(|e| format!("CSV header: {e}"))?
            .clone();
        let column = headers
            .iter()
            .position(|h| strip_bom(h) == options.column.as_bytes())
            .ok_or_else(|| format!("CSV has no column {:?}", options.column))?;
        let names = headers
            .iter()
            .map(|h| String::from_utf8_lossy(strip_bom(h)).into_owned())
            .collect();
        Ok(Input::Csv {
            reader,
            names,
            column,
        })
    }

    /// The next item, or `None` at the end of the input.
    fn next_item(&mut self, options: &Options) -> Result<Option<Item>, String> {
        match self {
            Input::Csv {
                reader,
                names,
                column,
            } => {
                let mut record = csv::ByteRecord::new();
                match reader.read_byte_record(&mut record) {
                    Ok(false) => Ok(None),
                    Ok(true) => Ok(Some(csv_item(&record, names, *column))),
                    // A CSV syntax error cannot be resynchronised reliably: stop with it.
                    Err(e) => Err(format!("CSV: {e}")),
                }
            }
            Input::Lines { reader, buf, first } => {
                let (read, truncated) = read_line(reader, buf, options.max_line_bytes)
                    .map_err(|e| format!("read error: {e}"))?;
                if read == 0 {
                    return Ok(None);
                }
                if *first && buf.starts_with(b"\xEF\xBB\xBF") {
                    buf.drain(..3);
                }
                *first = false;
                Ok(Some(line_item(buf, truncated, options.format)))
            }
        }
    }
}

/// Reads one line into `buf` (without its `\n` or `\r\n`), keeping at most `max`
/// bytes and skipping the rest of a longer line. Returns the bytes consumed and
/// whether the line was cut.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    buf.clear();
    let mut consumed = 0;
    let mut truncated = false;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            break;
        }
        let (piece, found) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..i], Some(i)),
            None => (available, None),
        };
        let room = max.saturating_sub(buf.len());
        if piece.len() > room {
            truncated = true;
        }
        buf.extend_from_slice(&piece[..piece.len().min(room)]);
        let used = found.map_or(available.len(), |i| i + 1);
        consumed += used;
        reader.consume(used);
        if found.is_some() {
            break;
        }
    }
    if buf.last() == Some(&b'\r') && !truncated {
        buf.pop();
    }
    if truncated {
        // Cut back to a character boundary so that a multi-byte character split by
        // the limit does not read as invalid UTF-8.
        if let Err(e) = std::str::from_utf8(buf) {
            if e.error_len().is_none() {
                buf.truncate(e.valid_up_to());
            }
        }
    }
    Ok((consumed, truncated))
}

fn line_item(bytes: &[u8], truncated: bool, format: Format) -> Item {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Item::Invalid {
                reason: format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
            }
        }
    };
    if format == Format::Lines {
        return Item::Message {
            text: text.to_string(),
            fields: Map::new(),
            truncated,
        };
    }
    if truncated {
        return Item::Invalid {
            reason: "JSON line longer than --max-line-bytes".into(),
        };
    }
    if text.trim().is_empty() {
        return Item::Message {
            text: String::new(),
            fields: Map::new(),
            truncated,
        };
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(mut fields)) => match fields.remove("text") {
            Some(Value::String(text)) => Item::Message {
                text,
                fields,
                truncated,
            },
            Some(_) => Item::Invalid {
                reason: "\"text\" is not a string".into(),
            },
            None => Item::Invalid {
                reason: "no \"text\" field".into(),
            },
        },
        Ok(_) => Item::Invalid {
            reason: "not a JSON object".into(),
        },
        Err(e) => Item::Invalid {
            reason: format!("bad JSON: {e}"),
        },
    }
}

fn csv_item(record: &csv::ByteRecord, names: &[String], column: usize) -> Item {
    let Some(raw) = record.get(column) else {
        return Item::Invalid {
            reason: "record has no such column".into(),
        };
    };
    let text = match std::str::from_utf8(raw) {
        Ok(t) => t.to_string(),
        Err(e) => {
            return Item::Invalid {
                reason: format!("invalid UTF-8 at byte {} of the field", e.valid_up_to()),
            }
        }
    };
    let mut fields = Map::new();
    for (i, (name, value)) in names.iter().zip(record.iter()).enumerate() {
        if i != column {
            fields.insert(
                name.clone(),
                Value::String(String::from_utf8_lossy(value).into_owned()),
            );
        }
    }
    Item::Message {
        text,
        fields,
        truncated: false,
    }
}

fn strip_bom(field: &[u8]) -> &[u8] {
    field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
}

fn output(
    text: String,
    mut fields: Map<String, Value>,
    result: &EmotionResult,
    line_truncated: bool,
) -> Value {
    fields.insert("text".into(), Value::String(text));
    fields.insert("emotion".into(), json!(result.emotion));
    fields.insert("intensity".into(), json!(result.intensity));
    fields.insert("polarity".into(), json!(result.polarity));
    fields.insert("scores".into(), json!(result.scores));
    fields.insert("evidence".into(), json!(result.evidence));
    fields.insert("escalate".into(), Value::Bool(result.escalation.escalate));
    fields.insert(
        "escalation_reasons".into(),
        json!(result.escalation.reasons),
    );
    if line_truncated || result.truncated {
        fields.insert("truncated".into(), Value::Bool(true));
    }
    Value::Object(fields)
}

fn report(summary: &Summary, lines: usize) {
    let mut note = format!(
        "classify: {lines} lines read, {} classified",
        summary.classified
    );
    if !summary.invalid.is_empty() {
        let which: Vec<String> = summary
            .invalid
            .iter()
            .take(20)
            .map(|(l, _)| l.to_string())
            .collect();
        note.push_str(&format!(
            ", {} skipped as invalid (lines {}{})",
            summary.invalid.len(),
            which.join(", "),
            if summary.invalid.len() > 20 {
                ", …"
            } else {
                ""
            }
        ));
    }
    if !summary.truncated.is_empty() {
        note.push_str(&format!(", {} truncated", summary.truncated.len()));
    }
    eprintln!("{note}");
}
