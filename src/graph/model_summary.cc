// SummarizeModel: map the file, scan its structure, and (for --nodes) add inferred output types.
#include "graph/model_summary.h"

#include <filesystem>

#include "graph/free_dims.h"
#include "graph/inferred_types.h"
#include "graph/mapped_file.h"
#include "graph/model_scan.h"
#include "ortkit/element_type.h"

namespace ortkit::graph {
namespace {

// Inference once, for both output types (--nodes) and costs; `run_inference` false (it crashed
// in the probe) leaves only the declared types for the cost.
void AddInferredTypes(std::string_view bytes, const SummaryOptions& options, bool run_inference,
                      ModelSummary* summary) {
  const InferredModel model =
      InferStrippedModel(bytes, summary->path, options.keep_payload_bytes, options.dim_sizes, run_inference);
  if (options.cost) summary->cost = ComputeModelCost(model.proto, options.dim_sizes);
  if (!run_inference || !options.infer_shapes) {
    summary->shapes_inferred = run_inference;
    if (run_inference) summary->inference_error = model.error;
    return;
  }
  const InferredTypes inferred = CollectInferredTypes(model, options.dim_sizes);
  summary->shapes_inferred = true;
  summary->inference_error = inferred.error;
  for (GraphSummary& graph : summary->graphs) {
    const auto types = inferred.graphs.find(graph.path);
    for (NodeSummary& node : graph.nodes) {
      node.output_types.assign(node.outputs.size(), ValueType{});
      if (types == inferred.graphs.end()) continue;
      for (std::size_t i = 0; i < node.outputs.size(); ++i) {
        const auto it = types->second.find(node.outputs[i]);
        if (it != types->second.end() && !node.outputs[i].empty()) node.output_types[i] = it->second;
      }
    }
  }
}

}  // namespace

std::string DescribeType(const ValueType& type) {
  if (type.type.empty()) return "?";
  return type.shape ? type.type + ShapeToString(*type.shape) : type.type;
}

std::string DataTypeName(int data_type) {
  // ONNX types newer than ortkit::ElementType (which follows what ORT can feed and fetch).
  switch (data_type) {
    case 21: return "uint4";
    case 22: return "int4";
    case 23: return "float4e2m1";
    default: break;
  }
  const ElementType type = ElementTypeFromOnnx(data_type);
  if (data_type != 0 && type == ElementType::kUndefined) return "data_type(" + std::to_string(data_type) + ")";
  return std::string(ElementTypeName(type));
}

std::string SubgraphPath(const std::string& parent, const std::string& node_name, const std::string& op_type,
                         std::size_t node_index, const std::string& attribute, int index) {
  std::string path = node_name.empty() ? op_type + "#" + std::to_string(node_index) : node_name;
  path += "." + attribute;
  if (index >= 0) path += "[" + std::to_string(index) + "]";
  return parent.empty() ? path : parent + "/" + path;
}

ModelSummary SummarizeModel(const std::string& path, const SummaryOptions& options) {
  const MappedFile file(path);
  return SummarizeModelBytes(file.bytes(), path, options);
}

ModelSummary SummarizeModelBytes(std::string_view bytes, const std::string& path, const SummaryOptions& options) {
  ModelSummary summary;
  summary.path = path;
  summary.file_size = bytes.size();
  ScanModel(bytes, summary.path, std::filesystem::path(path).parent_path().string(), &summary);
  if (!options.infer_shapes && !options.cost) return summary;
  CheckDimSizes(summary.main_graph(), options.dim_sizes);
  if (options.inference_crash_probe) {
    if (const std::optional<std::string> crash = options.inference_crash_probe(path)) {
      if (options.cost) AddInferredTypes(bytes, options, /*run_inference=*/false, &summary);
      summary.shapes_inferred = false;
      summary.inference_error = "ONNX shape inference crashed on this model (" + *crash + "); output types are not shown";
      return summary;
    }
  }
  AddInferredTypes(bytes, options, /*run_inference=*/true, &summary);
  return summary;
}

}  // namespace ortkit::graph
