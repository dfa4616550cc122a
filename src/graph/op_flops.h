// The FLOP formula of each op family that node_cost.h covers (its comment states the convention),
// and how much of its data input a data-movement op reads.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <onnx/onnx_pb.h>

#include "ortkit/shape.h"

namespace ortkit::graph {

/// The concrete shape of value `name`, or nullopt with `*why` set ("free dimension 'batch' has no
/// size (give --dim batch=N)").
using ShapeOf = std::function<std::optional<Shape>(const std::string& name, std::string* why)>;

/// How much of input 0 a node reads.
enum class DataRead {
  kWhole,        ///< all of it (every op that computes)
  kOutputSized,  ///< as much as output 0 holds: Gather, GatherElements, GatherND, Slice copy a part
  kNone,         ///< none: Shape and Size read only the shape
};

struct OpFlops {
  std::optional<uint64_t> flops;
  std::string unknown_reason;  ///< set when flops is nullopt
  std::string note;            ///< a caveat on a known count
  DataRead read = DataRead::kWhole;
};

/// The FLOPs of `node` (a main-graph node) by kFlopConvention, asking `shape_of` for the shapes
/// it needs. Unknown with a reason for ops without a formula, missing attributes or inputs, and
/// shapes that are not concrete.
OpFlops CountOpFlops(const onnx::NodeProto& node, const ShapeOf& shape_of);

/// a x b, nullopt on overflow or when either is nullopt.
std::optional<uint64_t> CheckedMul(std::optional<uint64_t> a, std::optional<uint64_t> b);

}  // namespace ortkit::graph
