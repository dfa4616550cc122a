// The shapes tune's memory guard runs: peak memory depends on the sizes a deployment sees, so a
// model with free dimensions is measured over several of them, not the one the latency ran.
#pragma once

#include <string>
#include <vector>

#include "bench/shape_plan.h"

namespace ortkit::bench {

/// The memory guard's shape schedule for a run with `plan`, on a model whose free dimensions are
/// `free_dims` (workload::FreeDimKeys order): `plan` itself when it has several shapes or the
/// model has no free dimension; otherwise its one shape (every free dimension 1 when empty) with
/// the first free dimension at 1x, 2x, 4x and 8x its size (a batch 1..8 schedule for a batch axis),
/// each of weight 1.
ShapePlan MemoryShapes(const ShapePlan& plan, const std::vector<std::string>& free_dims);

/// "batch=1, batch=2, batch=4, batch=8" (ShapeLabel of each), "default" for an empty plan.
std::string DescribeShapes(const ShapePlan& plan);

}  // namespace ortkit::bench
