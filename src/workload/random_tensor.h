// Seeded random tensors for inputs the user did not give, reproducible across platforms.
#pragma once

#include <cstdint>
#include <string>

#include "ortkit/tensor.h"

namespace ortkit::workload {

/// The distributions, in words, for `--help` texts (run, compare).
extern const char* const kRandomDistributions;

/// A tensor of `type` and `shape` whose values depend only on (`seed`, `stream`, element index):
/// floats uniform in [-1,1) (on a grid the type holds exactly), complex numbers with both parts so,
/// integers uniform in [0,10), bools 50/50, strings "s<i>" (i the flat index).
/// `stream` (the input's name) keeps inputs independent of each other and of their order.
/// Throws Error(kInput) naming `stream` for types with no distribution (float8 variants).
Tensor RandomTensor(ElementType type, const Shape& shape, uint64_t seed, const std::string& stream);

}  // namespace ortkit::workload
