// The inputs of every shape a benchmark runs, built once before anything is timed.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/bench_spec.h"
#include "ortkit/shape.h"
#include "ortkit/value.h"
#include "ortkit/value_spec.h"

namespace ortkit::bench {

struct ShapeInputs {
  std::string label;                    ///< ShapeLabel of the shape
  NamedValues values;                   ///< ready for Model::run
  std::map<std::string, Shape> shapes;  ///< tensor inputs' shapes, by name
};

/// One ShapeInputs per shape of spec.shapes (one, every free dimension 1, for an empty plan):
/// files from spec.shape_files[i] (a saved run) or spec.input_files, spec.values' rules, seeded random values for the rest
/// (workload::BuildSeededInputs, which throws Error(kInput) for a dimension or input the model
/// lacks and a rule that does not suit its input, Error(kIo) for unreadable files).
std::vector<ShapeInputs> BuildBenchInputs(const BenchSpec& spec, const std::vector<ValueSpec>& specs);

}  // namespace ortkit::bench
