#!/usr/bin/env bash
# Five-fold cross-validation of the aspect categories on the project's own aspect
# training set (every data/train/aspects/*.jsonl, in name order; message r is in fold
# r mod 5). For each fold k the category head is trained without fold k
# (train_aspects --skip-fold k), the crate rebuilt with it, and fold k measured by
# aspect_eval --own. The shipped head is retrained from all folds at the end.
#
#     scripts/aspect_cv.sh [CORPORA_DIR]      (default ../shared/data)
#
# Choose thresholds and term changes on these figures, not on figures measured on
# messages the head was trained on; the measuring set tests/data/aspects_customer.jsonl
# is not read.
set -euo pipefail
corpora=${1:-../shared/data}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat $(ls data/train/aspects/*.jsonl | sort) | grep -v '^[[:space:]]*$' >"$tmp/all.jsonl"
cargo build --release --example train_aspects --example aspect_eval 2>/dev/null
for k in 0 1 2 3 4; do
    awk -v k="$k" '(NR - 1) % 5 == k' "$tmp/all.jsonl" >"$tmp/fold$k.jsonl"
    target/release/examples/train_aspects --corpora "$corpora" --skip-fold "$k" 2>/dev/null >/dev/null
    cargo build --release --example aspect_eval 2>/dev/null
    target/release/examples/aspect_eval --corpora "$corpora" --own "$tmp/fold$k.jsonl" >"$tmp/eval$k.txt"
    f1=$(grep 'category F1' "$tmp/eval$k.txt" | awk '{print $NF}')
    pol=$(grep 'aspect polarity right' "$tmp/eval$k.txt" | awk '{print $4}')
    matched=$(grep 'gold aspects matched' "$tmp/eval$k.txt" | awk '{print $(NF-1)}')
    echo "fold $k: category F1 $f1, polarity $pol, matched $matched"
    echo "$f1 $pol" >>"$tmp/figures"
done
awk '{f += $1; p += $2; n++} END {printf "mean: category F1 %.3f, polarity %.3f\n", f / n, p / n}' "$tmp/figures"
target/release/examples/train_aspects --corpora "$corpora" 2>/dev/null >/dev/null
cargo build --release --example aspect_eval 2>/dev/null
