//! The classify example's output contract: one JSON object per input line, in
//! order, whatever the bytes of the file.
//!
//! `cargo test` builds the examples next to the test binaries; these tests run the
//! built `classify` example.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn example() -> PathBuf {
    // target/<profile>/deps/<this test> → target/<profile>/examples/classify
    let mut path = std::env::current_exe().unwrap();
    path.pop();
    path.pop();
    path.push("examples");
    path.push(format!("classify{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        // Only when this test was run alone (`cargo test --test classify_example`
        // does not build examples); a plain `cargo test` has built it already.
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--example", "classify", "--manifest-path"])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .status()
            .unwrap();
        assert!(status.success(), "could not build the classify example");
    }
    path
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(example())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A program that stops before reading its input (a bad model file) closes the
    // pipe: that is its answer, not the test's failure.
    match child.stdin.take().unwrap().write_all(stdin) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    child.wait_with_output().unwrap()
}

fn lines(output: &Output) -> Vec<Value> {
    String::from_utf8(output.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

const IDS: [&str; 9] = [
    "anger",
    "disappointment",
    "anxiety",
    "sadness",
    "disgust",
    "joy",
    "gratitude",
    "surprise",
    "neutral",
];

#[test]
fn one_object_per_line_with_the_documented_fields() {
    let out = run(&[], "谢谢你们！\n\n快递怎么还没到，急死了\n".as_bytes());
    assert!(out.status.success());
    let objects = lines(&out);
    assert_eq!(objects.len(), 3);
    assert_eq!(objects[0]["text"], "谢谢你们！");
    assert_eq!(objects[0]["emotion"], "gratitude");
    assert_eq!(objects[1]["text"], "");
    assert_eq!(objects[1]["emotion"], "neutral");
    assert_eq!(objects[2]["emotion"], "anxiety");
    let threat = lines(&run(&[], "再不退款我就去12315投诉你们\n".as_bytes()));
    assert_eq!(threat[0]["escalate"], true);
    assert_eq!(
        threat[0]["escalation_reasons"][0]["kind"],
        "external_complaint"
    );
    for o in &objects {
        assert_eq!(o["escalate"], false);
        assert!(o["escalation_reasons"].as_array().unwrap().is_empty());
        assert!(o["intensity"].as_f64().is_some());
        assert!(o["polarity"].as_f64().is_some());
        let scores = o["scores"].as_object().unwrap();
        for id in IDS {
            assert!(scores[id].as_f64().is_some(), "missing score {id}");
        }
    }
}

#[test]
fn awkward_bytes_keep_lines_aligned() {
    // BOM, CRLF, NUL, invalid UTF-8, binary garbage, a very long line, no final newline.
    let mut input = b"\xEF\xBB\xBF\xE5\xA5\xBD\xE8\xAF\x84\r\n".to_vec(); // 好评
    input.extend_from_slice(b"a\0b\r\n");
    input.extend_from_slice(b"\xff\xfe bad\n");
    input.extend_from_slice(&[0x80, 0x00, 0xC3, 0x28, 0x0A]);
    input.extend_from_slice("太慢了".repeat(200_000).as_bytes());
    input.push(b'\n');
    input.extend_from_slice("最后一行".as_bytes());
    let out = run(&["--max-line-bytes", "100000"], &input);
    assert!(out.status.success());
    let objects = lines(&out);
    assert_eq!(objects.len(), 6, "{objects:?}");
    assert_eq!(objects[0]["text"], "好评");
    assert_eq!(objects[1]["text"], "a\u{0}b");
    assert_eq!(objects[2]["line"], 3);
    assert!(objects[2]["error"].as_str().unwrap().contains("UTF-8"));
    assert!(objects[3]["error"].is_string());
    assert_eq!(objects[4]["truncated"], true);
    assert!(objects[4]["text"].as_str().unwrap().len() <= 100_000);
    assert_eq!(objects[5]["text"], "最后一行");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 3"), "{stderr}");
    assert!(stderr.contains("2 skipped"), "{stderr}");
}

#[test]
fn on_invalid_fail_stops_with_an_error() {
    let out = run(&["--on-invalid", "fail"], b"ok\n\xff\nlater\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines(&out).len(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
}

#[test]
fn jsonl_passes_other_fields_through() {
    let input = "{\"id\": 7, \"text\": \"太失望了\"}\nnot json\n{\"id\": 8}\n";
    let out = run(&["--format", "jsonl"], input.as_bytes());
    let objects = lines(&out);
    assert_eq!(objects.len(), 3);
    assert_eq!(objects[0]["id"], 7);
    assert_eq!(objects[0]["emotion"], "disappointment");
    assert!(objects[1]["error"].is_string());
    assert!(objects[2]["error"].as_str().unwrap().contains("text"));
}

#[test]
fn csv_reads_the_named_column() {
    let input = "id,message\n1,\"谢谢，辛苦了\"\n2,\"请问怎么开发票\"\n";
    let out = run(
        &["-", "--format", "csv", "--column", "message"],
        input.as_bytes(),
    );
    let objects = lines(&out);
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0]["id"], "1");
    assert_eq!(objects[0]["text"], "谢谢，辛苦了");
    assert_eq!(objects[1]["emotion"], "neutral");
    let missing = run(&["--format", "csv", "--column", "nope"], input.as_bytes());
    assert!(!missing.status.success());
}

#[test]
fn unreadable_file_exits_non_zero_with_a_message() {
    let out = run(&["/nonexistent/zh-emotion-input.txt"], b"");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

/// Lines of the bench corpus with invalid, empty and CRLF lines among them.
fn mixed_input(messages: usize) -> Vec<u8> {
    let corpus = include_str!("../data/bench/messages.txt");
    let mut input = Vec::new();
    for (i, line) in corpus.lines().take(messages).enumerate() {
        input.extend_from_slice(line.as_bytes());
        input.extend_from_slice(if i % 5 == 0 { b"\r\n" } else { b"\n" });
        match i % 37 {
            3 => input.extend_from_slice(b"\xff\xfe not UTF-8\n"),
            11 => input.push(b'\n'),
            _ => {}
        }
    }
    input
}

#[test]
fn no_progress_bytes_when_stderr_is_not_a_terminal() {
    // More lines than the progress line waits for (5,000), stderr a pipe and `CI`
    // unset: only the pipe keeps the progress line away.
    let corpus = include_str!("../data/bench/messages.txt");
    let input: String = corpus
        .lines()
        .cycle()
        .take(6_000)
        .map(|l| format!("{l}\n"))
        .collect();
    let mut child = Command::new(example())
        .args(["--threads", "2"])
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written from another thread: the output is larger than a pipe holds.
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    assert_eq!(lines(&out).len(), 6_000);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains('\r'), "{stderr:?}");
    assert!(!stderr.contains("/s"), "{stderr:?}");
    // The summary alone, as before the progress line existed.
    assert_eq!(stderr, "classify: 6000 lines read, 6000 classified\n");
}

#[test]
fn threads_and_chunks_do_not_change_the_output() {
    let input = mixed_input(200);
    let one = run(&["--threads", "1"], &input);
    assert!(one.status.success());
    let lines_in = input.split(|&b| b == b'\n').count() - 1;
    let objects = lines(&one);
    assert_eq!(objects.len(), lines_in);
    for args in [
        ["--threads", "2", "--chunk-lines", "1"],
        ["--threads", "4", "--chunk-lines", "7"],
        ["--threads", "3", "--chunk-lines", "64"],
    ] {
        let many = run(&args, &input);
        assert!(many.status.success());
        assert!(one.stdout == many.stdout, "stdout differs with {args:?}");
        assert_eq!(
            String::from_utf8_lossy(&one.stderr),
            String::from_utf8_lossy(&many.stderr),
            "{args:?}"
        );
    }
    // In input order: each message's text, each invalid line's number.
    let corpus = include_str!("../data/bench/messages.txt");
    let mut texts = corpus.lines().take(200);
    for (n, object) in objects.iter().enumerate() {
        match object.get("error") {
            Some(_) => assert_eq!(object["line"], n + 1),
            None if object["text"] == "" => {}
            None => assert_eq!(object["text"], texts.next().unwrap()),
        }
    }
    assert!(texts.next().is_none());
}

#[test]
fn on_invalid_fail_stops_at_the_line_in_a_later_chunk() {
    let mut input = Vec::new();
    for i in 0..40 {
        input.extend_from_slice(if i == 25 {
            b"\xc3\x28\n"
        } else {
            "好评\n".as_bytes()
        });
    }
    let out = run(
        &[
            "--on-invalid",
            "fail",
            "--threads",
            "3",
            "--chunk-lines",
            "4",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(lines(&out).len(), 25);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 26"), "{stderr}");
    assert!(!stderr.contains("lines read"), "{stderr}");
}

/// The output object of one message as it was built before the program serialised
/// the result types itself: a `serde_json::Value` map of the input's fields and the
/// result's.
fn value_of(
    text: &str,
    mut fields: serde_json::Map<String, Value>,
    r: &zh_emotion::EmotionResult,
) -> Value {
    use serde_json::json;
    fields.insert("text".into(), Value::String(text.into()));
    fields.insert("emotion".into(), json!(r.emotion));
    fields.insert("intensity".into(), json!(r.intensity));
    fields.insert("polarity".into(), json!(r.polarity));
    fields.insert("scores".into(), json!(r.scores));
    fields.insert("evidence".into(), json!(r.evidence));
    fields.insert("escalate".into(), Value::Bool(r.escalation.escalate));
    fields.insert("escalation_reasons".into(), json!(r.escalation.reasons));
    if r.truncated {
        fields.insert("truncated".into(), Value::Bool(true));
    }
    Value::Object(fields)
}

#[test]
fn output_bytes_are_those_of_serde_json_for_the_result_types() {
    let corpus = include_str!("../data/bench/messages.txt");
    let mut messages: Vec<&str> = corpus.lines().take(120).collect();
    messages.extend([
        "再不退款我就去12315投诉你们，我要曝光你们！",
        "这已经是我第三次打电话了，问题还是没解决",
        "呵呵，真是“好”服务",
        "不太满意，但是客服很耐心，谢谢",
        "\"引号\\反斜杠\u{1}\"",
    ]);
    let mut input = String::new();
    for (i, m) in messages.iter().enumerate() {
        // Passed-through fields sort before, between and after the result's keys; one
        // named like a result key is replaced.
        let object = json_object(i, m);
        input.push_str(&serde_json::to_string(&object).unwrap());
        input.push('\n');
    }
    let out = run(&["--format", "jsonl", "--threads", "2"], input.as_bytes());
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let classifier = zh_emotion::Classifier::default();
    assert_eq!(stdout.lines().count(), messages.len());
    for (i, (line, m)) in stdout.lines().zip(&messages).enumerate() {
        let Value::Object(mut fields) = json_object(i, m) else {
            unreachable!()
        };
        fields.remove("text");
        let expected = value_of(m, fields, &classifier.classify(m));
        assert_eq!(line, serde_json::to_string(&expected).unwrap(), "line {i}");
    }
}

fn json_object(i: usize, text: &str) -> Value {
    serde_json::json!({
        "aa": i, "emotion": "replaced", "f": [1.5, null], "id": i, "sz": {"k": "v"},
        "text": text, "truncated": "kept", "zz": "最后",
    })
}

#[test]
fn model_option_reads_a_model_file_and_refuses_a_corrupt_one() {
    let input = "太失望了，跟描述完全不符\n谢谢客服！\n请问发票怎么开？\n".as_bytes();
    let default = run(&[], input);
    let shipped = concat!(env!("CARGO_MANIFEST_DIR"), "/data/model.bin");
    let same = run(&["--model", shipped], input);
    assert!(same.status.success());
    assert_eq!(same.stdout, default.stdout);

    let corrupt =
        std::env::temp_dir().join(format!("zh-emotion-corrupt-{}.bin", std::process::id()));
    let mut bytes = std::fs::read(shipped).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&corrupt, &bytes).unwrap();
    let refused = run(&["--model", corrupt.to_str().unwrap()], input);
    let _ = std::fs::remove_file(&corrupt);
    assert_eq!(refused.status.code(), Some(2));
    assert!(refused.stdout.is_empty());
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.contains("model"), "{message}");
}

#[test]
fn aspects_option_writes_the_aspects_of_each_message() {
    let text = "菜很好吃，但是上菜太慢，服务员态度也差";
    let plain = lines(&run(&[], format!("{text}\n").as_bytes()));
    assert!(plain[0].get("aspects").is_none());
    let out = run(
        &["--aspects"],
        format!("{text}\n请问发票怎么开？\n").as_bytes(),
    );
    assert!(out.status.success());
    let objects = lines(&out);
    let expected = zh_emotion::ClassifierBuilder::new()
        .aspects(true)
        .build()
        .classify(text)
        .aspects;
    let written = objects[0]["aspects"].as_array().unwrap();
    assert!(expected.len() >= 2);
    assert_eq!(written.len(), expected.len());
    for (w, e) in written.iter().zip(&expected) {
        assert_eq!(w["text"], e.text.as_str());
        assert_eq!(&text[e.start..e.end], e.text);
        assert_eq!(w["start"], e.start);
        assert_eq!(w["end"], e.end);
        assert_eq!(w["category"], e.category.to_string().as_str());
        assert_eq!(w["emotion"], e.emotion.id());
        assert_eq!(w["targets"], serde_json::json!(e.targets));
        assert!((w["polarity"].as_f64().unwrap() - f64::from(e.polarity)).abs() < 1e-6);
        assert!((w["intensity"].as_f64().unwrap() - f64::from(e.intensity)).abs() < 1e-6);
    }
    // Keys in alphabetical order: aspects first; a factual enquiry has none.
    let raw = String::from_utf8(out.stdout).unwrap();
    assert!(raw.starts_with("{\"aspects\":[{\"category\":"));
    assert_eq!(objects[1]["aspects"], serde_json::json!([]));
}

/// The most negative aspect as the program documents it: the lowest polarity below 0,
/// the first of them on a tie.
fn most_negative(aspects: &[zh_emotion::Aspect]) -> Option<&zh_emotion::Aspect> {
    aspects
        .iter()
        .enumerate()
        .filter(|(_, a)| a.polarity < 0.0)
        .min_by(|(i, a), (j, b)| a.polarity.total_cmp(&b.polarity).then(i.cmp(j)))
        .map(|(_, a)| a)
}

#[test]
fn csv_with_aspects_gains_the_top_negative_aspect_columns() {
    let rows = [
        // A comma and quotes in the field, and in the aspect's text.
        "客服一句\"等通知\"就不管了,太差劲了",
        // Praise only: no negative aspect.
        "谢谢客服小姐姐耐心解答",
        "菜很好吃，但是上菜太慢，服务员态度也差",
        // No text, no aspect.
        "",
    ];
    let mut input = String::from("id,text,note\n");
    for (i, text) in rows.iter().enumerate() {
        input.push_str(&format!("{i},\"{}\",n{i}\n", text.replace('"', "\"\"")));
    }
    let out = run(&["--format", "csv", "--aspects"], input.as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let raw = String::from_utf8(out.stdout.clone()).unwrap();
    let objects = lines(&out);
    assert_eq!(objects.len(), rows.len());
    let classifier = zh_emotion::ClassifierBuilder::new().aspects(true).build();
    for ((object, text), line) in objects.iter().zip(rows).zip(raw.lines()) {
        assert_eq!(object["text"], text);
        let aspects = classifier.classify(text).aspects;
        let (category, span) =
            most_negative(&aspects).map_or(("", ""), |a| (a.category.id(), a.text.as_str()));
        assert_eq!(object["top_negative_aspect"], category, "{text}");
        assert_eq!(object["top_negative_aspect_text"], span, "{text}");
        // The columns of the input are still there; the two new keys come, in
        // alphabetical order, after `text` and last.
        assert!(object["note"].as_str().unwrap().starts_with('n'));
        let quoted = |s: &str| serde_json::to_string(s).unwrap();
        let tail = format!(
            ",\"text\":{},\"top_negative_aspect\":{},\"top_negative_aspect_text\":{}}}",
            quoted(text),
            quoted(category),
            quoted(span)
        );
        assert!(line.ends_with(&tail), "{line}");
    }
    // The first row's opinion is one service complaint, comma and quotes included.
    assert_eq!(objects[0]["top_negative_aspect"], "service");
    let span = objects[0]["top_negative_aspect_text"].as_str().unwrap();
    assert!(span.contains("\"等通知\"") && span.contains(','), "{span}");
    // The praise has aspects, none of them negative: empty fields.
    let praise = classifier.classify(rows[1]).aspects;
    assert!(!praise.is_empty() && praise.iter().all(|a| a.polarity >= 0.0));
    assert_eq!(objects[1]["top_negative_aspect"], "");
    assert_eq!(objects[1]["top_negative_aspect_text"], "");
    // Of two negative aspects, the lower polarity.
    let mixed = classifier.classify(rows[2]).aspects;
    assert!(mixed.iter().filter(|a| a.polarity < 0.0).count() >= 2);
    assert_eq!(objects[2]["top_negative_aspect"], "service");
    assert_eq!(objects[3]["top_negative_aspect"], "");
    assert_eq!(objects[3]["aspects"], serde_json::json!([]));
}

#[test]
fn top_negative_aspect_columns_only_with_aspects_and_csv() {
    // An input column named like the new key: copied without --aspects, replaced
    // with it.
    let texts = ["快递三天了还没发货，物流太慢了", "谢谢，辛苦了", "a,\"b\""];
    let mut input = String::from("top_negative_aspect,text\n");
    for text in texts {
        input.push_str(&format!("kept,\"{}\"\n", text.replace('"', "\"\"")));
    }
    let out = run(&["--format", "csv"], input.as_bytes());
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let classifier = zh_emotion::Classifier::default();
    assert_eq!(stdout.lines().count(), texts.len());
    for (line, text) in stdout.lines().zip(texts) {
        let mut fields = serde_json::Map::new();
        fields.insert("top_negative_aspect".into(), "kept".into());
        let expected = value_of(text, fields, &classifier.classify(text));
        assert_eq!(line, serde_json::to_string(&expected).unwrap(), "{text}");
        assert!(!line.contains("top_negative_aspect_text"));
    }
    let with = lines(&run(&["--format", "csv", "--aspects"], input.as_bytes()));
    assert_eq!(with[0]["top_negative_aspect"], "delivery");
    assert_eq!(with[1]["top_negative_aspect"], "");
    // Lines and JSONL with --aspects: the aspects, not the two columns.
    let plain = lines(&run(
        &["--aspects"],
        "快递三天了还没发货，物流太慢了\n".as_bytes(),
    ));
    let jsonl = lines(&run(
        &["--format", "jsonl", "--aspects"],
        "{\"text\": \"快递三天了还没发货，物流太慢了\"}\n".as_bytes(),
    ));
    for object in [&plain[0], &jsonl[0]] {
        assert!(!object["aspects"].as_array().unwrap().is_empty());
        assert!(object.get("top_negative_aspect").is_none());
        assert!(object.get("top_negative_aspect_text").is_none());
    }
}
