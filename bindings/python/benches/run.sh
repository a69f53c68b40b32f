#!/usr/bin/env bash
# Builds the release wheel and the Rust reference program, installs them with the
# pinned peers (requirements-bench.txt) into a virtual environment of its own, and runs
# bench.py. Arguments go to bench.py (--rounds, --peer-limit, --spark-rows, --json).
#
#   bindings/python/benches/run.sh --json /tmp/bench.json
#
# ZH_EMOTION_BENCH_VENV: the environment to use (default .bench-venv beside this file;
# created when missing).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
PKG="$(cd "$HERE/.." && pwd)"
REPO="$(cd "$PKG/../.." && pwd)"
VENV="${ZH_EMOTION_BENCH_VENV:-$HERE/.bench-venv}"
PYTHON="${PYTHON:-python3}"

if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements-bench.txt"
WHEELS="$(mktemp -d)"
trap 'rm -rf "$WHEELS"' EXIT
"$VENV/bin/maturin" build --release --manifest-path "$PKG/Cargo.toml" --interpreter "$VENV/bin/python" --out "$WHEELS"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$WHEELS"/zh_emotion-*.whl
cargo build --release --manifest-path "$REPO/Cargo.toml" -p zh-emotion-reference
cd "$HERE"
"$VENV/bin/python" "$HERE/bench.py" --reference "$REPO/target/release/zh-emotion-reference" "$@"
