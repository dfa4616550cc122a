// What one model output looks like: type, shape, and value statistics, as data for the renderers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ortkit/shape.h"
#include "ortkit/value.h"

namespace ortkit::cli {

/// Statistics over the numeric elements of a tensor. min, max and mean are over the finite
/// elements only (NaN and Inf are counted apart); they are absent when there is none.
struct NumericStats {
  std::optional<double> min;
  std::optional<double> max;
  std::optional<double> mean;
  int64_t nan = 0;
  int64_t inf = 0;
  bool integral = false;  ///< integers and bools: renderers print min/max without decimals
};

struct OutputSummary {
  std::string name;
  ValueKind kind = ValueKind::kTensor;
  /// "float32" for tensors, "sequence<float32>", "map<int64,float32>", "none".
  std::string type;
  Shape shape;           ///< tensors only
  int64_t elements = 0;  ///< tensor elements, sequence elements, or map entries
  std::optional<NumericStats> stats;  ///< numeric and bool tensors
  std::vector<std::string> first_strings;  ///< string tensors: the first few values
  std::string note;      ///< why there are no statistics, when that is not obvious
};

/// "float32" for a tensor, "sequence<float32>", "map<int64,float32>", "none": element types only,
/// since a sequence's elements may differ in shape.
std::string ValueTypeName(const Value& value);

/// How many strings of a string tensor the summary keeps.
inline constexpr std::size_t kSummaryStrings = 3;

/// Summarises `value`: statistics for float, float16, bfloat16, integer and bool tensors (complex
/// and float8 tensors get a note instead), the first strings of string tensors, element counts of
/// sequences and maps.
OutputSummary SummarizeOutput(const std::string& name, const Value& value);

}  // namespace ortkit::cli
