#!/usr/bin/env bash
# `ortkit bench` against a raw ORT C++ loop (bench/bench_vs_raw.cc): steady-state p50 of a conv
# net and a transformer encoder, each side in a fresh process, rounds alternating; then the cold
# start (session creation + first run) of the ORT-optimised model saved by `ortkit run` against
# the original. Prints Markdown tables (the README's figures).
# Usage: scripts/bench_vs_raw.sh [BUILD_DIR] [ROUNDS] [COLD_RUNS]
set -euo pipefail
build=${1:-build}
rounds=${2:-7}
cold_runs=${3:-10}
tool="$build/bench/ortkit_bench_vs_raw"
ortkit="$build/src/ortkit"
for f in "$tool" "$ortkit"; do
  [[ -x $f ]] || { echo "bench_vs_raw: $f not built (run: cmake --build $build)" >&2; exit 2; }
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
"$tool" --ortkit "$ortkit" --rounds "$rounds" --cold-runs "$cold_runs"
