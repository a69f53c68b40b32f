#!/usr/bin/env python3
"""Writes data/aspect_levels.tsv: the targets whose level is their judgement, and which way.

油耗高 is blame and 动力足 praise, though neither 高 nor 足 is an emotion word: whether
more of a target is better or worse is a fact about the target. This script counts, in
the training data, opinions that name a target of data/aspects.tsv followed by a word of
level (高, 低, 大, 少, 下降, ..., after adverbs, degree words and negation only, at the
end of the clause), and votes: the opinion's gold side times the level word's direction
(times -1 under a negation) says whether more of the target is better.

Sources, training folds only (row i of a corpus file is in fold i mod 5; fold 0 is held
out for measuring, so nothing comes from it), and the project's own aspect training sets:
  * SIGHAN 2024 dimABSA restaurant opinions: the clause holding the opinion phrase, its
    side from the valence (below 4.5 negative, above 5.5 positive);
  * CCF BDCI 2018 car opinions with a non-zero sentiment: the clause holding the opinion
    word;
  * data/train/aspects/*.jsonl: each gold aspect's text and polarity.
A target is kept when it has at least 3 votes and at least 80% of them agree. The output
is sorted, so the same data always give the same file.

Usage: python3 scripts/mine_aspect_levels.py [--corpora ../shared/data] [--out data/aspect_levels.tsv]
"""
import argparse
import collections
import glob
import json
import os
import re

# Words of level, by direction (keep in step with src/assess/aspect/levels.rs).
UP = ["高", "大", "多", "强", "足", "快", "够", "充足", "提升", "增加", "长", "厚"]
DOWN = ["低", "小", "少", "弱", "慢", "下降", "不足", "减少", "短", "薄"]
# What may stand between a target and its level word.
BETWEEN = sorted(
    "也 都 还 确实 真 真的 就是 还是 倒是 又 会 是 也是 明显 的确 实在 当然 肯定 应该 可能 "
    "很 非常 太 过于 太过 过 有点太 超 超级 特别 十分 相当 挺 蛮 比较 较 偏 有点 有些 略 稍 稍微 更 最 算 还算 "
    "不算 那么 这么 好".split(),
    key=len,
    reverse=True,
)
# Degree words of excess: 份量有点太多 is blame whichever way 份量 is better, so it casts no vote.
EXCESS = {"太", "过于", "太过", "有点", "有些", "偏", "有点太", "过"}
NEGATIONS = sorted("不 没 没有 不是 并不 并没有 不太 不怎么".split(), key=len, reverse=True)
PARTICLES = sorted(
    "的 了 啊 呀 吧 呢 哦 哟 哈 嘛 啦 些 一些 一点 点 了点 一点点".split(), key=len, reverse=True
)
BREAK = re.compile(r"[，,。.!！?？;；：:\s~～、…]+")
MIN_VOTES = 3
MIN_AGREEMENT = 0.8


def targets(path):
    out = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 4 and fields[2] == "target":
                out.add(fields[0].lower())
    return out


def strip_any(text, words):
    for w in words:
        if text.startswith(w):
            return text[len(w):], w
    return text, None


def level_votes(clause, terms, longest):
    """(target, direction of more) for each target judged by its level in `clause`."""
    clause = clause.lower()
    out = []
    i = 0
    while i < len(clause):
        target = None
        for n in range(min(longest, len(clause) - i), 0, -1):
            if clause[i:i + n] in terms:
                target = clause[i:i + n]
                break
        if target is None:
            i += 1
            continue
        rest = clause[i + len(target):]
        flips = 1
        excess = False
        while True:
            rest2, w = strip_any(rest, BETWEEN)
            excess |= w in EXCESS
            if w is None:
                rest2, w = strip_any(rest, NEGATIONS)
                if w is not None:
                    flips = -flips
            if w is None:
                break
            rest = rest2
        direction = None
        for words, d in ((UP, 1), (DOWN, -1)):
            for w in sorted(words, key=len, reverse=True):
                if rest.startswith(w):
                    after = rest[len(w):]
                    while after:
                        after, p = strip_any(after, PARTICLES)
                        if p is None:
                            break
                    if not after:
                        direction = d
                    break
            if direction is not None:
                break
        if direction is not None and not excess:
            out.append((target, direction * flips))
        i += len(target)
    return out


def clause_holding(text, word):
    """The clause of `text` holding `word`, or None."""
    at = text.find(word) if word else -1
    if at < 0:
        return None
    start = max((m.end() for m in BREAK.finditer(text, 0, at)), default=0)
    end = BREAK.search(text, at + len(word))
    return text[start:end.start() if end else len(text)]


def training_rows(path):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return [row for i, row in enumerate(rows) if i % 5 != 0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="../shared/data")
    ap.add_argument("--out", default="data/aspect_levels.tsv")
    args = ap.parse_args()
    terms = targets("data/aspects.tsv")
    longest = max(map(len, terms))
    # (clause, side): side +1 praise, -1 blame.
    judged = []
    for row in training_rows(os.path.join(args.corpora, "aspect/dimabsa2024_restaurant_train.jsonl")):
        for o in row.get("opinions", []):
            v = o.get("valence")
            side = -1 if v is not None and v < 4.5 else 1 if v is not None and v > 5.5 else 0
            clause = clause_holding(row["text"], o.get("opinion") if o.get("opinion") != "NULL" else None)
            if side and clause:
                judged.append((clause, side))
    for row in training_rows(os.path.join(args.corpora, "aspect/bdci2018_car_opinions.jsonl")):
        for o in row.get("opinions", []):
            side = o.get("sentiment", 0)
            clause = clause_holding(row["text"], o.get("word") or None)
            if side and clause:
                judged.append((clause, side))
    for path in sorted(glob.glob("data/train/aspects/*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                for a in json.loads(line).get("aspects", []):
                    side = {"positive": 1, "negative": -1}.get(a.get("polarity"), 0)
                    if side and a.get("text"):
                        judged.append((a["text"], side))
    votes = collections.defaultdict(collections.Counter)
    for clause, side in judged:
        for target, direction in set(level_votes(clause, terms, longest)):
            votes[target][side * direction] += 1
    kept = []
    for target in sorted(votes):
        c = votes[target]
        n = c[1] + c[-1]
        better = c[1] >= c[-1]
        share = max(c[1], c[-1]) / n if n else 0.0
        if n >= MIN_VOTES and share >= MIN_AGREEMENT:
            kept.append((target, "better" if better else "worse", n, share))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(
            "# Targets whose level is their judgement: whether more of the target is better\n"
            "# (动力, 份量) or worse (油耗, 价格). Read by src/assess/aspect/levels.rs; written by\n"
            "# scripts/mine_aspect_levels.py from the training folds of two public corpora and\n"
            "# the project's own aspect training sets (see data/README.md). Do not edit by hand.\n"
            "#\n"
            "# Format: term<TAB>better|worse<TAB>votes<TAB>share of the votes that agree\n"
        )
        for target, way, n, share in kept:
            f.write(f"{target}\t{way}\t{n}\t{share:.2f}\n")
    print(f"{len(judged)} judged clauses, {len(votes)} targets with votes, {len(kept)} kept")


if __name__ == "__main__":
    main()
