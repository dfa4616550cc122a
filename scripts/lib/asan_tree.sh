# Sourced by scripts/sanitize.sh and scripts/fuzz.sh: the one clang ASan+UBSan tree both use.
#
# The whole suite under ASan+UBSan and the libFuzzer targets share one build (build-asan/): the
# library is compiled once with ASan, UBSan and libFuzzer's coverage hooks (fuzzer-no-link, which
# the unit tests go without), the tests link it as ordinary programs and the fuzz targets with
# libFuzzer's main. Two trees compiled
# the same sources twice; on a cold 2-core CI machine that was the largest share of its hour.
# -O1 without NDEBUG: what libFuzzer recommends, asserts on for the tests too, and about half the
# compile time of -O2. No benchmarks or examples: the Release tree builds and runs those.

# asan_tree_cmake_args ROOT BUILD_DIR: prints the configure arguments, one per line.
asan_tree_cmake_args() {
  local root=$1 build_dir=$2
  printf '%s\n' -S "$root" -B "$build_dir" -G Ninja \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE=-O1 \
    -DORTKIT_SANITIZE=address,undefined -DORTKIT_BUILD_FUZZERS=ON -DORTKIT_BUILD_TESTS=ON \
    -DORTKIT_BUILD_BENCHMARKS=OFF -DORTKIT_BUILD_EXAMPLES=OFF
  if command -v ccache >/dev/null; then
    printf '%s\n' -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache
  fi
}

# asan_tree_drop_stale_cache BUILD_DIR: a tree configured before it moved to clang (or by hand
# with another compiler) cannot be reconfigured in place; CMake would refuse the new compiler.
asan_tree_drop_stale_cache() {
  local cache=$1/CMakeCache.txt
  [[ -f $cache ]] || return 0
  if ! grep -q '^CMAKE_CXX_COMPILER:[A-Z]*=.*clang++' "$cache" ||
     ! grep -q '^ORTKIT_BUILD_FUZZERS:BOOL=ON' "$cache"; then
    echo "asan tree: $1 was configured otherwise; configuring it afresh"
    rm -rf "$cache" "$1/CMakeFiles"
  fi
}
