#!/usr/bin/env bash
# Configure, build and run one of the checked test suites, then print a summary:
#   asan      the whole suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan,
#             clang; the tree scripts/fuzz.sh also builds its libFuzzer targets in)
#   tsan      the `concurrency`-labelled tests under ThreadSanitizer (build-tsan)
#   valgrind  the `valgrind`-labelled tests: the library tests and the CLI subcommands under
#             valgrind's leak check (build-valgrind, a plain Release build)
# Exit status: 0 when every test ran and passed, 1 when a test failed, 2 on a usage, configure or
# build error. Suppressions: tests/sanitizers/ (LSan, TSan) and tests/leak/onnxruntime.supp
# (valgrind), each entry justified in its file.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/sanitize.sh asan|tsan|valgrind [--jobs N] [--build-dir DIR] [--all-targets]

  asan          whole test suite, ASan+UBSan build (UBSan reports abort the test)
  tsan          tests labelled `concurrency`, TSan build
  valgrind      tests labelled `valgrind` (library tests, CLI subcommands), Release build
  --jobs N      parallel compile and test jobs (default: the number of CPUs)
  --build-dir   build directory (default: build-asan, build-tsan or build-valgrind)
  --all-targets tsan: build every target, not only those the concurrency tests need

Examples:
  scripts/sanitize.sh asan                     what CI runs
  scripts/sanitize.sh tsan --jobs 2
  scripts/sanitize.sh valgrind --build-dir /tmp/vg
EOF
}

die() { echo "sanitize.sh: error: $*" >&2; exit 2; }

[[ $# -ge 1 ]] || { usage >&2; exit 2; }
mode=$1; shift
case "$mode" in
  asan|tsan|valgrind) ;;
  -h|--help) usage; exit 0 ;;
  *) die "unknown suite '$mode' (expected asan, tsan or valgrind)" ;;
esac

jobs=$(nproc)
build_dir=""
all_targets=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jobs) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || die "--jobs takes a positive integer"; jobs=$2; shift 2 ;;
    --build-dir) [[ $# -ge 2 ]] || die "--build-dir takes a directory"; build_dir=$2; shift 2 ;;
    --all-targets) all_targets=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) die "unknown option '$1'" ;;
  esac
done

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${build_dir:-$root/build-$mode}
# shellcheck source=scripts/lib/asan_tree.sh
source "$root/scripts/lib/asan_tree.sh"

cmake_args=(-S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DORTKIT_BUILD_BENCHMARKS=OFF)
if command -v ccache >/dev/null; then
  cmake_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
fi
targets=(all)
ctest_args=(--output-on-failure -j "$jobs" --timeout 3000)
case "$mode" in
  asan)
    command -v clang++ >/dev/null || die "clang++ is not installed (scripts/bootstrap.sh installs it)"
    asan_tree_drop_stale_cache "$build_dir"
    mapfile -t cmake_args < <(asan_tree_cmake_args "$root" "$build_dir")
    # The `slow` tests (fix, extract and reduce SIGKILLed while writing a 64 MiB model; whole doctor
    # and tune runs, which under ASan measure for 5x their budgets: SLOW_CASES in tests/) test
    # files, processes and figures, not memory safety; the Release run has them, and the other
    # doctor and tune cases keep that code under ASan. Keeps a cold CI under its hour.
    ctest_args+=(-LE slow) ;;
  tsan)
    cmake_args+=(-DORTKIT_SANITIZE=thread)
    # What the `concurrency`-labelled tests run: keep in step with CONCURRENCY_CASES and the
    # `concurrency` LABELS in tests/ and examples/.
    if [[ $all_targets == 0 ]]; then
      targets=(ortkit_model_threads_test ortkit_bench_test ortkit_cli_test ortkit_cli
               ortkit_example_asr_pipeline ortkit_asr_models ortkit_tsan_catches_race)
    fi
    ctest_args+=(-L concurrency) ;;
  valgrind)
    command -v valgrind >/dev/null || die "valgrind is not installed (scripts/bootstrap.sh installs it)"
    cmake_args+=(-DORTKIT_SANITIZE= -DORTKIT_VALGRIND_SUITE=ON)
    ctest_args+=(-L valgrind) ;;
esac

now() { date +%s; }
start=$(now)
echo "== configure $build_dir ($mode)"
mkdir -p "$build_dir"
cmake "${cmake_args[@]}" >"$build_dir/sanitize-configure.log" 2>&1 ||
  { cat "$build_dir/sanitize-configure.log" >&2; die "configure failed"; }
grep -E 'disabled:' "$build_dir/sanitize-configure.log" || true
echo "== build (${targets[*]}) with $jobs jobs"
cmake --build "$build_dir" -j "$jobs" --target "${targets[@]}" || die "build failed"
built=$(now)

echo "== ctest ${ctest_args[*]}"
set +e
(cd "$build_dir" && ctest "${ctest_args[@]}") 2>&1 | tee "$build_dir/sanitize-$mode.log"
status=${PIPESTATUS[0]}
set -e
done_at=$(now)

log="$build_dir/sanitize-$mode.log"
echo
echo "== summary: $mode"
echo "build      $((built - start)) s (configure included)"
echo "tests      $((done_at - built)) s"
grep -E '^[0-9]+% tests passed' "$log" || echo "no test result line: see $log"
skipped=$(grep -c 'Skipped' "$log" || true)
disabled=$(grep -c 'Not Run (Disabled)' "$log" || true)
echo "skipped    $skipped (each prints its reason above), disabled $disabled (reason at configure time)"
if grep -q 'The following tests FAILED' "$log"; then
  sed -n '/The following tests FAILED/,$p' "$log"
fi
if [[ $status -ne 0 ]]; then
  echo "result     FAILED (ctest exit status $status; log: $log)"
  exit 1
fi
echo "result     passed"
