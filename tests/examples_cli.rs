//! The example programs' command lines: `--help` and `--version` for every one, and
//! the exit codes and messages of bad arguments, which scripts rely on.
//!
//! `cargo test` builds the examples next to the test binaries; these tests run them.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

/// Every program in `examples/`.
const PROGRAMS: [&str; 12] = [
    "aspect_eval",
    "classify",
    "conversation",
    "escalation_eval",
    "evaluate",
    "lexicon_check",
    "profile_classify",
    "report",
    "satisfaction_eval",
    "startup",
    "train",
    "train_aspects",
];

fn example(name: &str) -> PathBuf {
    // target/<profile>/deps/<this test> → target/<profile>/examples/<name>
    let mut path = std::env::current_exe().unwrap();
    path.pop();
    path.pop();
    path.push("examples");
    path.push(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        // Only when this test was run alone (`cargo test --test examples_cli` does not
        // build examples); a plain `cargo test` has built them already.
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--example", name, "--manifest-path"])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .status()
            .unwrap();
        assert!(status.success(), "could not build the {name} example");
    }
    path
}

fn run(name: &str, args: &[&str]) -> Output {
    Command::new(example(name))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Runs `name` with `stdin`, stderr piped (not a terminal) and `CI` unset, so that
/// only the pipe keeps the progress line away.
fn run_piped(name: &str, args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(example(name))
        .args(args)
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Written from another thread: the output may be larger than a pipe holds.
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || input.write_all(&stdin));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn every_example_program_is_listed_here() {
    let mut found: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
            .unwrap()
            .filter_map(|e| {
                let path = e.unwrap().path();
                let is_rs = path.extension().is_some_and(|x| x == "rs");
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                is_rs.then_some(stem)
            })
            .collect();
    found.sort();
    assert_eq!(
        found, PROGRAMS,
        "a new example needs --help and --version, and a line here"
    );
}

#[test]
fn help_explains_the_options_with_an_example_and_exits_0() {
    for name in PROGRAMS {
        let out = run(name, &["--help"]);
        assert_eq!(out.status.code(), Some(0), "{name} --help");
        assert!(out.stderr.is_empty(), "{name}: {}", text(&out.stderr));
        let help = text(&out.stdout);
        assert!(help.starts_with(&format!("{name}: ")), "{name}: {help}");
        assert!(help.contains(&format!("Usage: {name}")), "{name}: {help}");
        assert!(help.contains("Example"), "{name}: {help}");
        assert!(
            help.contains("-h, --help") && help.contains("-V, --version"),
            "{name}"
        );
        let short = run(name, &["-h"]);
        assert_eq!(short.status.code(), Some(0), "{name} -h");
        assert_eq!(short.stdout, out.stdout, "{name} -h");
    }
}

#[test]
fn help_names_every_option_of_the_program() {
    let options: [(&str, &[&str]); 7] = [
        (
            "train_aspects",
            &["--corpora", "--own", "--out", "--bits", "--epochs"],
        ),
        (
            "classify",
            &[
                "--format",
                "--column",
                "--on-invalid",
                "--max-line-bytes",
                "--threads",
                "--chunk-lines",
                "--model",
                "--aspects",
                "--quiet",
            ],
        ),
        ("report", &["--out", "--quiet"]),
        ("conversation", &["--quiet"]),
        (
            "train",
            &[
                "--corpora",
                "--out",
                "--epochs",
                "--learning-rate",
                "--l2",
                "--hash-bits",
                "--seed",
                "--cv",
                "--leave-one-source-out",
                "--input",
                "--map",
                "--holdout",
                "--holdout-fold",
                "--verdict-weight",
                "--label-weight",
            ],
        ),
        (
            "evaluate",
            &["--split", "--errors", "--model", "--input", "--map"],
        ),
        (
            "satisfaction_eval",
            &["--folds", "--ridge", "--fit", "--model"],
        ),
    ];
    for (name, wanted) in options {
        let help = text(&run(name, &["--help"]).stdout);
        for option in wanted {
            assert!(
                help.contains(&format!("  {option} ")),
                "{name} --help lacks {option}"
            );
        }
    }
}

#[test]
fn version_prints_the_crate_version_and_exits_0() {
    for name in PROGRAMS {
        for flag in ["--version", "-V"] {
            let out = run(name, &[flag]);
            assert_eq!(out.status.code(), Some(0), "{name} {flag}");
            assert_eq!(
                text(&out.stdout),
                format!("{name} {}\n", env!("CARGO_PKG_VERSION")),
                "{name} {flag}"
            );
            assert!(out.stderr.is_empty(), "{name} {flag}");
        }
    }
}

#[test]
fn bad_arguments_keep_their_exit_codes_and_messages() {
    let cases: &[(&str, &[&str], i32, &str)] = &[
        (
            "classify",
            &["--bogus"],
            2,
            "classify: unexpected argument \"--bogus\"\n",
        ),
        (
            "classify",
            &["in.txt", "more.txt"],
            2,
            "classify: unexpected argument \"more.txt\"\n",
        ),
        (
            "classify",
            &["--threads", "0"],
            2,
            "classify: bad --threads 0\n",
        ),
        (
            "classify",
            &["--chunk-lines", "x"],
            2,
            "classify: bad --chunk-lines x\n",
        ),
        (
            "classify",
            &["--format"],
            2,
            "classify: --format needs a value\n",
        ),
        (
            "classify",
            &["--format", "xml"],
            2,
            "classify: unknown --format \"xml\" (lines, jsonl, csv)\n",
        ),
        (
            "classify",
            &["--on-invalid", "retry"],
            2,
            "classify: unknown --on-invalid \"retry\" (skip, fail)\n",
        ),
        (
            "report",
            &[],
            1,
            "report: usage: report FILE [--out report.html]\n",
        ),
        (
            "report",
            &["--bogus"],
            1,
            "report: unknown option --bogus\n",
        ),
        (
            "report",
            &["in.txt", "--out"],
            1,
            "report: --out needs a path\n",
        ),
        (
            "evaluate",
            &[],
            1,
            "evaluate: usage: evaluate FILE | --input FILE [options]\n",
        ),
        (
            "evaluate",
            &["--text", "t"],
            1,
            "evaluate: --text must follow an --input\n",
        ),
        (
            "evaluate",
            &["--input", "in.jsonl", "--split", "x"],
            1,
            "evaluate: bad --split x (all, train, test)\n",
        ),
        (
            "evaluate",
            &["--input", "in.jsonl", "--weight", "w"],
            1,
            "evaluate: bad --weight w\n",
        ),
        (
            "escalation_eval",
            &[],
            1,
            "escalation_eval: usage: escalation_eval FILE [FILE ...] [--errors N]\n",
        ),
        ("train", &["--input"], 1, "train: --input needs a value\n"),
        (
            "train",
            &["--input", "in.jsonl", "--epochs", "many"],
            1,
            "train: bad --epochs many\n",
        ),
        (
            "train",
            &["--input", "in.jsonl", "--cv", "1"],
            1,
            "train: bad --cv 1\n",
        ),
        // A misspelt or misplaced option fails instead of being ignored (the verdict
        // weights of the recipe once were), and a per-input option needs its input.
        (
            "train",
            &["--input", "in.jsonl", "--epoch", "3"],
            1,
            "train: unknown argument \"--epoch\" (see --help)\n",
        ),
        (
            "train",
            &["--verdict-weight", "2", "--input", "in.jsonl"],
            1,
            "train: --verdict-weight must follow an --input\n",
        ),
        (
            "train",
            &["--input", "in.jsonl", "--label-weight", "x"],
            1,
            "train: bad --label-weight x\n",
        ),
        (
            "satisfaction_eval",
            &["--folds", "1"],
            1,
            "satisfaction_eval: --folds must be at least 2\n",
        ),
        (
            "satisfaction_eval",
            &["--ridge", "x"],
            1,
            "satisfaction_eval: bad --ridge\n",
        ),
        (
            "startup",
            &["--bogus"],
            2,
            "usage: startup [--preload | --parts], not \"--bogus\"\n",
        ),
        (
            "conversation",
            &["--bogus"],
            1,
            "conversation: unknown option --bogus\n",
        ),
        (
            "lexicon_check",
            &["--bogus"],
            1,
            "lexicon_check: unknown option --bogus\n",
        ),
        (
            "profile_classify",
            &["1", "--threads", "x"],
            2,
            "profile_classify: bad --threads x\n",
        ),
    ];
    for (name, args, code, message) in cases {
        let out = run(name, args);
        assert_eq!(out.status.code(), Some(*code), "{name} {args:?}");
        assert_eq!(text(&out.stderr), *message, "{name} {args:?}");
        assert!(out.stdout.is_empty(), "{name} {args:?}");
    }
    // An unreadable input: the message names it, and the exit code is the program's.
    for (name, code) in [("classify", 2), ("conversation", 1), ("report", 1)] {
        let out = run(name, &["/nonexistent/zh-emotion-input.txt"]);
        assert_eq!(out.status.code(), Some(code), "{name}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.starts_with(&format!(
                "{name}: cannot read /nonexistent/zh-emotion-input.txt"
            )),
            "{name}: {stderr}"
        );
    }
}

/// More lines than the progress line waits for.
fn many_messages() -> String {
    let corpus = include_str!("../data/bench/messages.txt");
    corpus
        .lines()
        .cycle()
        .take(6_000)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn report_writes_no_progress_into_a_pipe() {
    let dir = std::env::temp_dir().join(format!("zh-emotion-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("messages.txt");
    std::fs::write(&input, many_messages()).unwrap();
    let html = dir.join("report.html");
    let out = run_piped(
        "report",
        &[input.to_str().unwrap(), "--out", html.to_str().unwrap()],
        b"",
    );
    let written = std::fs::read_to_string(&html).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!("report: 6000 messages -> {}\n", html.display())
    );
    assert!(written.contains("<svg"));
    // Classified with aspects: the table of categories × emotions is there.
    assert!(written.contains("<table class=\"aspects\">"));
}

#[test]
fn conversation_writes_no_progress_into_a_pipe() {
    let input: String = many_messages()
        .lines()
        .enumerate()
        .map(|(i, text)| {
            let turn = serde_json::json!({"id": i, "turns": [{"role": "customer", "text": text}]});
            format!("{turn}\n")
        })
        .collect();
    let out = run_piped("conversation", &[], input.as_bytes());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 6_000);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn conversation_says_what_the_customer_was_unhappy_about_with_aspects() {
    let input = concat!(
        r#"{"id": "a", "turns": [{"role": "customer", "text": "快递太慢了，等了一个星期"}, "#,
        r#"{"role": "agent", "text": "抱歉，我帮您查一下"}, "#,
        r#"{"role": "customer", "text": "客服态度还特别差，气死我了！"}]}"#,
        "\n",
        r#"{"id": "b", "turns": [{"role": "customer", "text": "菜很好吃，谢谢"}]}"#,
        "\n"
    );
    let plain = run_piped("conversation", &[], input.as_bytes());
    let with = run_piped("conversation", &["--aspects"], input.as_bytes());
    assert!(plain.status.success() && with.status.success());
    let rows = |out: &Output| -> Vec<serde_json::Value> {
        text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (plain, with) = (rows(&plain), rows(&with));
    assert!(plain.iter().all(|r| r.get("unhappy_about").is_none()));
    let complaints = with[0]["unhappy_about"].as_array().unwrap();
    let categories: Vec<&str> = complaints
        .iter()
        .map(|c| c["category"].as_str().unwrap())
        .collect();
    assert!(categories.contains(&"delivery"), "{categories:?}");
    assert!(categories.contains(&"service"), "{categories:?}");
    assert!(complaints
        .iter()
        .all(|c| c["polarity"].as_f64().unwrap() < 0.0));
    let advice = with[0]["category_advice"].as_str().unwrap();
    assert!(zh_emotion::guidance::CATEGORY_ADVICE
        .iter()
        .any(|a| a.id == advice));
    assert_eq!(with[1]["unhappy_about"], serde_json::json!([]));
    assert!(with[1]["category_advice"].is_null());
    // Everything else is the same with and without aspects.
    for (p, w) in plain.iter().zip(&with) {
        let mut w = w.clone();
        let w = w.as_object_mut().unwrap();
        w.remove("unhappy_about");
        w.remove("category_advice");
        assert_eq!(p.as_object().unwrap(), w);
    }
}

#[test]
fn evaluate_reads_each_gold_aspect_as_a_row() {
    let dir = std::env::temp_dir().join(format!("zh-emotion-aspects-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("aspects.jsonl");
    let aspect = |text: &str, emotion: &str, polarity: &str| {
        format!(
            "{{\"text\": \"{text}\", \"targets\": [], \"category\": \"general\", \
             \"emotion\": \"{emotion}\", \"polarity\": \"{polarity}\"}}"
        )
    };
    let rows = [
        format!(
            "{{\"text\": \"菜很好吃，服务太差了\", \"aspects\": [{}, {}]}}",
            aspect("菜很好吃", "joy", "positive"),
            aspect("服务太差了", "anger", "negative")
        ),
        "{\"text\": \"请问几点开门\", \"aspects\": []}".to_string(),
        format!(
            "{{\"text\": \"谢谢你们\", \"aspects\": [{}]}}",
            aspect("谢谢你们", "gratitude", "positive")
        ),
    ];
    std::fs::write(&file, rows.join("\n") + "\n").unwrap();
    let path = file.to_str().unwrap();
    let out = run("evaluate", &["--input", path, "--format", "aspects"]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Three spans, one row each; the message without aspects gives none.
    let stdout = text(&out.stdout);
    let polarity = stdout.lines().find(|l| l.starts_with("polarity accuracy"));
    assert!(polarity.is_some_and(|l| l.contains("/3)")), "{stdout}");
}

/// A reader that goes away (`lexicon_check … | head`) ends a program quietly with
/// exit status 141, as a shell reports a broken pipe, not with a panic.
#[test]
fn a_closed_output_ends_a_program_quietly() {
    let dir = std::env::temp_dir().join(format!("zh-emotion-closed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let files = [
        "anger",
        "anxiety",
        "disappointment",
        "disgust",
        "gratitude",
        "joy",
        "neutral",
        "sadness",
        "surprise",
        "emoji",
        "modifiers",
    ];
    for name in files {
        std::fs::write(dir.join(format!("{name}.tsv")), "").unwrap();
    }
    // 5,000 bad lines: far more problems than a pipe holds, so that the program
    // writes after the reader has gone whatever the timing.
    let bad: String = (0..5000)
        .map(|i| format!("词{i}\tnot-a-number\n"))
        .collect();
    std::fs::write(dir.join("joy.tsv"), bad).unwrap();
    let mut child = Command::new(example("lexicon_check"))
        .arg(&dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
