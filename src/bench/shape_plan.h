// Which input shapes a benchmark runs, and how often each occurs in the mix: from --dim flags
// (every combination) or from a shape file of real requests (workload/shape_file.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "workload/dim_flag.h"

namespace ortkit::bench {

/// Sizes of free dimensions for one request; unlisted free dimensions are 1 (or probed).
using workload::DimSizes;

struct ShapePlan {
  /// Distinct shapes in first-seen order; empty means one shape, every free dimension 1.
  std::vector<DimSizes> shapes;
  /// Parallel to `shapes`: how many requests of each shape one round of the mix holds.
  std::vector<int64_t> weights;
};

/// "batch=4,seq=5" (keys in order), or "default" when no free dimension is set.
inline std::string ShapeLabel(const DimSizes& sizes) { return workload::SizesLabel(sizes); }

/// Every combination of the --dim flags (the last flag varies fastest), each of weight 1. Throws
/// Error(kConfig) as workload::ParseDimFlags and workload::Combinations do.
ShapePlan ShapesFromDims(const std::vector<std::string>& flags);

/// One shape per distinct row, a row repeated N times weighing N.
ShapePlan ShapesFromRows(const std::vector<DimSizes>& rows);

/// ShapesFromRows of the shape file at `path` (workload::ReadShapeFile's format and errors).
ShapePlan ReadShapeFile(const std::string& path);

/// `plan` with `sizes` added to every shape for the dimensions it does not set (probed sizes);
/// an empty plan becomes the one shape `sizes`.
ShapePlan WithDefaults(ShapePlan plan, const DimSizes& sizes);

/// One round of the mix: shape i appears weights[i] times, in an order shuffled with `seed`
/// (the same on every platform). Indices into plan.shapes; {0} for an empty plan.
std::vector<std::size_t> MixSequence(const ShapePlan& plan, uint64_t seed);

}  // namespace ortkit::bench
