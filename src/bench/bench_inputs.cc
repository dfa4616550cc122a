// The inputs of every shape a benchmark runs: files, seeded random values, zeros or ranges.
#include "bench/bench_inputs.h"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "bench/seeded_random.h"
#include "compare/seeded_inputs.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

template <typename T>
Tensor FillFloats(const Shape& shape, const ValueRange& range, SeededRandom& random, std::size_t count) {
  std::vector<T> values(count);
  for (auto& v : values) v = static_cast<T>(range.low + (range.high - range.low) * random.NextUnit());
  return Tensor::FromVector(std::move(values), shape);
}

template <typename T>
Tensor FillIntegers(const Shape& shape, const ValueRange& range, SeededRandom& random, std::size_t count,
                    const std::string& stream) {
  // Through long double: int64's and uint64's limits are not exact in double.
  const long double low = std::max<long double>(std::ceil(range.low), std::numeric_limits<T>::lowest());
  const long double high = std::min<long double>(std::floor(range.high), std::numeric_limits<T>::max());
  if (low > high) {
    throw Error(ErrorCategory::kInput, fmt::format("--range {}: no {} value lies in {}..{}", stream,
                                                   ElementTypeName(ElementTypeOf<T>()), range.low, range.high));
  }
  const auto span = static_cast<uint64_t>(high - low);  // values - 1; the full uint64 span wraps to 0 below
  std::vector<T> values(count);
  for (auto& v : values) {
    const uint64_t offset = span == std::numeric_limits<uint64_t>::max() ? random.Next() : random.NextBelow(span + 1);
    v = static_cast<T>(static_cast<long double>(low) + static_cast<long double>(offset));
  }
  return Tensor::FromVector(std::move(values), shape);
}

std::string InputNames(const std::vector<ValueSpec>& specs) {
  std::string names;
  for (const auto& s : specs) names += (names.empty() ? "" : ", ") + s.name;
  return names.empty() ? "none" : names;
}

void CheckRanges(const BenchSpec& spec, const std::vector<ValueSpec>& specs) {
  for (const auto& [name, range] : spec.ranges) {
    bool found = false;
    for (const auto& s : specs) found = found || s.name == name;
    if (!found) {
      throw Error(ErrorCategory::kInput, "--range " + name + ": the model has no input '" + name +
                                             "' (its inputs: " + InputNames(specs) + ")");
    }
    for (const auto& file : spec.input_files) {
      if (file.first == name) {
        throw Error(ErrorCategory::kInput, "--range " + name + ": input '" + name + "' is read from '" +
                                               file.second + "'; a range is for random inputs only");
      }
    }
  }
}

}  // namespace

Tensor RangedTensor(ElementType type, const Shape& shape, const ValueRange& range, uint64_t seed,
                    const std::string& stream) {
  SeededRandom random(seed, stream);
  const std::size_t count = static_cast<std::size_t>(ElementCount(shape).value_or(0));
  switch (type) {
    case ElementType::kFloat32: return FillFloats<float>(shape, range, random, count);
    case ElementType::kFloat64: return FillFloats<double>(shape, range, random, count);
    case ElementType::kInt8: return FillIntegers<int8_t>(shape, range, random, count, stream);
    case ElementType::kUInt8: return FillIntegers<uint8_t>(shape, range, random, count, stream);
    case ElementType::kInt16: return FillIntegers<int16_t>(shape, range, random, count, stream);
    case ElementType::kUInt16: return FillIntegers<uint16_t>(shape, range, random, count, stream);
    case ElementType::kInt32: return FillIntegers<int32_t>(shape, range, random, count, stream);
    case ElementType::kUInt32: return FillIntegers<uint32_t>(shape, range, random, count, stream);
    case ElementType::kInt64: return FillIntegers<int64_t>(shape, range, random, count, stream);
    case ElementType::kUInt64: return FillIntegers<uint64_t>(shape, range, random, count, stream);
    default:
      throw Error(ErrorCategory::kInput, "--range " + stream + ": input '" + stream + "' is " +
                                             std::string(ElementTypeName(type)) +
                                             "; ranges are for float32, float64 and integer inputs");
  }
}

std::vector<ShapeInputs> BuildBenchInputs(const BenchSpec& spec, const std::vector<ValueSpec>& specs) {
  CheckRanges(spec, specs);
  std::vector<DimSizes> shapes = spec.shapes.shapes;
  if (shapes.empty()) shapes.emplace_back();
  std::vector<ShapeInputs> out;
  for (const DimSizes& sizes : shapes) {
    compare::InputRequest request;
    request.files = spec.input_files;
    request.dims = sizes;
    request.seed = spec.seed;
    ShapeInputs inputs;
    inputs.label = ShapeLabel(sizes);
    for (auto& seeded : compare::BuildSeededInputs(specs, request)) {
      NamedValue value = std::move(seeded.value);
      const bool random = seeded.source.rfind("random", 0) == 0;
      if (random && value.value.is_tensor()) {
        const Tensor& t = value.value.tensor();
        if (const auto range = spec.ranges.find(value.name); range != spec.ranges.end()) {
          value.value = RangedTensor(t.type(), t.shape(), range->second, spec.seed, value.name);
        } else if (spec.fill == InputFill::kZeros) {
          value.value = Tensor::Zeros(t.type(), t.shape());
        }
      }
      if (value.value.is_tensor()) inputs.shapes[value.name] = value.value.tensor().shape();
      inputs.values.push_back(std::move(value));
    }
    out.push_back(std::move(inputs));
  }
  return out;
}

}  // namespace ortkit::bench
