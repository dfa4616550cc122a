// ortkit::Value: tensors, sequences, maps and empty optionals.
#include "ortkit/value.h"

#include "ortkit/error.h"

namespace ortkit {

const char* ToString(ValueKind kind) noexcept {
  switch (kind) {
    case ValueKind::kTensor: return "tensor";
    case ValueKind::kSequence: return "sequence";
    case ValueKind::kMap: return "map";
    case ValueKind::kOptional: return "optional";
  }
  return "unknown";
}

Value::Value(Tensor tensor) : kind_(ValueKind::kTensor), tensor_(std::move(tensor)) {}

Value Value::Sequence(std::vector<Value> elements) {
  Value v;
  v.kind_ = ValueKind::kSequence;
  v.elements_ = std::make_shared<const std::vector<Value>>(std::move(elements));
  return v;
}

Value Value::Map(Tensor keys, Value values) {
  Value v;
  v.kind_ = ValueKind::kMap;
  v.tensor_ = std::move(keys);
  v.elements_ = std::make_shared<const std::vector<Value>>(std::vector<Value>{std::move(values)});
  return v;
}

Value Value::None() { return Value(); }

namespace {
[[noreturn]] void WrongKind(const Value& v, ValueKind wanted) {
  throw Error(ErrorCategory::kInput, std::string("value is ") + v.Describe() + ", not a " +
                                         ToString(wanted));
}
}  // namespace

const Tensor& Value::tensor() const {
  if (kind_ != ValueKind::kTensor) WrongKind(*this, ValueKind::kTensor);
  return tensor_;
}

const std::vector<Value>& Value::sequence() const {
  if (kind_ != ValueKind::kSequence) WrongKind(*this, ValueKind::kSequence);
  return *elements_;
}

const Tensor& Value::map_keys() const {
  if (kind_ != ValueKind::kMap) WrongKind(*this, ValueKind::kMap);
  return tensor_;
}

const Value& Value::map_values() const {
  if (kind_ != ValueKind::kMap) WrongKind(*this, ValueKind::kMap);
  return elements_->front();
}

std::string Value::Describe() const {
  switch (kind_) {
    case ValueKind::kTensor:
      return tensor_.Describe();
    case ValueKind::kSequence: {
      const auto& e = *elements_;
      return "sequence<" + (e.empty() ? std::string("?") : e.front().Describe()) + "> of " +
             std::to_string(e.size());
    }
    case ValueKind::kMap:
      return "map<" + std::string(ElementTypeName(tensor_.type())) + "," +
             elements_->front().Describe() + "> of " + std::to_string(tensor_.buffer_elements());
    case ValueKind::kOptional:
      return "none";
  }
  return "unknown";
}

const Value& FindValue(const NamedValues& values, const std::string& name) {
  std::string present;
  for (const auto& nv : values) {
    if (nv.name == name) return nv.value;
    present += (present.empty() ? "" : ", ") + nv.name;
  }
  throw Error(ErrorCategory::kInput,
              "no value named '" + name + "'; present: " + (present.empty() ? "none" : present));
}

}  // namespace ortkit
