#!/usr/bin/env bash
# Reproduces every accuracy figure of the README (run by hand; needs ../shared).
# Usage: scripts/evaluate_all.sh [quick]   ("quick" skips cross-validation and leave-one-category-out)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
CLUE_MAP="like=joy,happiness=joy,sadness=sadness,anger=anger,disgust=disgust,fear=anxiety,surprise=surprise"
cargo build -q --release --examples
eval=target/release/examples/evaluate

echo "### customer_dev.jsonl (nine labels)"
$eval "$SHARED/data/customer_dev.jsonl" --errors 15
echo "### escalation_dev.jsonl (nine labels)"
$eval "$SHARED/data/escalation_dev.jsonl" --errors 5
echo "### held-out 10% of online_shopping_9_cats.csv (polarity)"
$eval --input "$SHARED/data/polarity/online_shopping_9_cats.csv" --text review --label label \
  --map 1=positive,0=negative --holdout 0.1 --split test --errors 5
echo "### held-out 20% of clue_emotion_valid.jsonl (mapped emotions)"
$eval --input "$SHARED/data/emotion/clue_emotion_valid.jsonl" --map "$CLUE_MAP" --holdout 0.2 --split test --errors 5

if [ "${1:-}" != quick ]; then
  echo "### 5-fold cross-validation (CLUE, shopping, customer messages held out fold by fold)"
  scripts/train.sh --cv 5 2>/dev/null | grep -E "^all"
  echo "### leave-one-category-out on online_shopping_9_cats.csv"
  scripts/train.sh --leave-one-group-out 2>/dev/null
fi
