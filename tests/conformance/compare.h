// Comparing a model's outputs with the expected ones at the ONNX backend test's tolerances.
#pragma once

#include <optional>
#include <string>

#include "ortkit/tensor.h"
#include "ortkit/value.h"

namespace ortkit::conformance {

/// numpy.testing.assert_allclose as ONNX's backend test calls it: an element matches when
/// |actual - expected| <= atol + rtol * |expected|; NaN matches NaN; infinities match only the
/// same infinity. Integers, bools and strings must be equal.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
};

/// nullopt when `actual` matches `expected`: same element type, same shape, every element within
/// `tolerance` (float16 and bfloat16 compared after conversion to float). Otherwise one line
/// saying what differs: the type, the shape, or how many elements and the first of them.
std::optional<std::string> CompareTensors(const Tensor& expected, const Tensor& actual,
                                          const Tolerance& tolerance = {});

/// Like CompareTensors for any value: sequences element by element, maps by keys and values,
/// None only matches None.
std::optional<std::string> CompareValues(const Value& expected, const Value& actual,
                                         const Tolerance& tolerance = {});

/// IEEE half and bfloat16 bit patterns as float.
float HalfToFloat(uint16_t bits) noexcept;
float BFloat16ToFloat(uint16_t bits) noexcept;

}  // namespace ortkit::conformance
