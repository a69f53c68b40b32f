#!/usr/bin/env bash
# Prints every accuracy figure of the README (run by hand; needs the corpora folder),
# then the crate's figure beside the plain baseline's for every row of
# `plain_baseline.py all` (scripts/plain_baseline.sh; its table is kept in
# target/evaluate/baseline.md and rerun only when missing, since it takes 30 minutes).
# Usage: scripts/evaluate_all.sh [quick]   ("quick" skips cross-validation,
#        leave-one-source-out and the baseline, which retrain many times)
# CORPORA points at the corpora folder (default ../shared/data).
set -euo pipefail
cd "$(dirname "$0")/.."
D=${CORPORA:-../shared/data}
cargo build -q --release --examples
eval=target/release/examples/evaluate

echo "### customer_dev.jsonl (nine labels)"
$eval "$D/customer_dev.jsonl" --errors 15
echo "### escalation_dev.jsonl (nine labels)"
$eval "$D/escalation_dev.jsonl" --errors 5
echo "### escalation on both dev sets"
target/release/examples/escalation_eval "$D/customer_dev.jsonl" "$D/escalation_dev.jsonl"
echo "### conversation satisfaction on the STC-3 dialogues (Spearman)"
target/release/examples/satisfaction_eval "$D/dialogue/stc3_customer_helpdesk_dev.jsonl"
echo "### SMP2020-EWECT eval split (six classes; never trained on)"
mkdir -p target/evaluate
$eval --input "$D/emotion/smp2020_ewect_eval.jsonl" --label source_label --map smp2020 --errors 5 \
  | tee target/evaluate/smp_eval.txt
echo "### held-out 10% of online_shopping_9_cats.csv (polarity)"
$eval --input "$D/polarity/online_shopping_9_cats.csv" --text review --label label \
  --map 1=positive,0=negative --holdout 0.1 --split test --errors 5
echo "### held-out 10% of nlpcc2014_product_reviews.jsonl (polarity)"
$eval --input "$D/polarity/nlpcc2014_product_reviews.jsonl" --map positive=positive,negative=negative \
  --holdout 0.1 --split test --errors 5
echo "### held-out 10% of nlpcc2014_weibo_emotion.jsonl (seven classes)"
$eval --input "$D/emotion/nlpcc2014_weibo_emotion.jsonl" --label source_label --map nlpcc2014 \
  --holdout 0.1 --split test --errors 5
echo "### held-out 20% of clue_emotion_valid.jsonl (six classes)"
$eval --input "$D/emotion/clue_emotion_valid.jsonl" --map clue --holdout 0.2 --split test --errors 5

if [ "${1:-}" != quick ]; then
  echo "### 5-fold cross-validation (every input, row r in fold r mod 5)"
  CORPORA=$D scripts/train.sh --cv 5 2>/dev/null | tee target/evaluate/cv.txt | grep -E "^all"
  echo "### leave-one-source-out (each corpus, each shopping category)"
  CORPORA=$D scripts/train.sh --leave-one-source-out 2>/dev/null | tee target/evaluate/loso.txt
  [ -s target/evaluate/baseline.md ] || CORPORA=$D scripts/plain_baseline.sh > target/evaluate/baseline.md
  echo "### beside the plain baseline (every row of plain_baseline.py all)"
  python3 scripts/side_by_side.py --baseline target/evaluate/baseline.md \
    --loso target/evaluate/loso.txt --cv target/evaluate/cv.txt --smp-eval target/evaluate/smp_eval.txt
fi
