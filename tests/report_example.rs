//! The report example's page: self-contained, with its charts and its aspect table
//! (categories × emotions, worst first, example spans escaped).
//!
//! `cargo test` builds the examples next to the test binaries; these tests run the
//! built `report` example.

use std::path::PathBuf;
use std::process::Command;

use zh_emotion::{AspectCategory, ClassifierBuilder, Emotion};

fn example() -> PathBuf {
    // target/<profile>/deps/<this test> → target/<profile>/examples/report
    let mut path = std::env::current_exe().unwrap();
    path.pop();
    path.pop();
    path.push("examples");
    path.push(format!("report{}", std::env::consts::EXE_SUFFIX));
    // Built here too, so that `cargo test --test report_example` alone (which does not
    // build examples) never runs a stale program; a no-op after a plain `cargo test`.
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--quiet", "--example", "report", "--manifest-path"])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .args(if cfg!(debug_assertions) {
            &[][..]
        } else {
            &["--release"][..]
        })
        .status()
        .unwrap();
    assert!(status.success(), "could not build the report example");
    path
}

/// Writes `input` to a file, runs the report on it and returns the page.
fn report(name: &str, input: &str) -> String {
    let dir = std::env::temp_dir().join(format!("zh-emotion-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let messages = dir.join("messages.txt");
    std::fs::write(&messages, input).unwrap();
    let html = dir.join("report.html");
    let out = Command::new(example())
        .arg(&messages)
        .args(["--out".as_ref(), html.as_os_str(), "--quiet".as_ref()])
        .output()
        .unwrap();
    let page = std::fs::read_to_string(&html);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    page.unwrap()
}

/// The text between `start` and the first `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// HTML escaping as the page does it.
fn escaped(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// One row of the aspect table as the page writes it.
#[derive(Debug)]
struct Row {
    category: String,
    counts: Vec<usize>,
    negative: usize,
    examples: Vec<String>,
    advice: Option<String>,
}

fn number(row: &str, attribute: &str) -> usize {
    let cell = between(row, attribute, "</td>").unwrap_or_else(|| panic!("no {attribute}"));
    cell[cell.find('>').unwrap() + 1..].parse().unwrap()
}

fn rows(section: &str) -> Vec<Row> {
    section
        .split("<tr data-category=\"")
        .skip(1)
        .map(|row| Row {
            category: row[..row.find('"').unwrap()].to_string(),
            counts: Emotion::ALL
                .iter()
                .map(|e| number(row, &format!("data-emotion=\"{}\"", e.id())))
                .collect(),
            negative: number(row, "data-negative=\""),
            examples: row
                .split("<span class=\"ex\">")
                .skip(1)
                .map(|ex| ex[..ex.find(" <span class=\"muted\">").unwrap()].to_string())
                .collect(),
            advice: between(row, "data-advice=\"", "\"").map(str::to_string),
        })
        .collect()
}

/// What the table should hold for `messages`, from the library: per category, the
/// aspects per emotion, the negative ones and the sum of their polarities, and the
/// (distinct) spans by polarity, lowest first.
struct Expected {
    counts: Vec<usize>,
    negative: usize,
    negative_sum: f64,
    spans: Vec<(f32, String)>,
}

fn expected(messages: &[&str]) -> Vec<Option<Expected>> {
    let classifier = ClassifierBuilder::new().aspects(true).build();
    let mut table: Vec<Option<Expected>> = AspectCategory::ALL.iter().map(|_| None).collect();
    for m in messages {
        for a in classifier.classify(m).aspects {
            let e = table[a.category.index()].get_or_insert_with(|| Expected {
                counts: vec![0; Emotion::COUNT],
                negative: 0,
                negative_sum: 0.0,
                spans: Vec::new(),
            });
            e.counts[a.emotion.index()] += 1;
            if a.polarity < 0.0 {
                e.negative += 1;
                e.negative_sum += f64::from(a.polarity);
            }
            if !e.spans.iter().any(|(_, t)| *t == a.text) {
                e.spans.push((a.polarity, a.text));
            }
        }
    }
    for e in table.iter_mut().flatten() {
        // Stable: the earlier span first on a tie.
        e.spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    }
    table
}

const MESSAGES: [&str; 6] = [
    "快递三天了还没发货，太慢了",
    "物流显示<已签收>，可我根本没收到包裹，气死了",
    "快递员态度恶劣&骂人<滚>，太过分了",
    "客服态度<极差>，气死我了",
    "谢谢客服小姐姐耐心解答",
    "请问发票怎么开？",
];

#[test]
fn the_aspect_table_counts_categories_by_emotion_worst_first() {
    let mut input = MESSAGES.join("\n");
    input.push_str("\n\n");
    let page = report("report-aspects", &input);
    let section =
        between(&page, "<section id=\"aspects\">", "</section>").expect("no aspect table");
    assert!(section.contains("<table class=\"aspects\">"));
    // The order is stated on the page.
    assert!(section.contains("number of negative aspects"), "{section}");
    let rows = rows(section);
    let expected = expected(&MESSAGES);

    // One row per category with aspects, and the counts of the library's aspects.
    let mut categories: Vec<&str> = rows.iter().map(|r| r.category.as_str()).collect();
    categories.sort_unstable();
    let mut wanted: Vec<&str> = AspectCategory::ALL
        .into_iter()
        .filter(|c| expected[c.index()].is_some())
        .map(|c| c.id())
        .collect();
    wanted.sort_unstable();
    assert_eq!(categories, wanted);
    // The delivery and the service complaints are there, each negative.
    for complaint in ["delivery", "service"] {
        let row = rows.iter().find(|r| r.category == complaint);
        assert!(
            row.is_some_and(|r| r.negative >= 2),
            "{complaint}: {rows:?}"
        );
    }
    for row in &rows {
        let category: AspectCategory = row.category.parse().unwrap();
        let e = expected[category.index()].as_ref().unwrap();
        assert_eq!(row.counts, e.counts, "{}", row.category);
        assert_eq!(row.negative, e.negative, "{}", row.category);
        // Up to two examples, the most negative first, escaped.
        let spans: Vec<String> = e.spans.iter().take(2).map(|(_, t)| escaped(t)).collect();
        assert_eq!(row.examples, spans, "{}", row.category);
    }
    // Categories with complaints carry their advice (none for `general`).
    for row in &rows {
        let category: AspectCategory = row.category.parse().unwrap();
        let wanted = zh_emotion::guidance::for_category(category)
            .filter(|_| row.negative > 0)
            .map(|a| a.id.to_string());
        assert_eq!(row.advice, wanted, "{}", row.category);
    }
    assert!(rows
        .iter()
        .any(|r| r.advice.as_deref() == Some("track_and_commit_delivery")));
    // Worst first: more negative aspects first, then the lower sum of polarities.
    for pair in rows.windows(2) {
        let key = |r: &Row| {
            let c: AspectCategory = r.category.parse().unwrap();
            let e = expected[c.index()].as_ref().unwrap();
            (e.negative, e.negative_sum)
        };
        let ((n1, s1), (n2, s2)) = (key(&pair[0]), key(&pair[1]));
        assert!(n1 > n2 || (n1 == n2 && s1 <= s2), "{pair:?}");
    }

    // The service examples hold `&`, `<` and `>`: written escaped, never as markup.
    let service = rows.iter().find(|r| r.category == "service").unwrap();
    assert!(
        service.examples.iter().any(|x| x.contains("&amp;"))
            && service.examples.iter().any(|x| x.contains("&lt;")),
        "{service:?}"
    );
    for raw in ["<滚>", "<极差>", "<已签收>", "&骂人"] {
        assert!(!page.contains(raw), "{raw} unescaped");
    }
}

#[test]
fn the_page_stays_self_contained_with_its_charts() {
    let page = report("report-page", &MESSAGES.join("\n"));
    for chart in ["label distribution", "intensity histogram"] {
        let svg = between(&page, &format!("aria-label=\"{chart}\""), "</svg>").unwrap();
        assert!(svg.contains("<rect"), "{chart}");
    }
    for external in ["<script", "<link", "<img", " src=", "url(", "@import"] {
        assert!(!page.contains(external), "{external}");
    }
}

#[test]
fn no_aspects_give_a_note_instead_of_a_table() {
    let page = report("report-no-aspects", "请问发票怎么开？\n\n请问几点营业？\n");
    let section = between(&page, "<section id=\"aspects\">", "</section>").unwrap();
    assert!(section.contains("No aspects found"), "{section}");
    assert!(!section.contains("<table"));
    // An empty file still gives a page.
    let empty = report("report-empty", "");
    assert!(empty.contains("No aspects found"));
    assert!(empty.ends_with("</html>\n"));
}
