// Free dimensions of the main graph's inputs: listing them, checking --dim sizes against them,
// and fixing them in a model before inference.
#include "graph/free_dims.h"

#include <algorithm>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

bool IsInitializer(const GraphSummary& main, const std::string& name) {
  const auto& list = main.initializers_as_inputs;
  return std::find(list.begin(), list.end(), name) != list.end();
}

std::string KeyOf(const std::string& input, std::size_t axis, const Dim& d) {
  return d.symbol.empty() ? input + ":" + std::to_string(axis) : d.symbol;
}

const ValueSummary* FindInput(const GraphSummary& main, const std::string& name) {
  for (const auto& v : main.inputs) {
    if (v.name == name && !IsInitializer(main, name)) return &v;
  }
  return nullptr;
}

std::string InputNames(const GraphSummary& main) {
  std::vector<std::string> names;
  for (const auto& v : main.inputs) {
    if (!IsInitializer(main, v.name)) names.push_back(v.name);
  }
  return names.empty() ? "none" : fmt::format("{}", fmt::join(names, ", "));
}

void SizeDims(const FreeDimSizes& sizes, const std::string& input, onnx::ValueInfoProto* value) {
  if (!value->type().has_tensor_type() || !value->type().tensor_type().has_shape()) return;
  auto* dims = value->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim();
  for (int axis = 0; axis < dims->size(); ++axis) {
    onnx::TensorShapeProto_Dimension& d = (*dims)[axis];
    if (d.has_dim_value()) continue;
    std::string key = d.dim_param();
    if (key.empty() && !input.empty()) key = input + ":" + std::to_string(axis);
    const auto size = sizes.find(key);
    if (key.empty() || size == sizes.end()) continue;
    d.set_dim_value(size->second);  // clears dim_param: the two are a oneof
  }
}

}  // namespace

std::vector<std::string> FreeDimKeys(const GraphSummary& main) {
  std::vector<std::string> keys;
  for (const auto& v : main.inputs) {
    if (IsInitializer(main, v.name) || !v.type.shape) continue;
    for (std::size_t axis = 0; axis < v.type.shape->size(); ++axis) {
      const Dim& d = (*v.type.shape)[axis];
      if (d.is_fixed()) continue;
      const std::string key = KeyOf(v.name, axis, d);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
  }
  return keys;
}

void CheckDimSizes(const GraphSummary& main, const FreeDimSizes& sizes) {
  const std::vector<std::string> keys = FreeDimKeys(main);
  for (const auto& [key, size] : sizes) {
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    const auto colon = key.rfind(':');
    if (colon == std::string::npos) {
      throw Error(ErrorCategory::kInput,
                  fmt::format("--dim {}={}: the model has no free dimension '{}' ({})", key, size, key,
                              keys.empty() ? "it has none" : fmt::format("its free dimensions: {}", fmt::join(keys, ", "))));
    }
    const std::string input = key.substr(0, colon);
    const ValueSummary* value = FindInput(main, input);
    if (value == nullptr) {
      throw Error(ErrorCategory::kInput, fmt::format("--dim {}={}: the model has no input '{}' (its inputs: {})", key,
                                                     size, input, InputNames(main)));
    }
    // The grammar (workload/dim_flag.h) has checked that AXIS is a number.
    const std::size_t axis = std::stoul(key.substr(colon + 1));
    if (value->type.shape && axis < value->type.shape->size() && !(*value->type.shape)[axis].is_fixed()) {
      const std::string& symbol = (*value->type.shape)[axis].symbol;
      throw Error(ErrorCategory::kInput, fmt::format("--dim {}={}: that dimension is named '{}'; use --dim {}={}",
                                                     key, size, symbol, symbol, size));
    }
    throw Error(ErrorCategory::kInput, fmt::format("--dim {}={}: axis {} of input '{}' ({}) is not a free dimension",
                                                   key, size, axis, input, DescribeType(value->type)));
  }
}

void ApplyDimSizes(const FreeDimSizes& sizes, onnx::ModelProto* model) {
  if (sizes.empty()) return;
  onnx::GraphProto* graph = model->mutable_graph();
  for (auto& v : *graph->mutable_input()) SizeDims(sizes, v.name(), &v);
  for (auto& v : *graph->mutable_value_info()) SizeDims(sizes, "", &v);
  for (auto& v : *graph->mutable_output()) SizeDims(sizes, "", &v);
}

}  // namespace ortkit::graph
