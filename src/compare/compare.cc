// Element-wise comparison of two runs' outputs (same names), as data for the renderers.
#include "compare/compare.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "core/half_float.h"
#include "ortkit/error.h"

namespace ortkit::compare {
namespace {

using core::BFloat16ToFloat;
using core::HalfToFloat;

// Adds one element's figures; `parts` values per element (2 for complex numbers).
class FloatScan {
 public:
  FloatScan(const Tolerance& tolerance, OutputDiff& diff) : tolerance_(tolerance), diff_(diff) {}

  void Element(const double* a, const double* b, int parts) {
    bool mismatch = false, nan_a = false, nan_b = false, inf_a = false, inf_b = false;
    for (int p = 0; p < parts; ++p) {
      nan_a |= std::isnan(a[p]);
      nan_b |= std::isnan(b[p]);
      inf_a |= std::isinf(a[p]);
      inf_b |= std::isinf(b[p]);
      mismatch |= !Matches(a[p], b[p]);
    }
    diff_.nan_a += nan_a;
    diff_.nan_b += nan_b;
    diff_.inf_a += inf_a;
    diff_.inf_b += inf_b;
    diff_.mismatches += mismatch;
    ++diff_.elements;
  }

 private:
  bool Matches(double a, double b) {
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
    if (std::isinf(a) || std::isinf(b)) return a == b;
    const double abs = std::fabs(a - b);
    diff_.max_abs = std::max(diff_.max_abs, abs);
    if (b != 0) diff_.max_rel = std::max(diff_.max_rel, abs / std::fabs(b));
    return abs <= tolerance_.atol + tolerance_.rtol * std::fabs(b);
  }

  const Tolerance& tolerance_;
  OutputDiff& diff_;
};

template <typename T, typename Convert>
void CompareFloats(const Tensor& a, const Tensor& b, int parts, Convert convert, const Tolerance& tolerance,
                   OutputDiff& diff) {
  const auto* da = static_cast<const T*>(a.data());
  const auto* db = static_cast<const T*>(b.data());
  const std::size_t n = a.buffer_elements();
  FloatScan scan(tolerance, diff);
  double va[2], vb[2];
  for (std::size_t i = 0; i < n; ++i) {
    for (int p = 0; p < parts; ++p) {
      va[p] = static_cast<double>(convert(da[i * parts + p]));
      vb[p] = static_cast<double>(convert(db[i * parts + p]));
    }
    scan.Element(va, vb, parts);
  }
}

template <typename T>
void CompareFloats(const Tensor& a, const Tensor& b, int parts, const Tolerance& tolerance, OutputDiff& diff) {
  CompareFloats<T>(a, b, parts, [](T v) { return v; }, tolerance, diff);
}

// Integers and bools compare in their own type (int64 beyond 2^53 would round in a double); the
// differences are still reported as figures.
template <typename T>
void CompareExact(const Tensor& a, const Tensor& b, OutputDiff& diff) {
  const auto* da = static_cast<const T*>(a.data());
  const auto* db = static_cast<const T*>(b.data());
  const std::size_t n = a.buffer_elements();
  for (std::size_t i = 0; i < n; ++i) {
    ++diff.elements;
    if (da[i] == db[i]) continue;
    ++diff.mismatches;
    const double x = static_cast<double>(da[i]), y = static_cast<double>(db[i]);
    diff.max_abs = std::max(diff.max_abs, std::fabs(x - y));
    if (y != 0) diff.max_rel = std::max(diff.max_rel, std::fabs(x - y) / std::fabs(y));
  }
  diff.note = "exact";
}

void CompareStrings(const Tensor& a, const Tensor& b, OutputDiff& diff) {
  const auto& sa = a.strings();
  const auto& sb = b.strings();
  for (std::size_t i = 0; i < sa.size() && i < sb.size(); ++i) {
    ++diff.elements;
    diff.mismatches += sa[i] != sb[i];
  }
  diff.note = "exact";
}

int64_t ElementsOf(const Tensor& t) { return static_cast<int64_t>(t.buffer_elements()); }

// Not comparable element-wise: every element counts as a mismatch, and the output fails even when
// there are none (empty tensors of different shapes).
void Fail(OutputDiff& diff, int64_t elements, std::string note) {
  diff.pass = false;
  diff.elements += elements;
  diff.mismatches += elements;
  if (diff.note.empty()) diff.note = std::move(note);
}

// Same type and shape assumed: the element-wise part.
void CompareTensorData(const Tensor& a, const Tensor& b, const Tolerance& tolerance, OutputDiff& diff) {
  switch (a.type()) {
    case ElementType::kFloat32: return CompareFloats<float>(a, b, 1, tolerance, diff);
    case ElementType::kFloat64: return CompareFloats<double>(a, b, 1, tolerance, diff);
    case ElementType::kComplex64: return CompareFloats<float>(a, b, 2, tolerance, diff);
    case ElementType::kComplex128: return CompareFloats<double>(a, b, 2, tolerance, diff);
    case ElementType::kFloat16: return CompareFloats<uint16_t>(a, b, 1, HalfToFloat, tolerance, diff);
    case ElementType::kBFloat16: return CompareFloats<uint16_t>(a, b, 1, BFloat16ToFloat, tolerance, diff);
    case ElementType::kInt8: return CompareExact<int8_t>(a, b, diff);
    case ElementType::kUInt8: return CompareExact<uint8_t>(a, b, diff);
    case ElementType::kInt16: return CompareExact<int16_t>(a, b, diff);
    case ElementType::kUInt16: return CompareExact<uint16_t>(a, b, diff);
    case ElementType::kInt32: return CompareExact<int32_t>(a, b, diff);
    case ElementType::kUInt32: return CompareExact<uint32_t>(a, b, diff);
    case ElementType::kInt64: return CompareExact<int64_t>(a, b, diff);
    case ElementType::kUInt64: return CompareExact<uint64_t>(a, b, diff);
    case ElementType::kBool: return CompareExact<uint8_t>(a, b, diff);
    case ElementType::kString: return CompareStrings(a, b, diff);
    default: return Fail(diff, ElementsOf(a), "no comparison for " + std::string(ElementTypeName(a.type())));
  }
}

void CompareValues(const Value& a, const Value& b, const Tolerance& tolerance, OutputDiff& diff);

void CompareTensors(const Tensor& a, const Tensor& b, const Tolerance& tolerance, OutputDiff& diff) {
  if (a.type() != b.type()) {
    return Fail(diff, std::max(ElementsOf(a), ElementsOf(b)),
                "type " + std::string(ElementTypeName(a.type())) + " vs " + std::string(ElementTypeName(b.type())));
  }
  if (a.shape() != b.shape() || a.buffer_elements() != b.buffer_elements()) {
    return Fail(diff, std::max(ElementsOf(a), ElementsOf(b)),
                "shape " + ShapeToString(a.shape()) + " vs " + ShapeToString(b.shape()));
  }
  CompareTensorData(a, b, tolerance, diff);
}

void CompareSequences(const Value& a, const Value& b, const Tolerance& tolerance, OutputDiff& diff) {
  const auto& ea = a.sequence();
  const auto& eb = b.sequence();
  if (ea.size() != eb.size()) {
    return Fail(diff, static_cast<int64_t>(std::max(ea.size(), eb.size())),
                "length " + std::to_string(ea.size()) + " vs " + std::to_string(eb.size()));
  }
  for (std::size_t i = 0; i < ea.size(); ++i) {
    OutputDiff element;
    CompareValues(ea[i], eb[i], tolerance, element);
    diff.elements += element.elements;
    diff.mismatches += element.mismatches;
    diff.max_abs = std::max(diff.max_abs, element.max_abs);
    diff.max_rel = std::max(diff.max_rel, element.max_rel);
    diff.nan_a += element.nan_a;
    diff.nan_b += element.nan_b;
    diff.inf_a += element.inf_a;
    diff.inf_b += element.inf_b;
    diff.pass = diff.pass && element.pass;
    // The first element that could not be compared says why; "exact" is kept as it is.
    if (!element.note.empty() && (diff.note.empty() || diff.note == "exact") && element.note != "exact") {
      diff.note = "[" + std::to_string(i) + "]: " + element.note;
    } else if (diff.note.empty()) {
      diff.note = element.note;
    }
  }
}

void CompareValues(const Value& a, const Value& b, const Tolerance& tolerance, OutputDiff& diff) {
  if (a.kind() != b.kind()) {
    return Fail(diff, 0, std::string("kind ") + ToString(a.kind()) + " vs " + ToString(b.kind()));
  }
  switch (a.kind()) {
    case ValueKind::kTensor: return CompareTensors(a.tensor(), b.tensor(), tolerance, diff);
    case ValueKind::kSequence: return CompareSequences(a, b, tolerance, diff);
    case ValueKind::kMap:
      // Keys exactly (a map's keys are integers or strings), then the values.
      CompareTensors(a.map_keys(), b.map_keys(), tolerance, diff);
      return CompareValues(a.map_values(), b.map_values(), tolerance, diff);
    case ValueKind::kOptional: diff.note = "none"; return;
  }
}

const NamedValue* Find(const NamedValues& values, const std::string& name) {
  for (const auto& v : values) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

OutputDiff OneSided(const NamedValue& present, bool in_a) {
  OutputDiff diff;
  diff.name = present.name;
  (in_a ? diff.type_a : diff.type_b) = TypeOf(present.value);
  (in_a ? diff.type_b : diff.type_a) = "missing";
  if (present.value.is_tensor()) (in_a ? diff.shape_a : diff.shape_b) = present.value.tensor().shape();
  diff.pass = false;
  diff.note = in_a ? "only in A" : "only in B";
  return diff;
}

}  // namespace

std::string TypeOf(const Value& value) {
  switch (value.kind()) {
    case ValueKind::kTensor: return std::string(ElementTypeName(value.tensor().type()));
    case ValueKind::kSequence: {
      const auto& elements = value.sequence();
      return "sequence<" + (elements.empty() ? std::string("?") : TypeOf(elements.front())) + ">";
    }
    case ValueKind::kMap:
      return "map<" + std::string(ElementTypeName(value.map_keys().type())) + "," + TypeOf(value.map_values()) + ">";
    case ValueKind::kOptional: return "none";
  }
  return "unknown";
}

void Tolerance::Validate() const {
  for (const auto& [field, value] : {std::pair<const char*, double>{"rtol", rtol}, {"atol", atol}}) {
    if (!std::isfinite(value) || value < 0) {
      throw Error(ErrorCategory::kConfig, std::string("tolerance ") + field +
                                              ": expected a finite number >= 0, got " + fmt::format("{}", value));
    }
  }
}

Comparison CompareOutputs(const NamedValues& a, const NamedValues& b, const Tolerance& tolerance) {
  Comparison result;
  for (const NamedValue& va : a) {
    const NamedValue* vb = Find(b, va.name);
    if (!vb) {
      result.outputs.push_back(OneSided(va, true));
      continue;
    }
    OutputDiff diff;
    diff.name = va.name;
    diff.type_a = TypeOf(va.value);
    diff.type_b = TypeOf(vb->value);
    if (va.value.is_tensor()) diff.shape_a = va.value.tensor().shape();
    if (vb->value.is_tensor()) diff.shape_b = vb->value.tensor().shape();
    CompareValues(va.value, vb->value, tolerance, diff);
    diff.pass = diff.pass && diff.mismatches == 0;
    result.outputs.push_back(std::move(diff));
  }
  for (const NamedValue& vb : b) {
    if (!Find(a, vb.name)) result.outputs.push_back(OneSided(vb, false));
  }
  result.pass = std::all_of(result.outputs.begin(), result.outputs.end(), [](const OutputDiff& d) { return d.pass; });
  return result;
}

}  // namespace ortkit::compare
