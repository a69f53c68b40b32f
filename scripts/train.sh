#!/usr/bin/env bash
# Rebuilds data/model.bin from the documented inputs (see data/README.md): the public
# corpora under CORPORA (default ../shared/data) and the own messages in data/train/.
# Usage: scripts/train.sh [extra train options, e.g. --out /tmp/model.bin, --cv 5,
#        --leave-one-source-out]
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release --example train -- \
  --corpora "${CORPORA:-../shared/data}" --out data/model.bin "$@"
