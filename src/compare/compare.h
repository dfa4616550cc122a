// Element-wise comparison of two runs' outputs (same names), as data for the renderers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ortkit/shape.h"
#include "ortkit/value.h"

namespace ortkit::compare {

/// An element a (from side A) matches b (from side B, the reference) when |a - b| <= atol + rtol * |b|,
/// as numpy.isclose does. NaN matches NaN; an infinity matches the same infinity only.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-5;

  /// Throws Error(kConfig) naming the field when a tolerance is negative or not finite.
  void Validate() const;
};

/// How one output differs between the two sides.
struct OutputDiff {
  std::string name;
  std::string type_a, type_b;  ///< "float32", "sequence<float32>", "none", or "missing"
  Shape shape_a, shape_b;      ///< tensors only
  int64_t elements = 0;        ///< elements compared (tensors; sums over sequence elements)
  double max_abs = 0;          ///< max |a - b| over finite pairs (0 when there are none)
  double max_rel = 0;          ///< max |a - b| / |b| over finite pairs with b != 0
  int64_t mismatches = 0;      ///< elements that do not match under the tolerance
  int64_t nan_a = 0, nan_b = 0;
  int64_t inf_a = 0, inf_b = 0;
  bool pass = true;
  /// Why the output could not be compared element-wise ("shape [2,3] vs [3,2]", "type float32 vs
  /// float16", "only in A", ...), or how it was compared ("exact" for ints, bools, strings). Empty
  /// for float comparisons within shape and type.
  std::string note;
};

struct Comparison {
  std::vector<OutputDiff> outputs;  ///< A's order, then outputs only B has
  bool pass = true;                 ///< every output passes
};

/// "float32" for a tensor, "sequence<float32>", "map<int64,float32>", "none": element types only.
std::string TypeOf(const Value& value);

/// Compares every output by name. Floats (float16 and bfloat16 widened to float, float32, float64,
/// complex part by part) within the tolerance; integers, bools and strings exactly; sequences
/// element by element (lengths must agree); none equals none. A type or shape difference, or an
/// output present on one side only, fails that output with a note and counts every element as a
/// mismatch. Element types with no comparison (float8) fail with a note. Throws nothing for data.
Comparison CompareOutputs(const NamedValues& a, const NamedValues& b, const Tolerance& tolerance = {});

}  // namespace ortkit::compare
