// What a benchmark feeds the model, settled once in the parent before any child starts: the
// graph's guesses about inputs, and sizes that run for free dimensions the user left out.
#pragma once

#include <string>
#include <vector>

#include "bench/bench_spec.h"

namespace ortkit::bench {

/// Adds to spec->values the graph's guesses for inputs no rule or file gives. When some free
/// dimensions have no size (no --dim, no shape file, no file input), loads the model with
/// spec->config and finds sizes that run (workload::FindSizesThatRun on the first shape), and
/// adds them to every shape. Returns what was guessed and probed, in words. The session is gone
/// before this returns, so no child shares the machine with it. Throws what loading the model
/// and the probe throw.
std::vector<std::string> PrepareWorkload(BenchSpec* spec);

}  // namespace ortkit::bench
