#!/usr/bin/env bash
# Rebuilds data/model.bin from the documented inputs (see data/README.md).
# SHARED points at the folder holding the public corpora (default ../shared).
# Usage: scripts/train.sh [extra train options, e.g. --out /tmp/model.bin]
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
CLUE_MAP="like=joy,happiness=joy,sadness=sadness,anger=anger,disgust=disgust,fear=anxiety,surprise=surprise"
customer=()
for f in data/train/customer_*.jsonl data/train/escalation_messages.jsonl \
    data/train/escalation_hard.jsonl data/train/escalation_holdout.jsonl data/train/intensity_hard.jsonl; do
  customer+=(--input "$f" --weight 3 --holdout 0.1)
done
exec cargo run --release --example train -- \
  --out data/model.bin \
  --input "$SHARED/data/polarity/online_shopping_9_cats.csv" --text review --label label \
      --map 1=positive,0=negative --weight 0.3 --holdout 0.1 --group cat \
  --input "$SHARED/data/emotion/clue_emotion_valid.jsonl" --map "$CLUE_MAP" --weight 1 --holdout 0.2 \
  "${customer[@]}" \
  "$@"
