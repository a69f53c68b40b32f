#!/usr/bin/env bash
# End-to-end throughput of the `classify` program against `classify_batch` on the same
# lines, and the program's peak memory at two input sizes (see docs/performance.md).
#
# Usage: scripts/bench_classify_program.sh [RUNS] [THREADS...]
#   RUNS     paired rounds (default 3); each round runs jieba-rs `cut` alone on the same
#            lines (one thread), then, per thread count, the program and
#            `classify_batch` in a rayon pool of as many threads
#   THREADS  thread counts (default: 1 2)
# Environment: REPEAT (default 37: data/bench/messages.txt 37 times = 101,750 lines),
#   MEMORY_LINES (default "100000 1000000"; empty skips the memory runs),
#   INPUT (a file of messages to use instead of the repeated bench corpus).
#
# The program runs as a user runs it, from process start to exit (jieba's dictionary
# load included), output to /dev/null; `classify_batch` is timed inside
# `profile_classify` after loading, on the file's lines read beforehand, and so is
# `cut` (the classifier's jieba, HMM on, on the normalised lines). Columns: the
# program's lines/s, classify_batch's messages/s, their ratio (p/b), the program's
# ratio to cut (p/cut), and the CPU seconds (user + system, whole process, loading
# included) of the program and of the batch process with their ratio (b/p CPU: 1.00
# means the program spends no more CPU than classify_batch on the same lines). Peak
# memory is the maximum resident set size from GNU time, with the input piped in on
# stdin.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
shift || true
THREADS=("$@")
[ ${#THREADS[@]} -gt 0 ] || THREADS=(1 2)
REPEAT=${REPEAT:-37}
MEMORY_LINES=${MEMORY_LINES-100000 1000000}

cargo build -q --release --example classify --example profile_classify
program=target/release/examples/classify
batch=target/release/examples/profile_classify
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

input=${INPUT:-}
if [ -z "$input" ]; then
  input=$work/messages.txt
  for _ in $(seq "$REPEAT"); do cat data/bench/messages.txt; done >"$input"
fi
lines=$(wc -l <"$input")
echo "input: $input, $lines lines, $(wc -c <"$input") bytes; nproc $(nproc); load $(cut -d' ' -f1-3 /proc/loadavg)"

# Wall clock (lines or messages per second) and CPU time (user + system seconds of the
# whole process, loading included, for both): on a machine shared with other work the
# wall-clock figures depend on the free cores, the CPU times much less.
printf '%-5s %-7s %12s %12s %8s %8s %8s %8s %8s\n' round threads "program l/s" "batch m/s" "p/b" "p/cut" "prog CPU" "bat CPU" "b/p CPU"
rate() { sed -E 's/.* ([0-9]+) messages\/s.*/\1/'; }
cpu() { awk '{ printf "%.2f", $2 + $3 }' "$1"; }
for round in $(seq "$RUNS"); do
  cut_rate=$("$batch" 1 --file "$input" --cut | rate)
  printf '%-5s %-7s %12s\n' "$round" cut "$cut_rate"
  for t in "${THREADS[@]}"; do
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$program" "$input" --threads "$t" >/dev/null 2>"$work/stderr"
    grep -q "$lines lines read" "$work/stderr" || { cat "$work/stderr"; exit 1; }
    program_rate=$(awk -v n="$lines" '{ printf "%.0f", n / $1 }' "$work/time")
    program_cpu=$(cpu "$work/time")
    batch_rate=$(/usr/bin/time -f "%e %U %S" -o "$work/time" "$batch" 1 --file "$input" --threads "$t" | rate)
    batch_cpu=$(cpu "$work/time")
    ratios=$(awk -v p="$program_rate" -v b="$batch_rate" -v c="$cut_rate" -v pc="$program_cpu" -v bc="$batch_cpu" \
      'BEGIN { printf "%8.2f %8.2f %8s %8s %8.2f", p / b, p / c, pc, bc, bc / pc }')
    printf '%-5s %-7s %12s %12s %s\n' "$round" "$t" "$program_rate" "$batch_rate" "$ratios"
  done
done

for n in $MEMORY_LINES; do
  repeat=$(( (n + 2749) / 2750 ))
  for t in "${THREADS[@]}"; do
    for _ in $(seq "$repeat"); do cat data/bench/messages.txt; done |
      /usr/bin/time -f "%M %e" -o "$work/time" "$program" - --threads "$t" >/dev/null 2>"$work/stderr"
    read -r rss secs <"$work/time"
    echo "memory: $(( repeat * 2750 )) lines, $t threads: peak RSS $rss KB, $secs s ($(tail -1 "$work/stderr"))"
  done
done
