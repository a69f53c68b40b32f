//! Classifies a file of messages and prints one JSON object per input line.
//!
//! ```text
//! cargo run --release --example classify -- [FILE|-] [--format lines|jsonl|csv] [--column NAME]
//!                                           [--on-invalid skip|fail] [--max-line-bytes N]
//!                                           [--threads N] [--chunk-lines N] [--model FILE]
//!                                           [--aspects] [--quiet] [--help] [--version]
//! ```
//! Each object has `text`, `emotion`, `intensity`, `polarity`, `scores` (all nine
//! labels), `evidence`, `escalate` and `escalation_reasons`, and with `--aspects` the
//! message's `aspects` (each `category`, `emotion`, `end`, `intensity`, `polarity`,
//! `start`, `targets`, `text`); keys are in alphabetical order, at every level. `--model FILE` classifies with a model written by the
//! training program instead of the embedded one (a file that is not a valid model for
//! this version stops the program before any output, with exit code 2).
//!
//! With `--format csv` and `--aspects`, each object also has two flat, string-valued
//! keys for the rows of a table: `top_negative_aspect`, the category id (`delivery`,
//! `service`, ...) of the message's most negative aspect, and
//! `top_negative_aspect_text`, that aspect's text. The most negative aspect is the one
//! with the lowest polarity among those with a polarity below 0, the first of them on
//! a tie; both are `""` when no aspect is negative. Without `--aspects` the output
//! of a CSV file is as before, byte for byte.
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
//! `{"error": "...", "line": N}` and a note on stderr; with `--on-invalid fail` the
//! program stops there with exit code 1 instead. Lines longer than
//! `--max-line-bytes` (default 1 MiB) are classified on their first part and marked
//! `"truncated": true`. A summary goes to stderr at the end. A read error or a CSV
//! syntax error stops the program with exit code 2 after the output of every line
//! before it. On a terminal (and without `CI` set), a progress line on stderr counts
//! the lines done once there are 5,000 of them; `--quiet` turns it off.
//!
//! # Pipeline
//!
//! One thread reads the input and cuts it into chunks of `--chunk-lines` lines (default
//! 256, and at most about 256 KiB of text); `--threads N` workers (default: every core)
//! each take a whole chunk, parse its lines, classify them and serialise the results
//! into the chunk's output buffer; the main thread writes the buffers in input order.
//! At most `2 N + 2` chunks are in flight (read and not yet written), so memory stays
//! bounded whatever the size of the input. Results are serialised straight from the
//! library's result types, with the same bytes as `serde_json` gives for them.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

#[path = "common/cli.rs"]
mod cli;
#[path = "common/progress.rs"]
mod progress;

use serde::Serialize;
use serde_json::{Map, Value};
use zh_emotion::{Classifier, EmotionResult};

/// Default number of lines per chunk: small enough that the workers share the load
/// evenly, large enough that handing a chunk over costs nothing beside classifying it.
const CHUNK_LINES: usize = 256;
/// A chunk ends after the line that brings its text past this many bytes.
const CHUNK_BYTES: usize = 256 << 10;
/// Line numbers listed in the summary.
const LISTED_INVALID: usize = 20;

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
    threads: usize,
    chunk_lines: usize,
    model: Option<String>,
    quiet: bool,
    aspects: bool,
}

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("classify: {e}");
            ExitCode::from(2)
        }
    }
}

const HELP: &str = "\
classify: one JSON object per input line (emotion, intensity, polarity, scores,
evidence, escalation), in input order, whatever the bytes of the file.

Usage: classify [FILE|-] [OPTIONS]

Arguments:
  FILE|-                  the messages; standard input when absent or `-`

Options:
  --format lines|jsonl|csv
                          lines (default): one message per line (UTF-8; BOM and CRLF
                          accepted); jsonl: one object per line with a \"text\" field,
                          other fields copied to the output; csv: a header line and
                          the message in --column, other columns copied
  --column NAME           the CSV column holding the message (default: text)
  --on-invalid skip|fail  a line that cannot be classified (invalid UTF-8, bad JSON,
                          no text) gives {\"error\": ..., \"line\": N} (skip, the
                          default) or stops the program with exit code 1 (fail)
  --max-line-bytes N      classify only the first N bytes of a longer line and mark it
                          \"truncated\": true (default: 1048576)
  --threads N             worker threads (default: every core)
  --chunk-lines N         lines per unit of work handed to a worker (default: 256)
  --model FILE            a model written by the train program instead of the
                          embedded one (an invalid file: exit code 2, no output)
  --aspects               also write each message's aspects: what each opinion is
                          about (span, targets, category, emotion, polarity,
                          intensity); about twice the work per message. With
                          --format csv, also top_negative_aspect and
                          top_negative_aspect_text: the category id and the text of
                          the aspect with the lowest polarity below 0 (the first on
                          a tie), \"\" when none is negative
  --quiet                 no progress line on stderr (it is shown only on a terminal,
                          without CI set, once 5,000 lines are done)
  -h, --help              print this help
  -V, --version           print the version

A summary (lines read, classified, skipped, truncated) goes to stderr at the end.
Exit codes: 0 done; 1 an invalid line with --on-invalid fail; 2 a bad argument, an
unreadable file or model, a read or CSV syntax error.

Example:
  cargo run --release --example classify -- data/samples/messages.txt > results.jsonl
";

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        input: None,
        format: Format::Lines,
        column: "text".into(),
        fail_on_invalid: false,
        max_line_bytes: 1 << 20,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        chunk_lines: CHUNK_LINES,
        model: None,
        quiet: false,
        aspects: false,
    };
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        use lexopt::Arg::{Long, Short, Value};
        let positive = |name: &str, v: String| {
            v.parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or(format!("bad {name} {v}"))
        };
        match arg {
            Long("format") => {
                options.format = match cli::value(&mut parser, "--format")?.as_str() {
                    "lines" | "text" => Format::Lines,
                    "jsonl" => Format::Jsonl,
                    "csv" => Format::Csv,
                    other => return Err(format!("unknown --format {other:?} (lines, jsonl, csv)")),
                }
            }
            Long("column") => options.column = cli::value(&mut parser, "--column")?,
            Long("on-invalid") => {
                options.fail_on_invalid = match cli::value(&mut parser, "--on-invalid")?.as_str() {
                    "skip" => false,
                    "fail" => true,
                    other => return Err(format!("unknown --on-invalid {other:?} (skip, fail)")),
                }
            }
            Long("max-line-bytes") => {
                let v = cli::value(&mut parser, "--max-line-bytes")?;
                options.max_line_bytes = positive("--max-line-bytes", v)?
            }
            Long("threads") => {
                options.threads = positive("--threads", cli::value(&mut parser, "--threads")?)?
            }
            Long("chunk-lines") => {
                let v = cli::value(&mut parser, "--chunk-lines")?;
                options.chunk_lines = positive("--chunk-lines", v)?
            }
            Long("model") => options.model = Some(cli::value(&mut parser, "--model")?),
            Long("quiet") => options.quiet = true,
            Long("aspects") => options.aspects = true,
            Short('h') | Long("help") => cli::help(HELP),
            Short('V') | Long("version") => cli::version("classify"),
            Value(v) if options.input.is_none() => options.input = Some(cli::string(v)?),
            other => return Err(format!("unexpected argument {:?}", cli::written(&other))),
        }
    }
    Ok(options)
}

/// Input cut into units (lines or CSV records), numbered from `first_line`.
struct Chunk {
    seq: usize,
    first_line: usize,
    units: Units,
    /// A read or CSV error after the last unit: the input ends here.
    error: Option<String>,
}

enum Units {
    /// Lines without their line ends, as ranges of `data`, and whether each was cut at
    /// `--max-line-bytes`.
    Lines {
        data: Vec<u8>,
        lines: Vec<(usize, usize, bool)>,
    },
    Csv(Vec<csv::ByteRecord>),
}

impl Units {
    fn len(&self) -> usize {
        match self {
            Units::Lines { lines, .. } => lines.len(),
            Units::Csv(records) => records.len(),
        }
    }
}

/// A chunk classified and serialised.
struct Done {
    seq: usize,
    out: Vec<u8>,
    invalid: Vec<Invalid>,
    classified: usize,
    truncated: usize,
    error: Option<String>,
}

/// A unit that could not be classified, and where its error object starts in `out`.
struct Invalid {
    line: usize,
    reason: String,
    at: usize,
}

#[derive(Default)]
struct Summary {
    lines: usize,
    classified: usize,
    invalid: usize,
    invalid_lines: Vec<usize>,
    truncated: usize,
}

fn run() -> Result<ExitCode, String> {
    let options = parse_args()?;
    let builder = match &options.model {
        Some(path) => zh_emotion::ClassifierBuilder::new()
            .model_file(path)
            .map_err(|e| format!("{path}: {e}"))?,
        None => zh_emotion::ClassifierBuilder::new(),
    };
    let classifier: Classifier = builder.aspects(options.aspects).build();
    let reader: Box<dyn Read + Send> = match options.input.as_deref() {
        None | Some("-") => Box::new(io::stdin()),
        Some(path) => Box::new(File::open(path).map_err(|e| format!("cannot read {path}: {e}"))?),
    };
    let reader = BufReader::with_capacity(1 << 16, reader);
    let input = Input::open(reader, &options)?;
    let names = input.names();
    let (options, classifier, names) = (&options, &classifier, &names);

    // Work for the workers; their results for the writer; and one slot per chunk in
    // flight, taken by the reader before it reads a chunk and given back by the writer
    // when it has written one.
    let in_flight = 2 * options.threads + 2;
    let (work_tx, work_rx) = mpsc::sync_channel::<Chunk>(options.threads);
    // Shared by the workers only, so that the receiver goes when the last worker stops
    // and a reader blocked on a full queue sees it.
    let work_rx = Arc::new(Mutex::new(work_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    let (slot_tx, slot_rx) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        slot_tx.send(()).map_err(|e| e.to_string())?;
    }

    std::thread::scope(|scope| {
        scope.spawn(move || read_chunks(input, options, work_tx, slot_rx));
        for _ in 0..options.threads {
            let done_tx = done_tx.clone();
            let work_rx = Arc::clone(&work_rx);
            scope.spawn(move || loop {
                // The lock is held only while waiting for the next chunk.
                let next = work_rx.lock().map_or(None, |rx| rx.recv().ok());
                let Some(chunk) = next else { break };
                let done = process(chunk, classifier, names, options);
                if done_tx.send(done).is_err() {
                    break;
                }
            });
        }
        drop((done_tx, work_rx));
        write_in_order(done_rx, slot_tx, options)
    })
}

/// The writer: puts the chunks back in input order, writes them, and gives their
/// slots back. Returning early (an error) drops the channels, which stops the workers
/// and then the reader.
fn write_in_order(
    done_rx: Receiver<Done>,
    slot_tx: SyncSender<()>,
    options: &Options,
) -> Result<ExitCode, String> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut summary = Summary::default();
    let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
    let mut next = 0;
    let io_error = |e: io::Error| e.to_string();
    // Wiped when it goes out of scope, before the summary or an error is printed.
    let mut progress = progress::Progress::new("classify", "lines", options.quiet);
    for done in done_rx {
        waiting.insert(done.seq, done);
        while let Some(done) = waiting.remove(&next) {
            next += 1;
            summary.classified += done.classified;
            summary.truncated += done.truncated;
            if options.fail_on_invalid {
                if let Some(first) = done.invalid.first() {
                    out.write_all(&done.out[..first.at]).map_err(io_error)?;
                    out.flush().map_err(io_error)?;
                    progress.clear();
                    eprintln!("classify: line {}: {}", first.line, first.reason);
                    // Now, not when the reader next returns from a read (stdin may be
                    // a pipe that stays open).
                    std::process::exit(1);
                }
            }
            out.write_all(&done.out).map_err(io_error)?;
            if !done.invalid.is_empty() {
                progress.clear();
            }
            for invalid in &done.invalid {
                eprintln!("classify: line {}: {}", invalid.line, invalid.reason);
                summary.invalid += 1;
                if summary.invalid_lines.len() < LISTED_INVALID {
                    summary.invalid_lines.push(invalid.line);
                }
            }
            summary.lines += done.classified + done.invalid.len();
            progress.update(summary.lines);
            if let Some(error) = done.error {
                out.flush().map_err(io_error)?;
                return Err(error);
            }
            // The reader may have stopped already; nothing waits for the slot then.
            let _ = slot_tx.send(());
        }
    }
    out.flush().map_err(io_error)?;
    drop(progress);
    report(&summary);
    Ok(ExitCode::SUCCESS)
}

/// The reader: cuts the input into chunks, each once a slot is free.
fn read_chunks(
    mut input: Input,
    options: &Options,
    work_tx: SyncSender<Chunk>,
    slot_rx: Receiver<()>,
) {
    let mut first_line = 1;
    for seq in 0.. {
        if slot_rx.recv().is_err() {
            return;
        }
        let (units, error) = input.read_chunk(options);
        let count = units.len();
        if count == 0 && error.is_none() {
            return;
        }
        let last = error.is_some();
        let chunk = Chunk {
            seq,
            first_line,
            units,
            error,
        };
        if work_tx.send(chunk).is_err() || last {
            return;
        }
        first_line += count;
    }
}

/// Where the units come from.
enum Input {
    Lines {
        reader: BufReader<Box<dyn Read + Send>>,
        first: bool,
    },
    Csv {
        reader: csv::Reader<BufReader<Box<dyn Read + Send>>>,
        names: Vec<String>,
        column: usize,
    },
}

impl Input {
    fn open(reader: BufReader<Box<dyn Read + Send>>, options: &Options) -> Result<Self, String> {
        if options.format != Format::Csv {
            return Ok(Input::Lines {
                reader,
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

    /// The CSV column names and the message column (none for lines).
    fn names(&self) -> CsvColumns {
        match self {
            Input::Csv { names, column, .. } => CsvColumns {
                names: names.clone(),
                column: *column,
            },
            Input::Lines { .. } => CsvColumns {
                names: Vec::new(),
                column: 0,
            },
        }
    }

    /// The next chunk of units (none at the end of the input), and the error that
    /// ended the input, if one did.
    fn read_chunk(&mut self, options: &Options) -> (Units, Option<String>) {
        match self {
            Input::Csv { reader, .. } => {
                let mut records = Vec::new();
                let mut bytes = 0;
                while records.len() < options.chunk_lines && bytes < CHUNK_BYTES {
                    let mut record = csv::ByteRecord::new();
                    match reader.read_byte_record(&mut record) {
                        Ok(false) => break,
                        Ok(true) => {
                            bytes += record.as_slice().len();
                            records.push(record);
                        }
                        // A CSV syntax error cannot be resynchronised reliably: stop with it.
                        Err(e) => return (Units::Csv(records), Some(format!("CSV: {e}"))),
                    }
                }
                (Units::Csv(records), None)
            }
            Input::Lines { reader, first } => {
                let mut data = Vec::new();
                let mut lines = Vec::new();
                while lines.len() < options.chunk_lines && data.len() < CHUNK_BYTES {
                    let start = data.len();
                    let (read, truncated) =
                        match read_line(reader, &mut data, options.max_line_bytes) {
                            Ok(r) => r,
                            Err(e) => {
                                data.truncate(start);
                                let error = format!("read error: {e}");
                                return (Units::Lines { data, lines }, Some(error));
                            }
                        };
                    if read == 0 {
                        break;
                    }
                    let mut begin = start;
                    if *first && data[start..].starts_with(b"\xEF\xBB\xBF") {
                        begin += 3;
                    }
                    *first = false;
                    lines.push((begin, data.len(), truncated));
                }
                (Units::Lines { data, lines }, None)
            }
        }
    }
}

/// The CSV header, shared by the workers.
struct CsvColumns {
    names: Vec<String>,
    column: usize,
}

/// Appends one line to `buf` (without its `\n` or `\r\n`), keeping at most `max`
/// bytes of it and skipping the rest of a longer line. Returns the bytes consumed and
/// whether the line was cut.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let start = buf.len();
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
        let room = max.saturating_sub(buf.len() - start);
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
    if buf.len() > start && buf.last() == Some(&b'\r') && !truncated {
        buf.pop();
    }
    if truncated {
        // Cut back to a character boundary so that a multi-byte character split by
        // the limit does not read as invalid UTF-8.
        if let Err(e) = std::str::from_utf8(&buf[start..]) {
            if e.error_len().is_none() {
                buf.truncate(start + e.valid_up_to());
            }
        }
    }
    Ok((consumed, truncated))
}

/// One unit, ready to classify or already failed.
enum Item<'a> {
    Message {
        text: std::borrow::Cow<'a, str>,
        fields: Map<String, Value>,
        truncated: bool,
    },
    Invalid {
        reason: String,
    },
}

/// A worker's job: parses, classifies and serialises every unit of a chunk.
fn process(chunk: Chunk, classifier: &Classifier, csv: &CsvColumns, options: &Options) -> Done {
    let mut done = Done {
        seq: chunk.seq,
        out: Vec::with_capacity(chunk.units.len() * 1024),
        invalid: Vec::new(),
        classified: 0,
        truncated: 0,
        error: chunk.error,
    };
    let mut emit = |line: usize, item: Item<'_>| match item {
        Item::Message {
            text,
            fields,
            truncated,
        } => {
            let result = classifier.classify(&text);
            done.classified += 1;
            let truncated = truncated || result.truncated;
            done.truncated += usize::from(truncated);
            let keys = Keys {
                aspects: options.aspects,
                top_negative: options.aspects && options.format == Format::Csv,
                truncated,
            };
            write_result(&mut done.out, &text, &fields, &result, keys);
        }
        Item::Invalid { reason } => {
            let at = done.out.len();
            write_error(&mut done.out, line, &reason);
            done.invalid.push(Invalid { line, reason, at });
        }
    };
    match &chunk.units {
        Units::Lines { data, lines } => {
            for (i, &(start, end, truncated)) in lines.iter().enumerate() {
                let item = line_item(&data[start..end], truncated, options.format);
                emit(chunk.first_line + i, item);
            }
        }
        Units::Csv(records) => {
            for (i, record) in records.iter().enumerate() {
                emit(chunk.first_line + i, csv_item(record, csv));
            }
        }
    }
    done
}

fn line_item(bytes: &[u8], truncated: bool, format: Format) -> Item<'_> {
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
            text: text.into(),
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
            text: "".into(),
            fields: Map::new(),
            truncated,
        };
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(mut fields)) => match fields.remove("text") {
            Some(Value::String(text)) => Item::Message {
                text: text.into(),
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

fn csv_item<'a>(record: &'a csv::ByteRecord, csv: &CsvColumns) -> Item<'a> {
    let Some(raw) = record.get(csv.column) else {
        return Item::Invalid {
            reason: "record has no such column".into(),
        };
    };
    let text = match std::str::from_utf8(raw) {
        Ok(t) => t,
        Err(e) => {
            return Item::Invalid {
                reason: format!("invalid UTF-8 at byte {} of the field", e.valid_up_to()),
            }
        }
    };
    let mut fields = Map::new();
    for (i, (name, value)) in csv.names.iter().zip(record.iter()).enumerate() {
        if i != csv.column {
            fields.insert(
                name.clone(),
                Value::String(String::from_utf8_lossy(value).into_owned()),
            );
        }
    }
    Item::Message {
        text: text.into(),
        fields,
        truncated: false,
    }
}

fn strip_bom(field: &[u8]) -> &[u8] {
    field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
}

/// Serialises a value with `serde_json` (strings, numbers, label enums, passed-through
/// fields) into `out`. Writing into a `Vec` cannot fail.
fn json(out: &mut Vec<u8>, value: &(impl Serialize + ?Sized)) {
    let _ = serde_json::to_writer(out, value);
}

/// A float as `serde_json` writes an `f32` held in a `Value` (widened to `f64`;
/// `null` when not finite).
fn float(out: &mut Vec<u8>, value: f32) {
    json(out, &f64::from(value));
}

/// The keys the program writes for a message, in the (alphabetical) order of the
/// output; `aspects` only with `--aspects`, the two `top_negative_aspect` keys only
/// with `--aspects` and `--format csv`, `truncated` only for truncated lines. A
/// passed-through field with the name of a key written is replaced.
const RESULT_KEYS: [&str; 12] = [
    "aspects",
    "emotion",
    "escalate",
    "escalation_reasons",
    "evidence",
    "intensity",
    "polarity",
    "scores",
    "text",
    "top_negative_aspect",
    "top_negative_aspect_text",
    "truncated",
];

/// Which keys of [`RESULT_KEYS`] a message's object has.
#[derive(Clone, Copy)]
struct Keys {
    aspects: bool,
    top_negative: bool,
    truncated: bool,
}

impl Keys {
    fn has(self, name: &str) -> bool {
        match name {
            "aspects" => self.aspects,
            "top_negative_aspect" | "top_negative_aspect_text" => self.top_negative,
            "truncated" => self.truncated,
            _ => true,
        }
    }
}

/// The score keys in alphabetical order, with their index in `Emotion::ALL` order.
fn sorted_score_keys() -> &'static [(&'static str, usize); zh_emotion::Emotion::COUNT] {
    static KEYS: std::sync::OnceLock<[(&str, usize); zh_emotion::Emotion::COUNT]> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = zh_emotion::Emotion::ALL.map(|e| (e.id(), e.index()));
        keys.sort_unstable();
        keys
    })
}

/// One output line for a message: the result's fields and the passed-through ones,
/// merged in alphabetical key order, as a `serde_json` map of them would print.
fn write_result(
    out: &mut Vec<u8>,
    text: &str,
    fields: &Map<String, Value>,
    result: &EmotionResult,
    keys: Keys,
) {
    let ours = RESULT_KEYS.into_iter().filter(|name| keys.has(name));
    let mut theirs = fields
        .iter()
        .filter(|(key, _)| !(RESULT_KEYS.contains(&key.as_str()) && keys.has(key)))
        .peekable();
    out.push(b'{');
    let mut first = true;
    let mut key = |out: &mut Vec<u8>, name: &str| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        json(out, name);
        out.push(b':');
    };
    for name in ours {
        while let Some((field, value)) = theirs.next_if(|(field, _)| field.as_str() < name) {
            key(out, field);
            json(out, value);
        }
        key(out, name);
        match name {
            "aspects" => write_aspects(out, result),
            "emotion" => json(out, &result.emotion),
            "escalate" => json(out, &result.escalation.escalate),
            "escalation_reasons" => write_reasons(out, result),
            "evidence" => write_evidence(out, result),
            "intensity" => float(out, result.intensity),
            "polarity" => float(out, result.polarity),
            "scores" => {
                out.push(b'{');
                let scores = result.scores.as_array();
                for (i, &(id, index)) in sorted_score_keys().iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    json(out, id);
                    out.push(b':');
                    float(out, scores[index]);
                }
                out.push(b'}');
            }
            "text" => json(out, text),
            "top_negative_aspect" => {
                json(out, result.worst_aspect().map_or("", |a| a.category.id()))
            }
            "top_negative_aspect_text" => {
                json(out, result.worst_aspect().map_or("", |a| a.text.as_str()))
            }
            _ => out.extend_from_slice(b"true"),
        }
    }
    for (field, value) in theirs {
        key(out, field);
        json(out, value);
    }
    out.extend_from_slice(b"}\n");
}

fn write_evidence(out: &mut Vec<u8>, result: &EmotionResult) {
    out.push(b'[');
    for (i, e) in result.evidence.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"emotion\":");
        json(out, &e.emotion);
        out.extend_from_slice(b",\"end\":");
        json(out, &e.end);
        out.extend_from_slice(b",\"lexicon_emotion\":");
        json(out, &e.lexicon_emotion);
        out.extend_from_slice(b",\"modifiers\":[");
        for (j, m) in e.modifiers.iter().enumerate() {
            if j > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"end\":");
            json(out, &m.end);
            out.extend_from_slice(b",\"factor\":");
            float(out, m.factor);
            out.extend_from_slice(b",\"kind\":");
            json(out, &m.kind);
            out.extend_from_slice(b",\"start\":");
            json(out, &m.start);
            out.extend_from_slice(b",\"text\":");
            json(out, &m.text);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"negated\":");
        json(out, &e.negated);
        out.extend_from_slice(b",\"start\":");
        json(out, &e.start);
        out.extend_from_slice(b",\"text\":");
        json(out, &e.text);
        out.extend_from_slice(b",\"weight\":");
        float(out, e.weight);
        out.push(b'}');
    }
    out.push(b']');
}

fn write_aspects(out: &mut Vec<u8>, result: &EmotionResult) {
    out.push(b'[');
    for (i, a) in result.aspects.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"category\":");
        json(out, &a.category);
        out.extend_from_slice(b",\"emotion\":");
        json(out, &a.emotion);
        out.extend_from_slice(b",\"end\":");
        json(out, &a.end);
        out.extend_from_slice(b",\"intensity\":");
        float(out, a.intensity);
        out.extend_from_slice(b",\"polarity\":");
        float(out, a.polarity);
        out.extend_from_slice(b",\"start\":");
        json(out, &a.start);
        out.extend_from_slice(b",\"targets\":");
        json(out, &a.targets);
        out.extend_from_slice(b",\"text\":");
        json(out, &a.text);
        out.push(b'}');
    }
    out.push(b']');
}

fn write_reasons(out: &mut Vec<u8>, result: &EmotionResult) {
    out.push(b'[');
    for (i, r) in result.escalation.reasons.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"end\":");
        json(out, &r.end);
        out.extend_from_slice(b",\"kind\":");
        json(out, &r.kind);
        out.extend_from_slice(b",\"start\":");
        json(out, &r.start);
        out.extend_from_slice(b",\"text\":");
        json(out, &r.text);
        out.push(b'}');
    }
    out.push(b']');
}

fn write_error(out: &mut Vec<u8>, line: usize, reason: &str) {
    out.extend_from_slice(b"{\"error\":");
    json(out, reason);
    out.extend_from_slice(b",\"line\":");
    json(out, &line);
    out.extend_from_slice(b"}\n");
}

fn report(summary: &Summary) {
    let mut note = format!(
        "classify: {} lines read, {} classified",
        summary.lines, summary.classified
    );
    if summary.invalid > 0 {
        let which: Vec<String> = summary
            .invalid_lines
            .iter()
            .map(|l| l.to_string())
            .collect();
        note.push_str(&format!(
            ", {} skipped as invalid (lines {}{})",
            summary.invalid,
            which.join(", "),
            if summary.invalid > LISTED_INVALID {
                ", …"
            } else {
                ""
            }
        ));
    }
    if summary.truncated > 0 {
        note.push_str(&format!(", {} truncated", summary.truncated));
    }
    eprintln!("{note}");
}
