#!/usr/bin/env python3
"""Writes the mined part of data/aspects.tsv (everything from its "# ---- mined" line on).

Sources, training folds only: row i of a corpus file is in fold i mod 5, and fold 0 is
held out for measuring (examples/aspect_eval.rs), so no term comes from it.
  * SIGHAN 2024 dimABSA (restaurant, Simplified Chinese): the opinions' `aspect` target
    words, with their categories mapped as in the crate docs. A term is kept when its
    most frequent category has at least 75% of its occurrences, and a one-character term
    only when it occurs at least 3 times.
    Their opinion phrases, without leading degree words and trailing particles
    (非常爽口 → 爽口), are `cue` terms of the opinion's category when they occur at
    least twice, 75% of them in one category, have two characters or more and are not
    generic praise or blame (不错, 推荐, 不太喜欢).
  * CCF BDCI 2018 car opinions: the opinion words (`word`) of the subjects with a
    sentiment, as `cue` terms of the mapped category, when they occur at least 3 times
    and at least 80% of them under one of the ten subjects, and have at least two characters.
Terms already in the hand-written part keep their hand-written row. The output is sorted,
so the same corpora always give the same file.

Usage: python3 scripts/mine_aspect_terms.py [--corpora ../shared/data] [--out data/aspects.tsv]
"""
import argparse
import collections
import json
import os

MARKER = "\n# ---- mined"

DIMABSA = {
    "食物#品质": "quality", "食物#份量与款式": "quality", "饮料#品质": "quality",
    "饮料#份量与款式": "quality", "服务#概括": "service", "氛围#概括": "environment",
    "食物#价格": "price", "餐厅#价格": "price", "饮料#价格": "price",
    "地点#概括": "location", "餐厅#概括": "general", "餐厅#杂项": "general",
}
BDCI = {
    "价格": "price", "安全性": "quality", "动力": "features", "操控": "features",
    "油耗": "features", "舒适性": "features", "配置": "features", "空间": "features",
    "外观": "features", "内饰": "features",
}

# Evaluative words that BDCI annotators happened to give mostly under one car aspect but
# that say nothing about an aspect in other text.
GENERIC = {
    "下降", "不够", "不足", "优势", "增加", "够用", "失望", "没问题", "满意", "不错", "喜欢",
    "推荐", "值得", "普通", "一般", "还好", "还行", "可以", "好", "棒", "赞", "优秀", "完美",
    "惊艳", "特别", "不行", "差", "超赞", "最爱", "加分", "扣分", "很好", "好吃", "美味",
    "好评", "必点", "印象深刻", "大推", "难忘", "满足", "开心", "享受", "舒服", "用心",
}
# Opinion phrases holding one of these are praise or blame of anything (不太喜欢, 不出色).
GENERIC_PARTS = (
    "喜欢 爱 推 ok 习惯 出色 及格 水准 一般 行 赖 满意 失望 不错 棒 赞 优秀 完美 惊艳 普通 "
    "还好 明显 一绝 一定 值得 特别 差 好 加分 扣分 必点 最佳 用心 享受"
).split()
# Degree words and particles stripped from dimABSA opinion phrases (非常爽口 → 爽口).
DEGREE_PREFIXES = sorted(
    "很 非常 超级 超 真的 真 好 有点 有些 太 蛮 挺 相当 颇 极 极为 略 略显 偏 十分 特别 "
    "也 都 还 又 就 更 最 比较 算 算是 稍 稍微 微 不会 让人 令人 十足 实在 真是 真心 "
    "整个 完全 一点 有一点 满 颇为 非常的 超级的".split(),
    key=len, reverse=True,
)
SUFFIXES = ("的", "了", "啦", "喔", "哦", "呢", "耶", "唷", "呀")


def core(opinion):
    """The opinion phrase without leading degree words and trailing particles."""
    word = opinion.strip()
    changed = True
    while changed and word:
        changed = False
        for p in DEGREE_PREFIXES:
            if word.startswith(p) and len(word) > len(p):
                word, changed = word[len(p):], True
                break
        while word.endswith(SUFFIXES) and len(word) > 1:
            word, changed = word[:-1], True
    return word


def training_rows(path):
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if line.strip() and i % 5 != 0:
                yield json.loads(line)


def weight(share, count):
    # Frequent, unambiguous terms decide more; rare ones count a little less.
    w = 1.0 if count >= 3 else 0.8
    if share < 0.9:
        w *= 0.8
    return round(w, 2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpora", default="../shared/data")
    ap.add_argument("--out", default="data/aspects.tsv")
    args = ap.parse_args()

    with open(args.out, encoding="utf-8") as f:
        text = f.read()
    head, sep, _ = text.partition(MARKER)
    if not sep:
        raise SystemExit(f"{args.out} has no line starting {MARKER.strip()!r}")
    taken = set()
    for line in head.splitlines():
        if line.strip() and not line.startswith("#"):
            fields = line.split("\t")
            taken.add((fields[0].lower(), fields[2]))

    targets = collections.defaultdict(collections.Counter)
    opinions = collections.defaultdict(collections.Counter)
    for row in training_rows(os.path.join(args.corpora, "aspect/dimabsa2024_restaurant_train.jsonl")):
        for o in row["opinions"]:
            term = o["aspect"].strip()
            if term == "NULL" or term not in row["text"] or o["category"] not in DIMABSA:
                continue
            targets[term.lower()][DIMABSA[o["category"]]] += 1
            word = core(o.get("opinion") or "").lower()
            if word and word != "null" and word in row["text"]:
                opinions[word][DIMABSA[o["category"]]] += 1

    cues = collections.defaultdict(collections.Counter)
    for row in training_rows(os.path.join(args.corpora, "aspect/bdci2018_car_opinions.jsonl")):
        for o in row["opinions"]:
            word = (o.get("word") or "").strip()
            if o["sentiment"] == 0 or not word or o["subject"] not in BDCI:
                continue
            cues[word.lower()][o["subject"]] += 1

    out = []
    for term, counts in sorted(targets.items()):
        category, n = counts.most_common(1)[0]
        total = sum(counts.values())
        share = n / total
        if share < 0.75 or (len(term) == 1 and total < 3) or "\t" in term:
            continue
        if (term, "target") in taken:
            continue
        out.append((term, category, "target", weight(share, total), "dimABSA"))
    for word, counts in sorted(opinions.items()):
        category, n = counts.most_common(1)[0]
        total = sum(counts.values())
        share = n / total
        if total < 2 or share < 0.75 or len(word) < 2 or word in GENERIC or "\t" in word:
            continue
        if any(part in word for part in GENERIC_PARTS) and word not in ("好吃", "不好吃"):
            continue
        if (word, "cue") in taken or (word, "opinion") in taken:
            continue
        out.append((word, category, "cue", weight(share, total), "dimABSA"))
    for word, counts in sorted(cues.items()):
        # The share is over the ten subjects, not the mapped categories: a word spread
        # over several car aspects (满意, 没问题) says nothing about which one.
        subject, n = counts.most_common(1)[0]
        category = BDCI[subject]
        total = sum(counts.values())
        share = n / total
        if total < 3 or share < 0.8 or len(word) < 2 or word in GENERIC:
            continue
        if (word, "cue") in taken or (word, "opinion") in taken:
            continue
        out.append((word, category, "cue", weight(share, total), "BDCI"))

    with open(args.out, "w", encoding="utf-8") as f:
        f.write(head)
        f.write(MARKER + " by scripts/mine_aspect_terms.py: do not edit below this line\n")
        for source in ("dimABSA", "BDCI"):
            rows = [r for r in out if r[4] == source]
            f.write(f"# {len(rows)} terms from the {source} training folds\n")
            for term, category, role, w, _ in rows:
                f.write(f"{term}\t{category}\t{role}\t{w:g}\n")
    print(f"{len(out)} mined terms written to {args.out}")


if __name__ == "__main__":
    main()
