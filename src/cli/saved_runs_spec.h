// --inputs-from in the subcommands that measure through bench::BenchSpec (bench, tune): every
// distinct shape among an application's saved runs becomes a shape of the plan, fed by its first run.
#pragma once

#include <vector>

#include "bench/bench_spec.h"
#include "cli/workload_options.h"

namespace ortkit::cli {

/// Sets spec->shapes (one shape per distinct workload::VaryingAxes row, weighed by its runs),
/// spec->shape_files (each shape's first run) and spec->input_files (the first run) from `saved`
/// (SavedRuns; nothing when it is empty). Every run is checked against the model's inputs first,
/// in a session gone before anything is measured: Error(kConfig) from
/// workload::CheckSavedRunInputs naming the run and the input.
void ApplySavedRuns(const std::vector<SavedRunFiles>& saved, bench::BenchSpec* spec);

}  // namespace ortkit::cli
