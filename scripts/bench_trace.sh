#!/usr/bin/env bash
# What `ortkit trace` costs a whole program, against valgrind's leak check on the same program:
# wall time of tests/trace/programs/memory_app (clean mode: RUNS runs of a small model, everything
# released) plain, under `ortkit trace`, and under `valgrind --leak-check=full`, each REPEATS times,
# interleaved so that a noisy neighbour slows all three alike; medians and ratios to plain.
# The per-call cost of the wrappers is bench/trace_overhead_bench.cc's.
# Usage: scripts/bench_trace.sh [BUILD_DIR] [RUNS] [REPEATS]
set -euo pipefail
build=${1:-build}
runs=${2:-2000}
repeats=${3:-5}
app="$build/tests/trace/ortkit_trace_memory_app"
make_model="$build/tests/trace/ortkit_trace_make_model"
ortkit="$build/src/ortkit"
for b in "$app" "$make_model" "$ortkit"; do
  [[ -x $b ]] || { echo "bench_trace: $b not built (run: cmake --build $build)" >&2; exit 2; }
done
command -v valgrind >/dev/null || { echo "bench_trace: valgrind is not installed (scripts/bootstrap.sh)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$make_model" meta "$tmp/meta.onnx"

seconds() {  # COMMAND...: wall seconds, the command's output discarded; fails if it does
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "bench_trace: failed: $*" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}

declare -a plain traced valgrind
for ((i = 0; i < repeats; ++i)); do
  plain+=("$(seconds "$app" clean "$runs" "$tmp/meta.onnx")")
  traced+=("$(seconds "$ortkit" trace -o "$tmp/trace.json" --force -- "$app" clean "$runs" "$tmp/meta.onnx")")
  valgrind+=("$(seconds valgrind --leak-check=full --error-exitcode=0 "$app" clean "$runs" "$tmp/meta.onnx")")
done

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
p=$(median "${plain[@]}")
t=$(median "${traced[@]}")
v=$(median "${valgrind[@]}")
echo "memory_app clean, $runs runs of a 2-element Identity, median of $repeats (interleaved), $(nproc) cores"
printf '%-28s %10s %10s\n' "how" "wall (s)" "vs plain"
awk -v p="$p" -v t="$t" -v v="$v" 'BEGIN {
  printf "%-28s %10.2f %9.1fx\n", "plain", p, 1
  printf "%-28s %10.2f %9.1fx\n", "ortkit trace", t, t / p
  printf "%-28s %10.2f %9.1fx\n", "valgrind --leak-check=full", v, v / p
}'
