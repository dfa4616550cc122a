#!/usr/bin/env bash
# Fuzzes ortkit's parsers with libFuzzer (tests/fuzz/, one target per parser).
#
#   scripts/fuzz.sh [--seconds N] [--ci] [--jobs N] [--no-build] [--keep-going] [TARGET...]
#
# Configures and builds the targets in build-asan/, the clang ASan+UBSan tree that
# `scripts/sanitize.sh asan` runs the whole suite in (scripts/lib/asan_tree.sh: one compile of the
# library serves both), then runs each TARGET (default: all) for N seconds (default 300; --ci:
# see below) over
#   build-asan/fuzz-corpus/<target>/  the growing working corpus (new inputs are written here),
#   tests/fuzz/corpus/<target>/       the stored regression corpus (seeds and every reproducer),
#   the seeds of the target           libonnx-testdata models or tensors, tests/profile/data, ...
# and prints each target's executions and coverage from libFuzzer's final stats. --ci runs a fixed
# number of inputs per target (about 30 s each on the 2-core dev VM) from an empty working corpus
# (in a temporary directory), with a fixed seed and address-space randomisation off, so that a slow
# machine does the same amount of work and runs stay close to each other. They are not identical
# (two runs here reached different coverage), so CI can still meet an input a local run did not;
# long runs without --ci are what look for those. Any crash,
# timeout, leak or out-of-memory stops with exit 1 and names the reproducer (under
# build-asan/fuzz-artifacts/<target>/): fix the bug, then copy the reproducer into
# tests/fuzz/corpus/<target>/ so that `ctest -L fuzz` replays it from then on. --keep-going runs
# libFuzzer in fork mode, which saves each crash and goes on, so one run collects them all.
#
# Environment: ORTKIT_ONNX_TESTDATA_DIR (default /usr/share/libonnx-testdata/data),
# FUZZ_BUILD_DIR (default build-asan), FUZZ_NICE (default 10: the machine may be shared).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${FUZZ_BUILD_DIR:-$ROOT/build-asan}"
# shellcheck source=scripts/lib/asan_tree.sh
source "$ROOT/scripts/lib/asan_tree.sh"
TESTDATA="${ORTKIT_ONNX_TESTDATA_DIR:-/usr/share/libonnx-testdata/data}"
NICE="${FUZZ_NICE:-10}"
ALL_TARGETS=(model_summary model_check fix_passes tensor_proto npy profile_trace session_config doctor_report)

seconds=300
ci=0
jobs=2
build=1
keep_going=0
seed_args=()
targets=()
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    --ci) ci=1; seed_args=(-seed=1); shift ;;
    --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
    --no-build) build=0; shift ;;
    --keep-going) keep_going=1; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "fuzz.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: --seconds takes whole seconds, not '$seconds'" >&2; exit 2; }
((${#targets[@]})) || targets=("${ALL_TARGETS[@]}")
for t in "${targets[@]}"; do
  [[ " ${ALL_TARGETS[*]} " == *" $t "* ]] || { echo "fuzz.sh: unknown target '$t' (targets: ${ALL_TARGETS[*]})" >&2; exit 2; }
done
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (scripts/bootstrap.sh installs it)" >&2; exit 2; }

((build)) && asan_tree_drop_stale_cache "$BUILD"
if ((build)) && [[ ! -f "$BUILD/CMakeCache.txt" ]]; then
  mapfile -t cmake_args < <(asan_tree_cmake_args "$ROOT" "$BUILD")
  cmake "${cmake_args[@]}" >/dev/null
fi
if ((build)); then nice -n "$NICE" cmake --build "$BUILD" -j"$jobs" --target "${targets[@]/#/fuzz_}"; fi

# What each target reads as seeds, beside its corpora. Inputs over max_len are truncated by
# libFuzzer; the model seeds are chosen below that size.
link_seeds() {  # link_seeds DIR FIND-TESTS...: links the test data files that match, named by their path
  local dir="$1" f rel
  shift
  while IFS= read -r -d '' f; do
    rel="${f#"$TESTDATA"/}"
    ln -sf "$f" "$dir/${rel//\//_}"
  done < <(find "$TESTDATA" "$@" -print0)
}

seed_dir() {  # seed_dir TARGET -> a directory of links to the target's seed files
  local target="$1" dir="$BUILD/fuzz-seeds/$1"
  mkdir -p "$dir"
  if [[ -z "$(ls -A "$dir")" && -d "$TESTDATA" ]]; then
    case "$target" in
      model_summary|model_check|fix_passes)
        link_seeds "$dir" -name '*.onnx' -size -64k ;;
      tensor_proto)
        link_seeds "$dir" -name '*.pb' -size -16k ;;
    esac
  fi
  case "$target" in
    profile_trace) for f in "$ROOT"/tests/profile/data/*.json; do ln -sf "$f" "$dir/"; done ;;
  esac
  echo "$dir"
}

max_len() {
  case "$1" in
    model_summary|model_check|fix_passes|doctor_report) echo 65536 ;;
    tensor_proto) echo 16384 ;;
    profile_trace) echo 32768 ;;
    *) echo 4096 ;;
  esac
}

# --ci's inputs per target: what each got through in about 8 s on the dev VM (half of the 15 s it
# had until the cold CI reached its hour again: a smoke run from the checked-in corpus, seeded;
# the long runs without --ci are what search).
ci_runs() {
  case "$1" in
    model_summary) echo 40000 ;;
    model_check) echo 4000 ;;
    fix_passes) echo 100000 ;;
    tensor_proto) echo 60000 ;;
    npy) echo 125000 ;;
    profile_trace) echo 22000 ;;
    session_config) echo 90000 ;;
    doctor_report) echo 15000 ;;
  esac
}

dictionary() {
  case "$1" in
    npy) echo "-dict=$ROOT/tests/fuzz/npy.dict" ;;
    profile_trace) echo "-dict=$ROOT/tests/fuzz/profile.dict" ;;
    session_config) echo "-dict=$ROOT/tests/fuzz/session_config.dict" ;;
  esac
}

# The targets that read from a path write scratch files here; crashed processes leave theirs.
shm=/dev/shm; [[ -d "$shm" && -w "$shm" ]] || shm="${TMPDIR:-/tmp}"
scratch="$(mktemp -d "$shm/ortkit-fuzz-scratch.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

status=0
summary=()
for t in "${targets[@]}"; do
  corpus="$BUILD/fuzz-corpus/$t"
  ((ci)) && corpus="$scratch/corpus/$t"
  artifacts="$BUILD/fuzz-artifacts/$t/"
  log="$BUILD/fuzz-logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  seeds="$(seed_dir "$t")"
  limit=(-max_total_time="$seconds")
  fixed=()
  if ((ci)); then
    # A time cap too, for a much slower machine: reaching it ends the run early, not in failure.
    limit=(-runs="$(ci_runs "$t")" -max_total_time=180)
    setarch "$(uname -m)" -R true 2>/dev/null && fixed=(setarch "$(uname -m)" -R)
    echo "== $t: $(ci_runs "$t") inputs (log: $log)"
  else
    echo "== $t: ${seconds}s (log: $log)"
  fi
  marker="$(mktemp)"  # artifacts newer than this are this run's
  mode=()
  ((keep_going)) && mode=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  set +e
  # -malloc_limit_mb: one allocation over 512 MiB from a small input is a bug (a size taken
  # from the file on trust); -rss_limit_mb: the whole process; -timeout: one input's time.
  # shellcheck disable=SC2046
  ORTKIT_FUZZ_SCRATCH="$scratch" ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" nice -n "$NICE" "${fixed[@]}" "$BUILD/tests/fuzz/fuzz_$t" "$corpus" "$ROOT/tests/fuzz/corpus/$t" "$seeds" \
    "${limit[@]}" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -malloc_limit_mb=512 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$artifacts" $(dictionary "$t") "${mode[@]}" "${seed_args[@]}" >"$log" 2>&1
  rc=$?
  set -e
  found="$(find "$artifacts" -type f -newer "$marker" | sort)"
  rm -f "$marker"
  [[ -n "$found" ]] && rc=$((rc ? rc : 1))
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  speed="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  if [[ -z "$execs" ]]; then  # fork mode: "#<execs>: cov: ... exec/s: <speed> ..." status lines
    execs="$(sed -n 's/^#\([0-9]*\): cov.*/\1/p' "$log" | tail -1)"
    speed="$(sed -n 's/^#[0-9]*: cov.* exec\/s:\{0,1\} \([0-9]*\).*/\1/p' "$log" | tail -1)"
  fi
  cov="$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)"
  line="$(printf '%-15s %10s execs %6s/s  %s' "$t" "${execs:-?}" "${speed:-?}" "${cov:-}")"
  if ((rc != 0)); then
    repro="$(echo "$found" | tr '\n' ' ')"
    line+="  FAILED (exit $rc; $(echo "$found" | grep -c . || true) reproducers): ${repro:-see $log}"
    # The report and its stack, so that a CI log alone says where it crashed (the reproducer
    # stays on the CI machine); the whole libFuzzer output is in $log.
    sed -n -E '/ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|invariant broken|terminate called/,/^SUMMARY: |^MS: /p' "$log" |
      grep -v -E 'in fuzzer::|in __libc_start|in _start ' | head -40 >&2 || true
    grep -m1 '^Base64: ' "$log" >&2 || true
    status=1
  fi
  summary+=("$line")
  echo "$line"
done

echo
echo "target          executions   speed  coverage"
printf '%s\n' "${summary[@]}"
exit "$status"
