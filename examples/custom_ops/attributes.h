// Reading a custom op's integer attributes with defaults: ORT only offers "get or fail".
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "ort_api.h"

namespace ortkit_example {

/// The node's int attribute `name`, or `fallback` when the node has none by that name. Throws
/// Ort::Exception (ORT_INVALID_ARGUMENT) naming `op_label` and the attribute when it exists with
/// another type.
int64_t IntAttributeOr(const Ort::ConstKernelInfo& info, const std::string& op_label, const char* name,
                       int64_t fallback);

/// The node's ints attribute `name` of exactly two values (h, w), or `fallback` when absent. Throws
/// Ort::Exception (ORT_INVALID_ARGUMENT) naming `op_label`, the attribute and the count found when
/// it does not hold two ints.
std::array<int64_t, 2> PairAttributeOr(const Ort::ConstKernelInfo& info, const std::string& op_label,
                                       const char* name, std::array<int64_t, 2> fallback);

}  // namespace ortkit_example
