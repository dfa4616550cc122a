// A value flowing in or out of a model: a tensor, a sequence, a map, or an empty optional.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ortkit/tensor.h"

namespace ortkit {

/// ONNX value kinds ortkit can pass to and from ONNX Runtime.
enum class ValueKind { kTensor, kSequence, kMap, kOptional };

/// "tensor", "sequence", "map", "optional".
const char* ToString(ValueKind kind) noexcept;

/// A tensor (the common case, implicitly convertible), a sequence of values, a map (a keys tensor
/// and a values tensor or sequence, as ONNX Runtime represents maps), or an absent optional.
/// Copies are cheap and share tensor buffers.
class Value {
 public:
  Value(Tensor tensor);  // NOLINT(google-explicit-constructor): tensors are values
  static Value Sequence(std::vector<Value> elements);
  static Value Map(Tensor keys, Value values);
  /// An optional with no value (ONNX's "None").
  static Value None();

  /// kTensor, kSequence, kMap, or kOptional (only for None: a present optional is its content).
  ValueKind kind() const noexcept { return kind_; }
  bool is_tensor() const noexcept { return kind_ == ValueKind::kTensor; }
  bool is_none() const noexcept { return kind_ == ValueKind::kOptional; }

  /// Throw Error(kInput) naming the actual kind when the value is of another kind.
  const Tensor& tensor() const;
  const std::vector<Value>& sequence() const;
  const Tensor& map_keys() const;
  const Value& map_values() const;

  /// "float32[2,3]", "sequence<float32[2]> of 3", "map<int64,float32> of 4", "none".
  std::string Describe() const;

 private:
  Value() = default;

  ValueKind kind_ = ValueKind::kOptional;
  Tensor tensor_;  // the tensor, or a map's keys
  std::shared_ptr<const std::vector<Value>> elements_;  // a sequence, or a map's values (one)
};

/// An input or output by name.
struct NamedValue {
  std::string name;
  Value value;
};

using NamedValues = std::vector<NamedValue>;

/// The value called `name`; throws Error(kInput) listing the names present when it is missing.
const Value& FindValue(const NamedValues& values, const std::string& name);

}  // namespace ortkit
