#!/usr/bin/env bash
# Runs the plain baseline (TF-IDF character 1-3-grams with logistic or ridge regression,
# `plain_baseline.py all`) with pinned tools in a virtual environment of its own, and
# prints its Markdown tables. About 30 minutes on 2 cores.
# CORPORA points at the corpora folder (default ../shared/data); BASELINE at the
# baseline script (default: tools/plain_baseline.py beside the corpora folder).
set -euo pipefail
cd "$(dirname "$0")/.."
D=${CORPORA:-../shared/data}
SCRIPT=${BASELINE:-$D/../tools/plain_baseline.py}
VENV=target/baseline-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1
fi
exec "$VENV/bin/python" "$SCRIPT" all --data "$D"
