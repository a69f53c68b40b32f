"""Thread safety from Python threads: one classifier shared by many threads."""

import threading

import pyarrow as pa

import zh_emotion

from conftest import BENCH, read_lines


def test_threads_share_one_classifier_and_get_identical_results():
    lines = read_lines(BENCH)[:300]
    classifier = zh_emotion.Classifier()
    expected = [zh_emotion.classify(t) for t in lines]
    expected_arrow = classifier.classify_arrow(pa.array(lines), threads=1)
    failures = []
    barrier = threading.Barrier(6)

    def work(kind):
        try:
            barrier.wait()
            for _ in range(3):
                if kind == 0:
                    got = [classifier.classify(t) for t in lines]
                elif kind == 1:
                    got = classifier.classify_batch(lines, threads=2)
                else:
                    got = classifier.classify_arrow(pa.array(lines), threads=kind - 1)
                    if not got.equals(expected_arrow):
                        failures.append(f"arrow, thread kind {kind}")
                    continue
                if got != expected:
                    failures.append(f"thread kind {kind}")
        except Exception as e:  # noqa: BLE001 - reported by the assertion below
            failures.append(repr(e))

    threads = [threading.Thread(target=work, args=(k % 4,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


def test_the_gil_is_released_while_classifying():
    # While one thread classifies a large batch, another Python thread keeps running:
    # it counts how often it got the interpreter during the call.
    lines = read_lines(BENCH) * 8
    ticks = 0
    done = threading.Event()

    def counter():
        nonlocal ticks
        while not done.is_set():
            ticks += 1

    t = threading.Thread(target=counter)
    t.start()
    try:
        before = ticks
        zh_emotion.classify_batch(lines, threads=1)
        during = ticks - before
    finally:
        done.set()
        t.join()
    # With the GIL held for the whole call (a quarter of a second or more) the counter
    # would stay still, but for at most one switch interval (5 ms, about 15,000 ticks)
    # before the call takes the GIL back.
    assert during > 60_000, during
