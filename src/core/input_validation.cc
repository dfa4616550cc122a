// Input validation with messages that say what to fix.
#include "core/input_validation.h"

#include <algorithm>

#include "core/text.h"
#include "ortkit/error.h"

namespace ortkit::core {
namespace {

[[noreturn]] void Fail(const std::string& message) { throw Error(ErrorCategory::kInput, message); }

std::string ListSpecs(const std::vector<ValueSpec>& specs) {
  std::string out;
  for (const auto& s : specs) out += (out.empty() ? "" : ", ") + s.name + " (" + s.TypeString() + ")";
  return out.empty() ? "none" : out;
}

const ValueSpec* FindSpec(const std::vector<ValueSpec>& specs, const std::string& name) {
  for (const auto& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::string Suggestion(const std::vector<ValueSpec>& specs, const std::string& name) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  return DidYouMean(names, name);
}

std::string CountText(std::size_t elements, std::size_t element_size) {
  std::string out = std::to_string(elements) + " elements";
  if (element_size) out += ", " + std::to_string(elements * element_size) + " bytes";
  return out;
}

}  // namespace

void ValidateTensor(const ValueSpec& spec, const Tensor& tensor) {
  // Built only on failure: this runs on every run's hot path.
  auto who = [&spec] { return "input '" + spec.name + "': "; };
  const Shape& shape = tensor.shape();
  if (std::any_of(shape.begin(), shape.end(), [](int64_t d) { return d < 0; })) {
    Fail(who() + "shape " + ShapeToString(shape) + " has a negative dimension");
  }
  const auto count = ElementCount(shape);
  if (!count) Fail(who() + "shape " + ShapeToString(shape) + " has more elements than fit in 64 bits");

  if (spec.element_type != ElementType::kUndefined && tensor.type() != spec.element_type) {
    Fail(who() + "expected element type " + std::string(ElementTypeName(spec.element_type)) + " (" +
         spec.TypeString() + "), got " + tensor.Describe());
  }
  // A declared rank of 0 may also mean "no shape declared"; ORT checks scalars itself.
  if (spec.has_shape && !spec.shape.empty()) {
    if (shape.size() != spec.shape.size()) {
      Fail(who() + "expected rank " + std::to_string(spec.shape.size()) + " (" + spec.TypeString() +
           "), got rank " + std::to_string(shape.size()) + " (" + ShapeToString(shape) + ")");
    }
    for (std::size_t i = 0; i < shape.size(); ++i) {
      if (spec.shape[i].is_fixed() && spec.shape[i].value != shape[i]) {
        Fail(who() + "dimension " + std::to_string(i) + " must be " + std::to_string(spec.shape[i].value) +
             " (" + spec.TypeString() + "), got " + std::to_string(shape[i]) + " in shape " +
             ShapeToString(shape));
      }
    }
  }
  const std::size_t element_size = ElementSize(tensor.type());
  if (tensor.buffer_elements() != static_cast<uint64_t>(*count) ||
      (element_size && tensor.byte_size() % element_size != 0)) {
    Fail(who() + "expected " + tensor.Describe() + " (" + CountText(static_cast<std::size_t>(*count), element_size) +
         "), got " + (element_size && tensor.byte_size() % element_size
                          ? std::to_string(tensor.byte_size()) + " bytes"
                          : std::to_string(tensor.buffer_elements()) + " elements"));
  }
}

void ValidateInputs(const std::string& model_name, const std::vector<ValueSpec>& specs,
                    const NamedValues& inputs) {
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const NamedValue& input = inputs[i];
    const ValueSpec* spec = FindSpec(specs, input.name);
    if (!spec) {
      Fail("input '" + input.name + "' is not an input of '" + model_name + "'" +
           Suggestion(specs, input.name) + "; its inputs are: " + ListSpecs(specs));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (inputs[j].name == input.name) Fail("input '" + input.name + "' is given twice");
    }
    const Value& value = input.value;
    const bool optional = spec->kind == ValueKind::kOptional;
    if (value.is_none()) {
      if (!optional) Fail("input '" + input.name + "': expected " + spec->TypeString() + ", got none");
      continue;
    }
    const bool wants_tensor = spec->kind == ValueKind::kTensor ||
                              (optional && spec->element_type != ElementType::kUndefined);
    if (wants_tensor != value.is_tensor() ||
        (spec->kind == ValueKind::kSequence && value.kind() != ValueKind::kSequence) ||
        (spec->kind == ValueKind::kMap && value.kind() != ValueKind::kMap)) {
      Fail("input '" + input.name + "': expected " + spec->TypeString() + ", got " + value.Describe());
    }
    if (value.is_tensor()) ValidateTensor(*spec, value.tensor());
  }
  for (const auto& spec : specs) {
    if (spec.kind == ValueKind::kOptional) continue;
    const bool given = std::any_of(inputs.begin(), inputs.end(),
                                   [&](const NamedValue& nv) { return nv.name == spec.name; });
    if (!given) {
      std::string names;
      for (const auto& nv : inputs) names += (names.empty() ? "" : ", ") + nv.name;
      Fail("missing input '" + spec.name + "' (" + spec.TypeString() + ") for '" + model_name +
           "'; given: " + (names.empty() ? "none" : names));
    }
  }
}

void ValidateOutputNames(const std::string& model_name, const std::vector<ValueSpec>& outputs,
                         const std::vector<std::string>& requested) {
  for (const auto& name : requested) {
    if (!FindSpec(outputs, name)) {
      Fail("'" + name + "' is not an output of '" + model_name + "'" + Suggestion(outputs, name) +
           "; its outputs are: " + ListSpecs(outputs));
    }
  }
}

}  // namespace ortkit::core
