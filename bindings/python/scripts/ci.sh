#!/usr/bin/env bash
# Builds the zh_emotion wheel with maturin, installs the package from its source folder
# with its `spark` extra into a fresh virtual environment, exactly as the README says
# (`pip install "./bindings/python[spark]"`, with the versions pinned by
# requirements-dev.txt), runs the README's Spark command from that install and checks
# its Parquet output, then adds the pinned test tools and runs the whole pytest suite,
# the Spark tests included (Spark needs Java 17 or later: JAVA_HOME, else java on PATH).
#
#   bindings/python/scripts/ci.sh            # from anywhere
#
# Environment: PYTHON (default python3), ZH_EMOTION_CI_DIR (where the virtual
# environments and the wheel go; default a new temporary folder, removed at the end),
# CARGO_PROFILE (release, the default, or dev).
set -euo pipefail

HERE="$(cd "$(dirname "$0")/.." && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
PROFILE="${CARGO_PROFILE:-release}"
if [[ -n "${ZH_EMOTION_CI_DIR:-}" ]]; then
    WORK="$ZH_EMOTION_CI_DIR"
    mkdir -p "$WORK"
else
    WORK="$(mktemp -d)"
    trap 'rm -rf "$WORK"' EXIT
fi

step() { printf '\n== %s (%ds)\n' "$1" "$SECONDS"; }

step "build environment: maturin"
rm -rf "$WORK/build-venv" "$WORK/test-venv" "$WORK/wheels"
"$PYTHON" -m venv "$WORK/build-venv"
"$WORK/build-venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "$(grep '^maturin==' "$HERE/requirements-dev.txt")"

step "build the wheel ($PROFILE profile)"
"$WORK/build-venv/bin/maturin" build --profile "$PROFILE" \
    --manifest-path "$HERE/Cargo.toml" --interpreter "$PYTHON" --out "$WORK/wheels"
cargo build --profile "$PROFILE" --manifest-path "$REPO/Cargo.toml" -p zh-emotion-reference
case "$PROFILE" in dev) TARGET_DIR=debug ;; *) TARGET_DIR="$PROFILE" ;; esac
export ZH_EMOTION_REFERENCE="$REPO/target/$TARGET_DIR/zh-emotion-reference"
export ZH_EMOTION_REQUIRE_REFERENCE=1

step "fresh test environment: pip install \"./bindings/python[spark]\""
"$PYTHON" -m venv "$WORK/test-venv"
# The README's install line, from the source folder: pip builds the package with
# maturin (reusing the cargo build above) and the extra alone brings pyspark, pandas and
# pyarrow; the constraints hold them, and maturin, to the pinned versions, which must
# lie in the extra's ranges.
(cd "$REPO" && PIP_CONSTRAINT="$HERE/requirements-dev.txt" \
    "$WORK/test-venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "./bindings/python[spark]")

step "the README's Spark command, from that install"
# bindings/python/README.md: the sample table in, a Parquet folder out.
rm -rf "$WORK/spark-out"
(cd "$REPO" && "$WORK/test-venv/bin/python" bindings/python/examples/spark_classify.py \
    data/samples/messages.csv "$WORK/spark-out" --master 'local[2]')
if [[ ! -f "$WORK/spark-out/_SUCCESS" ]] || ! compgen -G "$WORK/spark-out/*.parquet" >/dev/null; then
    echo "the Spark example wrote no Parquet output in $WORK/spark-out" >&2
    exit 1
fi
"$WORK/test-venv/bin/python" - "$WORK/spark-out" "$REPO/data/samples/messages.csv" <<'PY'
import csv, sys
import pyarrow.parquet as pq
out = pq.read_table(sys.argv[1])
with open(sys.argv[2], encoding="utf-8", newline="") as f:
    rows = sum(1 for _ in csv.DictReader(f))
assert out.num_rows == rows, (out.num_rows, rows)
assert out.column("emotion").null_count == 0
print(f"Spark wrote {out.num_rows} rows, {len(out.column_names)} columns to {sys.argv[1]}")
PY

step "the pinned test tools"
"$WORK/test-venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$HERE/requirements-dev.txt"

step "pytest"
# Run from outside the source tree so that only the installed wheel can be imported.
cd "$WORK"
status=0
"$WORK/test-venv/bin/python" -m pytest -p no:cacheprovider -ra "$HERE/tests" || status=$?
if [[ $status -eq 5 ]]; then
    echo "pytest collected no tests: the Python suite is missing" >&2
fi
step "done (pytest exit $status)"
exit "$status"
