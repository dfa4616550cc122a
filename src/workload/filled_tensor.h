// Tensors filled by a --value rule: a constant, or seeded uniform values in a range.
#pragma once

#include <cstdint>
#include <string>

#include "ortkit/tensor.h"

namespace ortkit::workload {

/// A tensor of `type` and `shape` with `value` in every element (bools: value != 0). Throws
/// Error(kInput) naming `input` for types other than float32, float64, the integers and bool, and
/// for a value the type cannot hold (a fraction for an integer, beyond its range).
Tensor ConstantTensor(ElementType type, const Shape& shape, double value, const std::string& input);

/// A tensor of `type` and `shape` uniform in [low, high) for floats and in the integers of
/// [low, high] for integer types, the same for the same (seed, input). Throws Error(kInput) naming
/// `input` for other types, or when no integer of the type lies in the range.
Tensor UniformTensor(ElementType type, const Shape& shape, double low, double high, uint64_t seed,
                     const std::string& input);

}  // namespace ortkit::workload
