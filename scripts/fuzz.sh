#!/usr/bin/env bash
# Runs one fuzz target for a while (see fuzz/README.md): installs the pinned cargo-fuzz
# when it is missing, builds the targets and runs TARGET for SECONDS with the options
# the README gives, printing libFuzzer's closing statistics.
#
#   scripts/fuzz.sh classify 600
#   scripts/fuzz.sh model_bytes 300
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:-600}
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -q "$CARGO_FUZZ_VERSION"; then
    cargo install --locked cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
# The sanitizer flags need nightly features; RUSTC_BOOTSTRAP lets stable accept them.
export RUSTC_BOOTSTRAP=1
cargo fuzz build "$target"
extra=()
if [ "$target" != classify ]; then
    extra=(-entropic_scale_per_exec_time=1)
fi
cargo fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=1 "${extra[@]}"
