// What one model output looks like: type, shape, and value statistics, as data for the renderers.
#include "cli/output_summary.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "core/half_float.h"

namespace ortkit::cli {
namespace {

using core::BFloat16ToFloat;
using core::HalfToFloat;

class Accumulator {
 public:
  explicit Accumulator(bool integral) { stats_.integral = integral; }

  void Add(double v) {
    if (std::isnan(v)) {
      ++stats_.nan;
    } else if (std::isinf(v)) {
      ++stats_.inf;
    } else {
      min_ = std::min(min_, v);
      max_ = std::max(max_, v);
      sum_ += v;
      ++finite_;
    }
  }

  NumericStats Finish() {
    if (finite_ > 0) {
      stats_.min = min_;
      stats_.max = max_;
      stats_.mean = sum_ / static_cast<double>(finite_);
    }
    return stats_;
  }

 private:
  NumericStats stats_;
  double min_ = std::numeric_limits<double>::infinity();
  double max_ = -std::numeric_limits<double>::infinity();
  // A double sum of float32 outputs stays exact far longer than a float one would.
  double sum_ = 0;
  int64_t finite_ = 0;
};

template <typename T, typename Convert>
NumericStats Scan(const Tensor& t, bool integral, Convert convert) {
  Accumulator acc(integral);
  const auto* data = static_cast<const T*>(t.data());
  const std::size_t n = t.buffer_elements();
  for (std::size_t i = 0; i < n; ++i) acc.Add(static_cast<double>(convert(data[i])));
  return acc.Finish();
}

template <typename T>
NumericStats Scan(const Tensor& t, bool integral) {
  return Scan<T>(t, integral, [](T v) { return v; });
}

std::optional<NumericStats> Stats(const Tensor& t) {
  switch (t.type()) {
    case ElementType::kFloat32: return Scan<float>(t, false);
    case ElementType::kFloat64: return Scan<double>(t, false);
    case ElementType::kFloat16: return Scan<uint16_t>(t, false, HalfToFloat);
    case ElementType::kBFloat16: return Scan<uint16_t>(t, false, BFloat16ToFloat);
    case ElementType::kInt8: return Scan<int8_t>(t, true);
    case ElementType::kUInt8: return Scan<uint8_t>(t, true);
    case ElementType::kInt16: return Scan<int16_t>(t, true);
    case ElementType::kUInt16: return Scan<uint16_t>(t, true);
    case ElementType::kInt32: return Scan<int32_t>(t, true);
    case ElementType::kUInt32: return Scan<uint32_t>(t, true);
    case ElementType::kInt64: return Scan<int64_t>(t, true);
    case ElementType::kUInt64: return Scan<uint64_t>(t, true);
    case ElementType::kBool: return Scan<uint8_t>(t, true, [](uint8_t b) { return b ? 1 : 0; });
    default: return std::nullopt;
  }
}

}  // namespace

std::string ValueTypeName(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kTensor: return std::string(ElementTypeName(value.tensor().type()));
    case ValueKind::kSequence: {
      const auto& elements = value.sequence();
      return "sequence<" + (elements.empty() ? std::string("?") : ValueTypeName(elements.front())) + ">";
    }
    case ValueKind::kMap:
      return "map<" + std::string(ElementTypeName(value.map_keys().type())) + "," +
             ValueTypeName(value.map_values()) + ">";
    case ValueKind::kOptional: return "none";
  }
  return "unknown";
}

OutputSummary SummarizeOutput(const std::string& name, const Value& value) {
  OutputSummary s;
  s.name = name;
  s.kind = value.kind();
  s.type = ValueTypeName(value);
  switch (value.kind()) {
    case ValueKind::kTensor: {
      const Tensor& t = value.tensor();
      s.shape = t.shape();
      s.elements = static_cast<int64_t>(t.buffer_elements());
      if (t.type() == ElementType::kString) {
        const auto& strings = t.strings();
        for (std::size_t i = 0; i < strings.size() && i < kSummaryStrings; ++i) {
          s.first_strings.push_back(strings[i]);
        }
      } else {
        s.stats = Stats(t);
        if (!s.stats) s.note = "no statistics for " + s.type;
      }
      break;
    }
    case ValueKind::kSequence: s.elements = static_cast<int64_t>(value.sequence().size()); break;
    case ValueKind::kMap: s.elements = static_cast<int64_t>(value.map_keys().buffer_elements()); break;
    case ValueKind::kOptional: break;
  }
  return s;
}

}  // namespace ortkit::cli
