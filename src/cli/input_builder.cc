// The inputs of one `ortkit run`: read from the files given, seeded random for the rest.
#include "cli/input_builder.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "cli/cli_common.h"
#include "cli/output_summary.h"
#include "cli/random_tensor.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit::cli {
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

Value ReadInputFile(const ValueSpec* spec, const std::string& name, const std::string& path) {
  if (WantsTensor(spec)) return ReadTensorFile(path);
  if (std::filesystem::path(path).extension() != ".pb") {
    throw Error(ErrorCategory::kIo, "--input " + name + "=" + path + ": input '" + name + "' is " +
                                        spec->onnx_type + ", which only a .pb file (" +
                                        ToString(spec->kind) + " proto) can hold");
  }
  return ReadValueProto(path, spec->kind);
}

BuiltInput Describe(NamedValue value, std::string source) {
  BuiltInput built{std::move(value), ValueKind::kTensor, {}, {}, 0, std::move(source)};
  const Value& v = built.value.value;
  built.kind = v.kind();
  built.type = ValueTypeName(v);
  if (v.is_tensor()) {
    built.shape = v.tensor().shape();
    built.elements = static_cast<int64_t>(v.tensor().buffer_elements());
  } else if (v.kind() == ValueKind::kSequence) {
    built.elements = static_cast<int64_t>(v.sequence().size());
  } else if (v.kind() == ValueKind::kMap) {
    built.elements = static_cast<int64_t>(v.map_keys().buffer_elements());
  }
  return built;
}

// Free dimension sizes: --dim first, then what the file inputs show for the same symbol.
std::map<std::string, int64_t> ResolveSymbols(const std::vector<ValueSpec>& specs,
                                              const InputRequest& request,
                                              const std::vector<BuiltInput>& from_files) {
  std::set<std::string> symbols;
  for (const auto& spec : specs) {
    for (const Dim& d : spec.shape) {
      if (!d.is_fixed() && !d.symbol.empty()) symbols.insert(d.symbol);
    }
  }
  for (const auto& [symbol, size] : request.dims) {
    if (symbols.count(symbol)) continue;
    std::string known;
    for (const auto& s : symbols) known += (known.empty() ? "" : ", ") + s;
    throw Error(ErrorCategory::kInput, "--dim " + symbol + "=" + std::to_string(size) +
                                           ": the model has no free dimension '" + symbol + "' (" +
                                           (known.empty() ? "it has none" : "its free dimensions: " + known) + ")");
  }
  std::map<std::string, int64_t> sizes = request.dims;
  for (const auto& input : from_files) {
    const ValueSpec* spec = FindSpec(specs, input.value.name);
    if (!spec || !input.value.value.is_tensor() || spec->shape.size() != input.shape.size()) continue;
    for (std::size_t i = 0; i < spec->shape.size(); ++i) {
      const Dim& d = spec->shape[i];
      if (!d.is_fixed() && !d.symbol.empty()) sizes.emplace(d.symbol, input.shape[i]);  // first wins
    }
  }
  return sizes;
}

Shape ConcreteShape(const ValueSpec& spec, const std::map<std::string, int64_t>& sizes) {
  if (!spec.has_shape) return {1};  // any rank is accepted: the smallest non-scalar
  Shape shape;
  for (const Dim& d : spec.shape) {
    if (d.is_fixed()) {
      shape.push_back(d.value);
    } else {
      const auto it = d.symbol.empty() ? sizes.end() : sizes.find(d.symbol);
      shape.push_back(it == sizes.end() ? 1 : it->second);
    }
  }
  return shape;
}

// "seq(tensor(float))" -> float32; nullopt for anything else (sequences of maps, ...).
std::optional<ElementType> SequenceElementType(const std::string& onnx_type) {
  const std::string prefix = "seq(tensor(";
  if (onnx_type.rfind(prefix, 0) != 0 || onnx_type.size() < prefix.size() + 2) return std::nullopt;
  return ParseElementType(onnx_type.substr(prefix.size(), onnx_type.size() - prefix.size() - 2));
}

Value RandomValue(const ValueSpec& spec, const std::map<std::string, int64_t>& sizes, uint64_t seed) {
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

}  // namespace

std::vector<BuiltInput> BuildInputs(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  std::vector<BuiltInput> inputs;
  for (const auto& [name, path] : request.files) {
    inputs.push_back(Describe(NamedValue{name, ReadInputFile(FindSpec(specs, name), name, path)}, "file:" + path));
  }
  const std::map<std::string, int64_t> sizes = ResolveSymbols(specs, request, inputs);
  const std::string random_source = "random(" + std::to_string(request.seed) + ")";
  for (const auto& spec : specs) {
    const bool given = std::any_of(request.files.begin(), request.files.end(),
                                   [&](const auto& file) { return file.first == spec.name; });
    if (given) continue;
    if (spec.kind == ValueKind::kOptional) {
      BuiltInput absent = Describe(NamedValue{spec.name, Value::None()}, "none (optional)");
      absent.type = spec.onnx_type;
      inputs.push_back(std::move(absent));
      continue;
    }
    inputs.push_back(Describe(NamedValue{spec.name, RandomValue(spec, sizes, request.seed)}, random_source));
  }
  return inputs;
}

NamedValues ToNamedValues(const std::vector<BuiltInput>& inputs) {
  NamedValues values;
  values.reserve(inputs.size());
  for (const auto& input : inputs) values.push_back(input.value);
  return values;
}

std::string CheckDimFlag(const std::string& text) {
  std::pair<std::string, std::string> parts;
  if (!SplitAssignment(text, &parts)) return "expected NAME=VALUE (e.g. batch=8), got '" + text + "'";
  int64_t size = 0;
  if (!ParseNonNegative(parts.second, &size)) {
    return "'" + text + "': the size must be a non-negative integer, got '" + parts.second + "'";
  }
  return {};
}

std::string CheckInputFlag(const std::string& text) {
  std::pair<std::string, std::string> parts;
  if (!SplitAssignment(text, &parts) || parts.second.empty()) {
    return "expected NAME=FILE (e.g. image=image.npy), got '" + text + "'";
  }
  return {};
}

}  // namespace ortkit::cli
