// A model's inputs, reproducibly: files, --value rules and guesses, seeded random values.
#include "workload/inputs.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <fmt/format.h>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"
#include "workload/filled_tensor.h"
#include "workload/random_tensor.h"
#include "workload/saved_inputs.h"

namespace ortkit::workload {
namespace {

// Random sequences: this many tensors of shape [1] (a sequence's element shape isn't declared).
constexpr std::size_t kRandomSequenceLength = 2;

const ValueSpec* FindSpec(const std::vector<ValueSpec>& specs, const std::string& name) {
  for (const auto& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

bool WantsTensor(const ValueSpec* spec) {
  return !spec || spec->kind == ValueKind::kTensor ||
         (spec->kind == ValueKind::kOptional && spec->element_type != ElementType::kUndefined);
}

bool GivenByFile(const InputRequest& request, const std::string& name) {
  return std::any_of(request.files.begin(), request.files.end(), [&](const auto& file) { return file.first == name; });
}

std::string InputNames(const std::vector<ValueSpec>& specs) {
  std::vector<std::string> names;
  for (const auto& s : specs) names.push_back(s.name);
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

std::string DimNames(const std::vector<ValueSpec>& specs) {
  const auto keys = FreeDimKeys(specs);
  return keys.empty() ? "it has none" : fmt::format("its free dimensions: {}", fmt::join(keys, ", "));
}

// The key of axis `axis` of `spec` when it is free: its symbol or INPUT:AXIS; "" when fixed.
std::string KeyOf(const ValueSpec& spec, std::size_t axis) {
  const Dim& d = spec.shape[axis];
  if (d.is_fixed()) return {};
  return d.symbol.empty() ? DimKey(spec.name, axis) : d.symbol;
}

Value ReadInputFile(const ValueSpec* spec, const std::string& name, const std::string& path) {
  if (WantsTensor(spec)) return ReadTensorFile(path);
  if (std::filesystem::path(path).extension() != ".pb") {
    throw Error(ErrorCategory::kIo, "--input " + name + "=" + path + ": input '" + name + "' is " +
                                        spec->onnx_type + ", which only a .pb file (" +
                                        ToString(spec->kind) + " proto) can hold");
  }
  return ReadValueProto(path, spec->kind);
}

// "seq(tensor(float))" -> float32; nullopt for anything else (sequences of maps, ...).
std::optional<ElementType> SequenceElementType(const std::string& onnx_type) {
  const std::string prefix = "seq(tensor(";
  if (onnx_type.rfind(prefix, 0) != 0 || onnx_type.size() < prefix.size() + 2) return std::nullopt;
  return ParseElementType(onnx_type.substr(prefix.size(), onnx_type.size() - prefix.size() - 2));
}

Value RandomValue(const ValueSpec& spec, const DimSizes& sizes, uint64_t seed) {
  if (spec.kind == ValueKind::kTensor) {
    return RandomTensor(spec.element_type, ConcreteShape(spec, sizes), seed, spec.name);
  }
  if (spec.kind == ValueKind::kSequence) {
    if (const auto type = SequenceElementType(spec.onnx_type)) {
      std::vector<Value> elements;
      for (std::size_t i = 0; i < kRandomSequenceLength; ++i) {
        elements.emplace_back(RandomTensor(*type, {1}, seed, spec.name + "[" + std::to_string(i) + "]"));
      }
      return Value::Sequence(std::move(elements));
    }
  }
  throw Error(ErrorCategory::kInput, "input '" + spec.name + "': ortkit can't make random " + spec.onnx_type +
                                         " values; give it with --input " + spec.name + "=FILE.pb");
}

Value RuleValue(const ValueSpec& spec, const ValueRule& rule, const DimSizes& sizes, uint64_t seed) {
  const Shape shape = ConcreteShape(spec, sizes);
  switch (rule.fill) {
    case ValueRule::Fill::kDimSize:
      return ConstantTensor(spec.element_type, shape, static_cast<double>(sizes.at(rule.dim)), spec.name);
    case ValueRule::Fill::kUniform:
      return UniformTensor(spec.element_type, shape, rule.low, rule.high, seed, spec.name);
    case ValueRule::Fill::kConstant:
      return ConstantTensor(spec.element_type, shape, rule.constant, spec.name);
  }
  throw Error(ErrorCategory::kInput, "input '" + spec.name + "': unknown value rule");
}

}  // namespace

std::vector<std::string> FreeDimKeys(const std::vector<ValueSpec>& specs) {
  std::vector<std::string> keys;
  for (const auto& spec : specs) {
    if (spec.kind != ValueKind::kTensor && spec.kind != ValueKind::kOptional) continue;
    for (std::size_t axis = 0; axis < spec.shape.size(); ++axis) {
      const std::string key = KeyOf(spec, axis);
      if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  return keys;
}

std::vector<SeededInput> ReadFileInputs(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  std::vector<SeededInput> inputs;
  for (const auto& [name, path] : request.files) {
    inputs.push_back(SeededInput{NamedValue{name, ReadInputFile(FindSpec(specs, name), name, path)}, "file:" + path});
  }
  return inputs;
}

DimSizes SizesShownByFiles(const std::vector<ValueSpec>& specs, const std::vector<SeededInput>& from_files) {
  DimSizes sizes;
  for (const auto& input : from_files) {
    const ValueSpec* spec = FindSpec(specs, input.value.name);
    if (!spec || !input.value.value.is_tensor()) continue;
    const Shape& shape = input.value.value.tensor().shape();
    if (spec->shape.size() != shape.size()) continue;
    for (std::size_t axis = 0; axis < spec->shape.size(); ++axis) {
      const std::string key = KeyOf(*spec, axis);
      if (!key.empty()) sizes.emplace(key, shape[axis]);
    }
  }
  return sizes;
}

DimSizes ResolveSizes(const std::vector<ValueSpec>& specs, const InputRequest& request,
                      const std::vector<SeededInput>& from_files) {
  const std::vector<std::string> keys = FreeDimKeys(specs);
  for (const auto& [key, size] : request.dims) {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    const auto colon = key.rfind(':');
    if (colon != std::string::npos) {
      const std::string input = key.substr(0, colon);
      const ValueSpec* spec = FindSpec(specs, input);
      if (spec == nullptr) {
        throw Error(ErrorCategory::kInput, fmt::format("--dim {}={}: the model has no input '{}' (its inputs: {})",
                                                       key, size, input, InputNames(specs)));
      }
      const std::size_t axis = std::stoul(key.substr(colon + 1));
      if (axis < spec->shape.size() && !spec->shape[axis].is_fixed()) {
        throw Error(ErrorCategory::kInput, fmt::format("--dim {}={}: that dimension is named '{}'; use --dim {}={}",
                                                       key, size, spec->shape[axis].symbol, spec->shape[axis].symbol, size));
      }
      throw Error(ErrorCategory::kInput,
                  fmt::format("--dim {}={}: axis {} of input '{}' ({}) is not a free dimension", key, size, axis,
                              input, spec->Describe()));
    }
    throw Error(ErrorCategory::kInput, fmt::format("--dim {}={}: the model has no free dimension '{}' ({})", key,
                                                   size, key, DimNames(specs)));
  }
  DimSizes sizes = request.dims;
  for (const auto& [key, size] : SizesShownByFiles(specs, from_files)) sizes.emplace(key, size);
  for (const auto& key : keys) sizes.emplace(key, 1);
  return sizes;
}

void CheckValueRules(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  const std::vector<std::string> keys = FreeDimKeys(specs);
  for (const auto& rule : request.values) {
    const std::string flag = "--value " + rule.input + "=" + rule.ValueText();
    const ValueSpec* spec = FindSpec(specs, rule.input);
    if (spec == nullptr) {
      throw Error(ErrorCategory::kInput,
                  fmt::format("{}: the model has no input '{}' (its inputs: {})", flag, rule.input, InputNames(specs)));
    }
    if (GivenByFile(request, rule.input)) {
      throw Error(ErrorCategory::kInput, fmt::format("{}: input '{}' is also read from a file (--input); give one "
                                                     "of them",
                                                     flag, rule.input));
    }
    if (spec->kind != ValueKind::kTensor) {
      throw Error(ErrorCategory::kInput,
                  fmt::format("{}: input '{}' is {}; --value fills tensors", flag, rule.input, spec->onnx_type));
    }
    if (rule.fill == ValueRule::Fill::kDimSize && std::find(keys.begin(), keys.end(), rule.dim) == keys.end()) {
      throw Error(ErrorCategory::kInput,
                  fmt::format("{}: the model has no free dimension '{}' ({})", flag, rule.dim, DimNames(specs)));
    }
    if (spec->element_type == ElementType::kBool && rule.fill != ValueRule::Fill::kConstant) {
      throw Error(ErrorCategory::kInput,
                  fmt::format("{}: input '{}' is bool; give it a constant (0 or 1)", flag, rule.input));
    }
  }
}

Shape ConcreteShape(const ValueSpec& spec, const DimSizes& sizes) {
  if (!spec.has_shape) return {1};  // any rank is accepted: the smallest non-scalar
  Shape shape;
  for (std::size_t axis = 0; axis < spec.shape.size(); ++axis) {
    const Dim& d = spec.shape[axis];
    if (d.is_fixed()) {
      shape.push_back(d.value);
      continue;
    }
    const auto it = sizes.find(KeyOf(spec, axis));
    shape.push_back(it == sizes.end() ? 1 : it->second);
  }
  return shape;
}

std::vector<SeededInput> BuildSeededInputs(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  if (!request.saved_run.empty()) CheckSavedRunInputs(specs, request.files, request.saved_run);
  CheckValueRules(specs, request);
  std::vector<SeededInput> inputs = ReadFileInputs(specs, request);
  const DimSizes sizes = ResolveSizes(specs, request, inputs);
  const std::string random_source = "random(" + std::to_string(request.seed) + ")";
  for (const auto& spec : specs) {
    if (GivenByFile(request, spec.name)) continue;
    const auto rule = std::find_if(request.values.begin(), request.values.end(),
                                   [&](const ValueRule& r) { return r.input == spec.name; });
    if (rule != request.values.end()) {
      inputs.push_back(SeededInput{NamedValue{spec.name, RuleValue(spec, *rule, sizes, request.seed)},
                                   "value(" + rule->ValueText() + ")"});
    } else if (spec.kind == ValueKind::kOptional) {
      inputs.push_back(SeededInput{NamedValue{spec.name, Value::None()}, "none (optional)"});
    } else {
      inputs.push_back(SeededInput{NamedValue{spec.name, RandomValue(spec, sizes, request.seed)}, random_source});
    }
  }
  return inputs;
}

NamedValues SeededInputs(const std::vector<ValueSpec>& specs, uint64_t seed, const DimSizes& dims) {
  InputRequest request;
  request.seed = seed;
  request.dims = dims;
  NamedValues values;
  for (auto& input : BuildSeededInputs(specs, request)) values.push_back(std::move(input.value));
  return values;
}

}  // namespace ortkit::workload
