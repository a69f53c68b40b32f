#!/usr/bin/env python3
"""Puts the crate's figures beside the plain baseline's, row by row, for every row of
`plain_baseline.py all`: leave-one-source-out polarity, 5-fold cross-validation, and the
SMP2020-EWECT eval split.

Usage: side_by_side.py --baseline BASELINE.md --loso LOSO.txt --cv CV.txt --smp-eval EVAL.txt
(the outputs of scripts/plain_baseline.sh, `train --leave-one-source-out`, `train --cv 5`
and `evaluate` on the eval split; scripts/evaluate_all.sh writes them)."""
import argparse, re

def rows(md):
    out = {}
    for line in open(md, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[1] not in ("rows", "---", ""):
            out[cells[0]] = cells[2]
    return out

def number(pattern, text):
    m = re.search(pattern, text)
    return float(m.group(1)) if m else None

def line_of(lines, *needles):
    for l in lines:
        if all(n in l for n in needles):
            return l
    return ""

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for a in ("--baseline", "--loso", "--cv", "--smp-eval"):
        ap.add_argument(a, required=True)
    a = ap.parse_args()
    base = rows(a.baseline)
    loso = open(a.loso, encoding="utf-8").read().splitlines()
    cv = [l for l in open(a.cv, encoding="utf-8").read().splitlines() if l.startswith("all ")]
    ev = open(a.smp_eval, encoding="utf-8").read()
    table = []  # (row, crate, baseline, margin)

    def add(name, crate, baseline):
        if crate is None or baseline is None:
            table.append((name, crate, baseline, None))
        else:
            table.append((name, crate, baseline, crate - baseline))

    review = []
    for key, figure in base.items():
        if key.startswith("shopping:"):
            cat = key.split(":", 1)[1]
            ours = number(r"polarity accuracy ([0-9.]+)", line_of(loso, "online_shopping_9_cats", f"(only {cat})"))
            add(f"LOSO polarity, {key}", ours, float(figure)); review.append(ours)
        elif key in ("nlpcc2014_product_reviews", "smp2020_ewect_train", "nlpcc2014_weibo_emotion", "clue_emotion_valid"):
            ours = number(r"polarity accuracy ([0-9.]+)", line_of(loso, "left out", key + ".jsonl"))
            add(f"LOSO polarity, {key}", ours, float(figure))
            if key == "nlpcc2014_product_reviews":
                review.append(ours)
        elif key.startswith("review sources"):
            worst, mean = (float(x) for x in figure.split("/"))
            if review and None not in review:
                add("LOSO polarity, review sources: worst", min(review), worst)
                add("LOSO polarity, review sources: mean", sum(review) / len(review), mean)
        elif key.startswith(("smp2020_ewect_train,", "nlpcc2014_weibo_emotion,", "clue_emotion_valid,")):
            corpus = key.split(",")[0]
            l = line_of(cv, corpus + ".jsonl")
            bacc, bf1 = number(r"accuracy ([0-9.]+)", figure), number(r"macro-F1 ([0-9.]+)", figure)
            add(f"5-fold {corpus}: accuracy", number(r", accuracy ([0-9.]+)", l), bacc)
            add(f"5-fold {corpus}: macro-F1", number(r"macro-F1 ([0-9.]+)", l), bf1)
        elif key.startswith("smp2020_ewect_eval"):
            add("SMP2020-EWECT eval: accuracy", number(r"class accuracy\s+([0-9.]+)", ev), number(r"accuracy ([0-9.]+)", figure))
            add("SMP2020-EWECT eval: macro-F1", number(r"class macro-F1\s+([0-9.]+)", ev), number(r"macro-F1 ([0-9.]+)", figure))
        elif key.startswith("online_shopping_9_cats"):
            add("5-fold online_shopping_9_cats polarity", number(r"polarity accuracy ([0-9.]+)", line_of(cv, "online_shopping_9_cats.csv")), number(r"accuracy ([0-9.]+)", figure))
        elif key.startswith("nlpcc2014_product_reviews"):
            add("5-fold nlpcc2014_product_reviews polarity", number(r"polarity accuracy ([0-9.]+)", line_of(cv, "nlpcc2014_product_reviews.jsonl")), number(r"accuracy ([0-9.]+)", figure))
        elif key.startswith("dimabsa"):
            l = line_of(cv, "dimabsa2024_restaurant_train.jsonl")
            bv, ba = (float(x) for x in figure.split("/"))
            add("5-fold dimABSA: Spearman(valence, polarity)", number(r"Spearman\(valence, polarity\) ([0-9.-]+)", l), bv)
            add("5-fold dimABSA: Spearman(arousal, intensity)", number(r"Spearman\(arousal, intensity\) ([0-9.-]+)", l), ba)
        elif key.startswith("bdci"):
            add("5-fold BDCI car posts polarity", number(r"polarity accuracy ([0-9.]+)", line_of(cv, "bdci2018_car_opinions.jsonl")), number(r"accuracy ([0-9.]+)", figure))
    print("| row | zh-emotion | plain baseline | margin |\n|---|---|---|---|")
    fmt = lambda x: "n/a" if x is None else f"{x:.3f}"
    for name, c, b, m in table:
        print(f"| {name} | {fmt(c)} | {fmt(b)} | {'n/a' if m is None else f'{m:+.3f}'} |")
    margins = [m for *_, m in table if m is not None]
    if margins:
        beaten = sum(m >= 0 for m in margins)
        print(f"\nmatched or beaten on {beaten} of {len(margins)} rows; mean margin {sum(margins) / len(margins):+.4f}")

if __name__ == "__main__":
    main()
