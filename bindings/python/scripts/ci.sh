#!/usr/bin/env bash
# Builds the zh_emotion wheel with maturin, installs it into a fresh virtual environment
# with the pinned test tools (requirements-dev.txt) and runs the whole pytest suite,
# the Spark tests included (they need Java 17 or later on PATH).
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

step "fresh test environment: the wheel and the pinned test tools"
"$PYTHON" -m venv "$WORK/test-venv"
"$WORK/test-venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$HERE/requirements-dev.txt" "$WORK"/wheels/zh_emotion-*.whl

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
