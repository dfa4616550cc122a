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
/// files from spec.input_files, then the rest seeded random (compare::BuildSeededInputs), zeros,
/// or uniform in spec.ranges. Throws Error(kInput) for a --dim symbol or --range name the model
/// lacks, a range on an input read from a file or of a type ranges don't cover (float16, bool,
/// string, ...), and Error(kIo) for unreadable files.
std::vector<ShapeInputs> BuildBenchInputs(const BenchSpec& spec, const std::vector<ValueSpec>& specs);

/// A tensor of `type` and `shape` uniform in `range` ([low, high) for floats, the integers in
/// [low, high] for integer types), the same for the same (seed, stream). Throws Error(kInput)
/// naming `stream` for other types, or when no integer of the type lies in the range.
Tensor RangedTensor(ElementType type, const Shape& shape, const ValueRange& range, uint64_t seed,
                    const std::string& stream);

}  // namespace ortkit::bench
