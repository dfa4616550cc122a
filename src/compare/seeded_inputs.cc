// A model's inputs, reproducibly: read from the files given, seeded random values for the rest.
#include "compare/seeded_inputs.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <set>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit::compare {
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

// Free dimension sizes: request.dims first, then what the file inputs show for the same symbol.
std::map<std::string, int64_t> ResolveSymbols(const std::vector<ValueSpec>& specs,
                                              const InputRequest& request,
                                              const std::vector<SeededInput>& from_files) {
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
    if (!spec || !input.value.value.is_tensor()) continue;
    const Shape& shape = input.value.value.tensor().shape();
    if (spec->shape.size() != shape.size()) continue;
    for (std::size_t i = 0; i < spec->shape.size(); ++i) {
      const Dim& d = spec->shape[i];
      if (!d.is_fixed() && !d.symbol.empty()) sizes.emplace(d.symbol, shape[i]);  // first wins
    }
  }
  return sizes;
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

std::vector<SeededInput> BuildSeededInputs(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  std::vector<SeededInput> inputs;
  for (const auto& [name, path] : request.files) {
    inputs.push_back(SeededInput{NamedValue{name, ReadInputFile(FindSpec(specs, name), name, path)}, "file:" + path});
  }
  const std::map<std::string, int64_t> sizes = ResolveSymbols(specs, request, inputs);
  const std::string random_source = "random(" + std::to_string(request.seed) + ")";
  for (const auto& spec : specs) {
    const bool given = std::any_of(request.files.begin(), request.files.end(),
                                   [&](const auto& file) { return file.first == spec.name; });
    if (given) continue;
    if (spec.kind == ValueKind::kOptional) {
      inputs.push_back(SeededInput{NamedValue{spec.name, Value::None()}, "none (optional)"});
      continue;
    }
    inputs.push_back(SeededInput{NamedValue{spec.name, RandomValue(spec, sizes, request.seed)}, random_source});
  }
  return inputs;
}

NamedValues SeededInputs(const std::vector<ValueSpec>& specs, uint64_t seed,
                         const std::map<std::string, int64_t>& dims) {
  InputRequest request;
  request.seed = seed;
  request.dims = dims;
  NamedValues values;
  for (auto& input : BuildSeededInputs(specs, request)) values.push_back(std::move(input.value));
  return values;
}

}  // namespace ortkit::compare
