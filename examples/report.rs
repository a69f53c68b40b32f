//! Writes a one-page HTML report on a file of customer messages (one per line) for a
//! team lead: totals, the label distribution, an intensity histogram, a table of what
//! the opinions are about (aspect categories × emotions), the messages to escalate
//! with their reasons highlighted, and the most frequent evidence words per label.
//! The page is self-contained (inline CSS and SVG; no scripts, fonts or other
//! external assets), so it can be mailed or archived as one file.
//!
//! The aspect table counts the aspects (the opinions of each message, see
//! `ClassifierBuilder::aspects`) of each category with each emotion. Its rows go
//! worst first: by the number of negative aspects (polarity below 0), most first;
//! on a tie, by the sum of their polarities, lowest first. Each row shows up to two
//! example spans of the category, the most negative first, and, for a category with
//! complaints, the advice for them (`guidance::for_category`).
//!
//! ```text
//! cargo run --example report -- data/samples/messages.txt --out report.html
//! ```
//! Without `--out` the page goes to `report.html`. Blank lines are skipped. On a
//! terminal (and without `CI` set), a progress line on stderr counts the messages
//! classified once there are 5,000 of them; `--quiet` turns it off.

#[path = "common/cli.rs"]
mod cli;
#[path = "common/progress.rs"]
mod progress;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::process::ExitCode;

use zh_emotion::escalation::EscalationKind;
use zh_emotion::{guidance, AspectCategory, ClassifierBuilder, Emotion, EmotionResult, Polarity};

/// Intensity histogram bins over [0, 1].
const BINS: usize = 10;
/// Evidence words shown per label.
const TOP_WORDS: usize = 8;
/// Example spans shown per aspect category.
const EXAMPLES: usize = 2;

fn main() -> ExitCode {
    cli::exit_quietly_on_closed_output();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("report: {e}");
            ExitCode::FAILURE
        }
    }
}

const HELP: &str = "\
report: writes a one-page, self-contained HTML report (inline CSS and SVG, no scripts)
on a file of customer messages for a team lead: totals, the label distribution, an
intensity histogram, a table of aspect categories × emotions (what the opinions are
about; rows by the number of negative aspects, most first, with example spans), the
messages to escalate with their reasons highlighted, and the most frequent evidence
words per label.

Usage: report FILE [OPTIONS]

Arguments:
  FILE           the messages, one per line (blank lines are skipped)

Options:
  --out PATH     where to write the page (default: report.html)
  --quiet        no progress line on stderr (it is shown only on a terminal, without
                 CI set, once 5,000 messages are classified)
  -h, --help     print this help
  -V, --version  print the version

Exit codes: 0 written; 1 a bad argument, an unreadable input or an unwritable output.

Example:
  cargo run --release --example report -- data/samples/messages.txt --out report.html
";

/// Messages classified between two updates of the progress line.
const BATCH: usize = 4096;

fn run() -> Result<(), String> {
    let mut input = None;
    let mut out = String::from("report.html");
    let mut quiet = false;
    let mut parser = lexopt::Parser::from_env();
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        use lexopt::Arg::{Long, Short, Value};
        match arg {
            Long("out") => out = cli::string(parser.value().map_err(|_| "--out needs a path")?)?,
            Long("quiet") => quiet = true,
            Short('h') | Long("help") => cli::help(HELP),
            Short('V') | Long("version") => cli::version("report"),
            Value(v) => input = Some(cli::string(v)?),
            other => return Err(format!("unknown option {}", cli::written(&other))),
        }
    }
    let input = input.ok_or("usage: report FILE [--out report.html]")?;
    let bytes = std::fs::read(&input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let messages: Vec<&str> = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .collect();
    let classifier = ClassifierBuilder::new().aspects(true).build();
    let mut progress = progress::Progress::new("report", "messages", quiet);
    let mut results = Vec::with_capacity(messages.len());
    for batch in messages.chunks(BATCH) {
        results.extend(classifier.classify_batch(batch));
        progress.update(results.len());
    }
    drop(progress);
    let name = std::path::Path::new(&input)
        .file_name()
        .map_or(input.clone(), |n| n.to_string_lossy().into_owned());
    let html = render(&name, &messages, &results);
    std::fs::write(&out, html).map_err(|e| format!("cannot write {out}: {e}"))?;
    eprintln!("report: {} messages -> {out}", messages.len());
    Ok(())
}

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A colour for each label: warm for negative, green/blue for positive, grey for neutral.
fn colour(e: Emotion) -> &'static str {
    match e {
        Emotion::Anger => "#d62728",
        Emotion::Disappointment => "#e377c2",
        Emotion::Anxiety => "#ff7f0e",
        Emotion::Sadness => "#8c6bb1",
        Emotion::Disgust => "#8c564b",
        Emotion::Joy => "#2ca02c",
        Emotion::Gratitude => "#17becf",
        Emotion::Surprise => "#bcbd22",
        Emotion::Neutral => "#9e9e9e",
    }
}

fn render(name: &str, messages: &[&str], results: &[EmotionResult]) -> String {
    let n = results.len();
    let mut counts = [0usize; Emotion::COUNT];
    let mut bins = [[0usize; Emotion::COUNT]; BINS];
    let mut words: Vec<HashMap<String, usize>> = vec![HashMap::new(); Emotion::COUNT];
    let mut kinds = [0usize; EscalationKind::COUNT];
    let (mut negative, mut positive) = (0usize, 0usize);
    for r in results {
        counts[r.emotion.index()] += 1;
        match r.emotion.polarity() {
            Polarity::Negative => negative += 1,
            Polarity::Positive => positive += 1,
            Polarity::Neutral => {}
        }
        if r.emotion != Emotion::Neutral {
            let bin = ((r.intensity * BINS as f32) as usize).min(BINS - 1);
            bins[bin][r.emotion.index()] += 1;
        }
        for e in &r.evidence {
            *words[e.emotion.index()].entry(e.text.clone()).or_default() += 1;
        }
        for k in r.escalation.kinds() {
            kinds[k.index()] += 1;
        }
    }
    let escalations: Vec<usize> = (0..n).filter(|&i| results[i].escalation.escalate).collect();
    let pct = |a: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * a as f64 / n as f64
        }
    };

    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>客户情绪报告 · {title}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; background: #f4f5f7; color: #222; }}
main {{ max-width: 1120px; margin: 0 auto; padding: 24px; }}
h1 {{ font-size: 24px; margin: 0 0 4px; }}
h2 {{ font-size: 17px; margin: 0 0 12px; }}
.sub {{ color: #666; font-size: 13px; margin-bottom: 18px; }}
.cards {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 16px; }}
.card {{ background: #fff; border-radius: 8px; padding: 14px 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }}
.card .v {{ font-size: 28px; font-weight: 700; }}
.card .l {{ color: #666; font-size: 13px; }}
.card.alert .v {{ color: #c62828; }}
.grid {{ display: grid; grid-template-columns: 1fr 1fr; gap: 16px; margin-bottom: 16px; }}
section {{ background: #fff; border-radius: 8px; padding: 16px; box-shadow: 0 1px 2px rgba(0,0,0,.08); margin-bottom: 16px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ text-align: left; padding: 6px 8px; border-bottom: 1px solid #eee; vertical-align: top; }}
th {{ color: #555; font-weight: 600; }}
mark {{ background: #ffe08a; padding: 0 1px; border-radius: 2px; }}
.tag {{ display: inline-block; font-size: 12px; padding: 1px 6px; border-radius: 10px; color: #fff; margin: 1px 2px 1px 0; white-space: nowrap; }}
.kind {{ background: #c62828; }}
.words span {{ display: inline-block; background: #f0f1f3; border-radius: 4px; padding: 1px 6px; margin: 2px 3px 2px 0; }}
.words b {{ color: #888; font-weight: 400; font-size: 11px; margin-left: 3px; }}
.muted {{ color: #888; }}
table.aspects td.n {{ text-align: right; font-variant-numeric: tabular-nums; width: 44px; }}
table.aspects th.n {{ text-align: right; }}
table.aspects .ex {{ display: block; }}
table.aspects td.advice {{ font-size: 12px; max-width: 260px; }}
svg text {{ font-family: inherit; }}
</style></head><body><main>
<h1>客户情绪报告 <span class="muted" style="font-size:15px;font-weight:400">Customer emotion report</span></h1>
<div class="sub">文件 {title} · {n} 条消息 · zh-emotion {version}</div>
"#,
        title = esc(name),
        n = n,
        version = env!("CARGO_PKG_VERSION"),
    );

    // Totals.
    let _ = write!(
        h,
        r#"<div class="cards">
<div class="card"><div class="v">{n}</div><div class="l">消息总数 messages</div></div>
<div class="card alert"><div class="v">{esc_n}</div><div class="l">需升级 escalations ({esc_p:.1}%)</div></div>
<div class="card"><div class="v">{neg_p:.0}%</div><div class="l">负面情绪 negative ({negative})</div></div>
<div class="card"><div class="v">{pos_p:.0}%</div><div class="l">正面情绪 positive ({positive})</div></div>
</div>
"#,
        esc_n = escalations.len(),
        esc_p = pct(escalations.len()),
        neg_p = pct(negative),
        pos_p = pct(positive),
    );

    h.push_str(r#"<div class="grid">"#);
    h.push_str(r#"<section><h2>情绪分布 Label distribution</h2>"#);
    h.push_str(&label_chart(&counts, n));
    h.push_str("</section>");
    h.push_str(r#"<section><h2>强度分布 Intensity histogram <span class="muted" style="font-weight:400;font-size:12px">(非中性消息 non-neutral)</span></h2>"#);
    h.push_str(&histogram(&bins));
    h.push_str("</section></div>");

    h.push_str(&aspect_table(results));

    // Escalations.
    let _ = write!(
        h,
        r#"<section><h2>需升级的消息 Escalations ({})</h2>"#,
        escalations.len()
    );
    if escalations.is_empty() {
        h.push_str(r#"<p class="muted">没有需要升级的消息。No message needs escalation.</p>"#);
    } else {
        let summary: Vec<String> = EscalationKind::ALL
            .into_iter()
            .filter(|k| kinds[k.index()] > 0)
            .map(|k| format!("{} {} <b>{}</b>", k.zh(), k.id(), kinds[k.index()]))
            .collect();
        let _ = write!(
            h,
            r#"<p class="words">{}</p>"#,
            summary
                .iter()
                .map(|s| format!("<span>{s}</span>"))
                .collect::<String>()
        );
        h.push_str(
            "<table><tr><th>#</th><th>消息 message</th><th>原因 reasons</th><th>情绪 emotion</th><th>建议 guidance</th></tr>",
        );
        for &i in &escalations {
            let r = &results[i];
            let reasons: String = r
                .escalation
                .kinds()
                .into_iter()
                .map(|k| format!(r#"<span class="tag kind">{}</span>"#, k.zh()))
                .collect();
            let g = guidance::for_result(r);
            let _ = write!(
                h,
                r#"<tr><td class="muted">{line}</td><td>{text}</td><td>{reasons}</td><td><span class="tag" style="background:{c}">{zh}</span> {lvl}/3</td><td title="{en}">{gzh}<br><span class="muted">{gid}</span></td></tr>"#,
                line = i + 1,
                text = highlight(messages[i], r),
                c = colour(r.emotion),
                zh = r.emotion.zh(),
                lvl = r.intensity_level(),
                en = esc(g.en),
                gzh = esc(g.zh),
                gid = g.id,
            );
        }
        h.push_str("</table>");
    }
    h.push_str("</section>");

    // Evidence words.
    h.push_str(r#"<section><h2>各情绪高频证据词 Top evidence words per label</h2><table>"#);
    for e in Emotion::ALL {
        let mut top: Vec<(&String, &usize)> = words[e.index()].iter().collect();
        if top.is_empty() {
            continue;
        }
        top.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        let list: String = top
            .iter()
            .take(TOP_WORDS)
            .map(|(w, c)| format!("<span>{}<b>{c}</b></span>", esc(w)))
            .collect();
        let _ = write!(
            h,
            r#"<tr><td style="width:160px;white-space:nowrap"><span class="tag" style="background:{}">{}</span> <span class="muted">{}</span></td><td class="words">{list}</td></tr>"#,
            colour(e),
            e.zh(),
            e.id()
        );
    }
    h.push_str("</table></section>");
    h.push_str(r#"<p class="muted" style="font-size:12px">由 zh-emotion 生成：标签、强度与证据来自词典与线性模型，升级原因来自 data/escalation.tsv 的规则。Generated by zh-emotion.</p>"#);
    h.push_str("</main></body></html>\n");
    h
}

/// The message with the escalation cues marked.
fn highlight(text: &str, r: &EmotionResult) -> String {
    let mut spans: Vec<(usize, usize)> = r
        .escalation
        .reasons
        .iter()
        .map(|x| (x.start, x.end))
        .collect();
    spans.sort_unstable();
    let mut out = String::new();
    let mut at = 0;
    for (s, e) in spans {
        if s < at || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&esc(&text[at..s]));
        let _ = write!(out, "<mark>{}</mark>", esc(&text[s..e]));
        at = e;
    }
    out.push_str(&esc(&text[at..]));
    out
}

/// Horizontal bars, one per label, with counts and shares.
fn label_chart(counts: &[usize; Emotion::COUNT], n: usize) -> String {
    let (w, row, left, right) = (500.0, 28.0, 120.0, 90.0);
    let height = row * Emotion::COUNT as f64 + 8.0;
    let max = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let mut s = format!(
        r#"<svg viewBox="0 0 {w} {height}" width="100%" role="img" aria-label="label distribution" xmlns="http://www.w3.org/2000/svg">"#
    );
    for (i, e) in Emotion::ALL.into_iter().enumerate() {
        let y = 4.0 + i as f64 * row;
        let c = counts[i];
        let bw = (w - left - right) * c as f64 / max;
        let share = if n == 0 {
            0.0
        } else {
            100.0 * c as f64 / n as f64
        };
        let _ = write!(
            s,
            r##"<text x="{tx}" y="{ty}" font-size="13" text-anchor="end" fill="#333">{zh} <tspan fill="#999" font-size="11">{id}</tspan></text><rect x="{left}" y="{ry}" width="{bw:.1}" height="{bh}" rx="3" fill="{col}"/><text x="{vx:.1}" y="{ty}" font-size="12" fill="#333">{c} ({share:.0}%)</text>"##,
            tx = left - 8.0,
            ty = y + row / 2.0 + 4.0,
            zh = e.zh(),
            id = e.id(),
            ry = y + 4.0,
            bh = row - 8.0,
            col = colour(e),
            vx = left + bw + 6.0,
        );
    }
    s.push_str("</svg>");
    s
}

/// A stacked histogram of intensities in [`BINS`] bins, coloured by label.
fn histogram(bins: &[[usize; Emotion::COUNT]; BINS]) -> String {
    let (w, h, left, bottom, top) = (500.0, 260.0, 36.0, 40.0, 10.0);
    let max = bins
        .iter()
        .map(|b| b.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let plot_h = h - bottom - top;
    let bar_w = (w - left - 10.0) / BINS as f64;
    let mut s = format!(
        r#"<svg viewBox="0 0 {w} {h}" width="100%" role="img" aria-label="intensity histogram" xmlns="http://www.w3.org/2000/svg">"#
    );
    // Gridlines at whole, evenly spaced counts; the axis ends at the last one.
    let step = max.div_ceil(4).max(1);
    let max = step * max.div_ceil(step);
    for t in 0..=max / step {
        let v = (t * step) as f64;
        let y = top + plot_h - plot_h * v / max as f64;
        let _ = write!(
            s,
            r##"<line x1="{left}" x2="{x2}" y1="{y:.1}" y2="{y:.1}" stroke="#eee"/><text x="{tx}" y="{ty:.1}" font-size="11" text-anchor="end" fill="#888">{v:.0}</text>"##,
            x2 = w - 10.0,
            tx = left - 4.0,
            ty = y + 4.0,
        );
    }
    for (b, counts) in bins.iter().enumerate() {
        let x = left + b as f64 * bar_w + 2.0;
        let mut y = top + plot_h;
        for e in Emotion::ALL {
            let c = counts[e.index()];
            if c == 0 {
                continue;
            }
            let bh = plot_h * c as f64 / max as f64;
            y -= bh;
            let _ = write!(
                s,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{bw:.1}" height="{bh:.1}" fill="{col}"><title>{zh} {c}</title></rect>"#,
                bw = bar_w - 4.0,
                col = colour(e),
                zh = e.zh(),
            );
        }
        let total: usize = counts.iter().sum();
        if total > 0 {
            let _ = write!(
                s,
                r##"<text x="{cx:.1}" y="{ty:.1}" font-size="11" text-anchor="middle" fill="#333">{total}</text>"##,
                cx = x + (bar_w - 4.0) / 2.0,
                ty = y - 3.0,
            );
        }
    }
    // Axis labels: bin edges.
    for b in 0..=BINS {
        if b % 2 == 0 {
            let _ = write!(
                s,
                r##"<text x="{x:.1}" y="{y}" font-size="11" text-anchor="middle" fill="#666">{v:.1}</text>"##,
                x = left + b as f64 * bar_w,
                y = top + plot_h + 16.0,
                v = b as f64 / BINS as f64,
            );
        }
    }
    let _ = write!(
        s,
        r##"<text x="{x}" y="{y}" font-size="12" text-anchor="middle" fill="#444">强度 intensity（轻 1 · 中 2 · 强 3 ≈ 0.33 · 0.67 · 1.0）</text>"##,
        x = left + (w - left) / 2.0,
        y = h - 6.0,
    );
    s.push_str("</svg>");
    // Legend.
    s.push_str(r#"<div class="words" style="font-size:12px">"#);
    for e in Emotion::ALL {
        if e == Emotion::Neutral {
            continue;
        }
        let _ = write!(
            s,
            r#"<span><svg width="10" height="10"><rect width="10" height="10" fill="{}"/></svg> {}</span>"#,
            colour(e),
            e.zh()
        );
    }
    s.push_str("</div>");
    s
}

/// The aspects of one category over the whole file.
#[derive(Default)]
struct CategoryRow {
    /// Aspects per emotion, in `Emotion::ALL` order.
    counts: [usize; Emotion::COUNT],
    /// Aspects with a polarity below 0, and the sum of their polarities.
    negative: usize,
    negative_sum: f64,
    /// The most negative spans, distinct, lowest polarity first (the earlier on a tie).
    examples: Vec<(f32, String)>,
}

impl CategoryRow {
    fn total(&self) -> usize {
        self.counts.iter().sum()
    }

    fn add(&mut self, emotion: Emotion, polarity: f32, text: &str) {
        self.counts[emotion.index()] += 1;
        if polarity < 0.0 {
            self.negative += 1;
            self.negative_sum += f64::from(polarity);
        }
        if self.examples.iter().any(|(_, t)| t == text) {
            return;
        }
        let at = self
            .examples
            .iter()
            .position(|(p, _)| polarity.total_cmp(p).is_lt())
            .unwrap_or(self.examples.len());
        if at < EXAMPLES {
            self.examples.insert(at, (polarity, text.to_string()));
            self.examples.truncate(EXAMPLES);
        }
    }
}

/// The aspect table: one row per category that has aspects, worst first, one column
/// per emotion.
fn aspect_table(results: &[EmotionResult]) -> String {
    let mut rows: Vec<CategoryRow> = AspectCategory::ALL
        .iter()
        .map(|_| CategoryRow::default())
        .collect();
    for a in results.iter().flat_map(|r| &r.aspects) {
        rows[a.category.index()].add(a.emotion, a.polarity, &a.text);
    }
    let mut order: Vec<AspectCategory> = AspectCategory::ALL
        .into_iter()
        .filter(|c| rows[c.index()].total() > 0)
        .collect();
    order.sort_by(|a, b| {
        let (ra, rb) = (&rows[a.index()], &rows[b.index()]);
        rb.negative
            .cmp(&ra.negative)
            .then(ra.negative_sum.total_cmp(&rb.negative_sum))
            .then(a.index().cmp(&b.index()))
    });
    let total: usize = rows.iter().map(CategoryRow::total).sum();
    let max = order
        .iter()
        .flat_map(|c| rows[c.index()].counts)
        .max()
        .unwrap_or(0)
        .max(1);

    let mut h = String::new();
    let _ = write!(
        h,
        r#"<section id="aspects"><h2>观点对象 What the opinions are about <span class="muted" style="font-weight:400;font-size:12px">({total} 个观点 aspects)</span></h2>"#
    );
    if order.is_empty() {
        h.push_str(r#"<p class="muted">没有找到观点。No aspects found.</p></section>"#);
        return h;
    }
    h.push_str(r#"<p class="muted" style="font-size:12px;margin:0 0 8px">每格为该类别下该情绪的观点数。按负面观点数（极性 &lt; 0）从多到少排列，相同时按其极性之和从低到高；示例为最负面的片段。Each cell counts the aspects of the category with the emotion. Rows are ordered by the number of negative aspects (polarity &lt; 0), most first, then by the sum of their polarities, lowest first; the examples are the most negative spans.</p>"#);
    h.push_str(r#"<table class="aspects"><tr><th>类别 category</th>"#);
    for e in Emotion::ALL {
        let _ = write!(
            h,
            r#"<th class="n" title="{id}"><span class="tag" style="background:{c}">{zh}</span></th>"#,
            id = e.id(),
            c = colour(e),
            zh = e.zh(),
        );
    }
    h.push_str(r#"<th class="n">负面 negative</th><th class="n">合计 total</th><th>示例 examples</th><th>建议 advice</th></tr>"#);
    for c in order {
        let row = &rows[c.index()];
        let _ = write!(
            h,
            r#"<tr data-category="{id}"><td style="white-space:nowrap">{zh} <span class="muted">{id}</span></td>"#,
            id = c.id(),
            zh = c.zh(),
        );
        for e in Emotion::ALL {
            let n = row.counts[e.index()];
            if n == 0 {
                let _ = write!(h, r#"<td class="n muted" data-emotion="{}">0</td>"#, e.id());
            } else {
                // The cell tinted with the emotion's colour, darker for more aspects.
                let alpha = 0.12 + 0.5 * n as f64 / max as f64;
                let _ = write!(
                    h,
                    r#"<td class="n" data-emotion="{id}" style="background:{c}{a:02x}">{n}</td>"#,
                    id = e.id(),
                    c = colour(e),
                    a = (alpha * 255.0).round() as u8,
                );
            }
        }
        let examples: String = row
            .examples
            .iter()
            .map(|(p, t)| {
                format!(
                    r#"<span class="ex">{} <span class="muted">{p:+.2}</span></span>"#,
                    esc(t)
                )
            })
            .collect();
        // The advice for complaints about the category (none for `general`, nor for a
        // category without negative aspects).
        let advice = match guidance::for_category(c) {
            Some(a) if row.negative > 0 => format!(
                r#"<td class="advice" data-advice="{id}" title="{en}">{zh}</td>"#,
                id = a.id,
                en = esc(a.en),
                zh = esc(a.zh),
            ),
            _ => "<td></td>".to_string(),
        };
        let _ = write!(
            h,
            r#"<td class="n" data-negative="{neg}">{neg}</td><td class="n">{total}</td><td>{examples}</td>{advice}</tr>"#,
            neg = row.negative,
            total = row.total(),
        );
    }
    h.push_str("</table></section>");
    h
}
