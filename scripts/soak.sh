#!/usr/bin/env bash
# Soak test (issue 7, "Load"): `ortkit bench --threads 16` in one steady-state process for MINUTES
# while the shared-model concurrency tests (ctest -L concurrency) run over and over beside it.
# Samples the resident memory of bench's steady-state process every 2 s and fails on any error
# or on growth beyond the bound below. Not a CI test: it takes MINUTES.
#
# Usage: scripts/soak.sh [MINUTES] [BUILD_DIR]      (defaults: 10, build)
#   SOAK_MODEL=FILE   the model to bench (default BUILD_DIR/demo/demo.onnx)
#
# Growth bound: RSS from the end of warm-up (the first 20% of the run, at most 60 s) to the end
# may grow by at most 16 MiB plus 16 bytes per timed request. The per-request part is not a
# leak: bench keeps every request's latency (8 bytes, in a vector that doubles its capacity) to
# compute percentiles. The fixed part covers allocator and ORT arena noise.
# Exit status: 0 pass, 1 an error or too much growth, 2 cannot start.
set -uo pipefail

minutes=${1:-10}
build=${2:-build}
ortkit="$build/src/ortkit"
model=${SOAK_MODEL:-$build/demo/demo.onnx}
[[ $minutes =~ ^[0-9]+$ && $minutes -gt 0 ]] || { echo "soak: MINUTES must be a positive integer, got '$minutes'" >&2; exit 2; }
[[ -x $ortkit ]] || { echo "soak: $ortkit not built (run: cmake --build $build)" >&2; exit 2; }
[[ -f $model ]] || { echo "soak: model $model not found (build target ortkit_demo_model, or set SOAK_MODEL)" >&2; exit 2; }
command -v ctest > /dev/null || { echo "soak: ctest not found" >&2; exit 2; }

concurrency_tests() { ctest --test-dir "$build" -L concurrency --no-tests=error --timeout 300 > "$1" 2>&1; }
failed_tests() { sed -n '/tests FAILED:/,/Errors while/p' "$1" | grep -E '^[[:space:]]+[0-9]+ - ' | tr -s ' ' | paste -sd ';' -; }

seconds=$((minutes * 60))
work=$(mktemp -d "${TMPDIR:-/tmp}/ortkit-soak.XXXXXX")
bench_pid=""
sampler_pid=""
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2> /dev/null
  [[ -n $bench_pid ]] && kill "$bench_pid" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# Once before the clock starts: a test that is not built or already fails is a setup problem.
if ! concurrency_tests "$work/ctest.log"; then
  echo "soak: the concurrency tests fail before the soak (not built? build the whole tree):$(failed_tests "$work/ctest.log")" >&2
  exit 2
fi
echo "soak: $minutes min; ortkit bench $model --threads 16 --duration $seconds; ctest -L concurrency in a loop"
start=$(date +%s)
"$ortkit" bench "$model" --threads 16 --duration "$seconds" --cold-runs 1 --json \
  > "$work/bench.json" 2> "$work/bench.err" &
bench_pid=$!

# Every 2 s: "seconds-since-start pid rss-kib" for each live child of bench (the cold-start child
# lives a fraction of a second; the steady-state child is the one with the most samples).
(
  while kill -0 "$bench_pid" 2> /dev/null; do
    now=$(($(date +%s) - start))
    for child in $(pgrep -P "$bench_pid"); do
      rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$child/status" 2> /dev/null)
      [[ -n $rss ]] && echo "$now $child $rss"
    done
    sleep 2
  done
) > "$work/rss.txt" &
sampler_pid=$!

test_runs=0
test_failures=0
while kill -0 "$bench_pid" 2> /dev/null; do
  test_runs=$((test_runs + 1))
  if ! concurrency_tests "$work/ctest.log"; then
    test_failures=$((test_failures + 1))
    echo "soak: concurrency tests failed in run $test_runs:$(failed_tests "$work/ctest.log")" >&2
    cp "$work/ctest.log" "${TMPDIR:-/tmp}/ortkit-soak-failed-run-$test_runs.log"
  fi
done
wait "$bench_pid"
bench_exit=$?
bench_pid=""
wait "$sampler_pid" 2> /dev/null
sampler_pid=""

requests=$(grep -o '"requests": [0-9]*' "$work/bench.json" | head -n 1 | awk '{ print $2 }')
throughput=$(grep -o '"throughput_per_s": [0-9.]*' "$work/bench.json" | head -n 1 | awk '{ printf "%.0f", $2 }')
warmup=$((seconds / 5 < 60 ? seconds / 5 : 60))

# The steady-state child's samples: start = first sample at or after warm-up, end = last sample.
read -r pid samples rss_start rss_end rss_peak t_start t_end < <(awk -v warmup="$warmup" '
  { count[$2]++; t[$2, count[$2]] = $1; r[$2, count[$2]] = $3 }
  END {
    best = ""; for (p in count) if (best == "" || count[p] > count[best]) best = p
    if (best == "") { print "none 0 0 0 0 0 0"; exit }
    first = 0; peak = 0
    for (i = 1; i <= count[best]; i++) {
      if (!first && t[best, i] >= warmup) first = i
      if (r[best, i] > peak) peak = r[best, i]
    }
    if (!first) first = 1
    n = count[best]
    print best, n, r[best, first], r[best, n], peak, t[best, first], t[best, n]
  }' "$work/rss.txt")

errors=()
[[ $bench_exit -eq 0 ]] || errors+=("bench exited with status $bench_exit: $(head -c 300 "$work/bench.err")")
[[ -s $work/bench.err ]] && [[ $bench_exit -eq 0 ]] && errors+=("bench wrote to stderr: $(head -c 300 "$work/bench.err")")
[[ -n $requests && $requests -gt 0 ]] || errors+=("bench reported no requests")
[[ $test_failures -eq 0 ]] || errors+=("$test_failures of $test_runs concurrency test runs failed")
[[ $pid != none && $samples -ge 3 ]] || errors+=("too few RSS samples of the steady-state process ($samples)")

growth_kib=$((rss_end - rss_start))
bound_kib=$((16 * 1024 + ${requests:-0} * 16 / 1024))
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
echo "bench        requests ${requests:-0}, throughput ${throughput:-0}/s, exit $bench_exit"
echo "rss          steady-state process $pid, $samples samples every 2 s"
echo "             start $(mib "$rss_start") (t=${t_start}s, after ${warmup}s warm-up), end $(mib "$rss_end") (t=${t_end}s), peak $(mib "$rss_peak")"
echo "             growth $(mib "$growth_kib") (bound $(mib "$bound_kib") = 16 MiB + 16 B x ${requests:-0} requests)"
echo "concurrency  $test_runs runs of ctest -L concurrency, $test_failures failed"
[[ $growth_kib -le $bound_kib ]] || errors+=("RSS grew $(mib "$growth_kib") after warm-up, more than the bound $(mib "$bound_kib")")

if [[ ${#errors[@]} -gt 0 ]]; then
  for e in "${errors[@]}"; do echo "soak: FAIL: $e" >&2; done
  exit 1
fi
echo "soak: PASS"
