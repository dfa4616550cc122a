// Violation(): the one way a fuzz target reports a broken promise.
#include "fuzz/fuzz_target.h"

#include <cstdio>
#include <cstdlib>

namespace ortkit::fuzz {

void Violation(std::string_view what) {
  std::fprintf(stderr, "fuzz target: invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();  // libFuzzer saves the input as crash-<sha1>; the replay main reports the file
}

}  // namespace ortkit::fuzz
