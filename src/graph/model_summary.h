// SummarizeModel: what an ONNX model file holds (metadata, signature, ops, weights, subgraphs),
// read from the protobuf wire format without loading the weights.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/node_cost.h"
#include "ortkit/shape.h"

namespace ortkit::graph {

/// A value's declared (or inferred) type. Tensors: `type` is the element type ("float32") and
/// `shape` the dims when the rank is known. Others spell their element inside: "seq(float32[2])",
/// "map(int64,float32)", "optional(float32[?])", "sparse_tensor(float32)" (a sparse tensor's shape
/// is in `shape`), "opaque". `type` is empty when the model gives no type.
struct ValueType {
  std::string type;
  std::optional<DeclaredShape> shape;
  bool operator==(const ValueType& o) const { return type == o.type && shape == o.shape; }
};

/// "float32[batch,3]", "int64[]" (a scalar), "float32" (rank unknown), "?" (no type).
std::string DescribeType(const ValueType& type);

/// The name of an ONNX TensorProto.DataType number: "float32", ..., "uint4", "int4", "float4e2m1";
/// "undefined" for 0 and "data_type(<n>)" for a number ONNX does not define.
std::string DataTypeName(int data_type);

struct ValueSummary {
  std::string name;
  ValueType type;
};

/// One tensor stored in the model (an initializer or a tensor attribute such as Constant's value).
struct TensorSummary {
  enum class Storage { kEmpty, kRaw, kTyped, kExternal };
  std::string name;
  int data_type = 0;  ///< ONNX TensorProto.DataType number
  std::vector<int64_t> dims;
  std::optional<uint64_t> elements;  ///< product of dims; nullopt if one is negative or it overflows
  /// Payload bytes: raw_data's length; the typed fields' value count times the element size (for
  /// strings, the strings' total length); or external data's declared length (else the data file's
  /// size from the offset on, 0 if the file is missing).
  uint64_t bytes = 0;
  Storage storage = Storage::kEmpty;
  std::string location;  ///< external data: the file, relative to the model's directory
  uint64_t offset = 0;   ///< external data: where the tensor starts in that file
};

struct NodeSummary {
  std::string name;
  std::string op_type;
  std::string domain;  ///< as written: "" is the default ONNX domain
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  /// One per output, from ONNX shape inference (SummaryOptions::infer_shapes); empty otherwise.
  std::vector<ValueType> output_types;
  std::vector<std::size_t> subgraphs;  ///< indices into ModelSummary::graphs
};

struct OpCount {
  std::string domain;  ///< as written
  std::string op_type;
  uint64_t count = 0;
};

/// Initializers of one element type.
struct TypeTotal {
  int data_type = 0;
  uint64_t count = 0;
  uint64_t elements = 0;
  uint64_t bytes = 0;
};

struct GraphSummary {
  /// "" for the main graph; a subgraph is "<node>.<attribute>" (with "[i]" for the i-th of a
  /// GRAPHS attribute), nested ones joined by "/": "If_0.then_branch/Loop_3.body". <node> is the
  /// node's name, or "<op_type>#<index in its graph>" when it has none.
  std::string path;
  std::string owner_op;  ///< the op holding this subgraph ("If", "Loop", "Scan"); "" for the main graph
  std::string name;      ///< GraphProto.name
  std::vector<ValueSummary> inputs;
  std::vector<ValueSummary> outputs;
  uint64_t value_infos = 0;
  std::vector<NodeSummary> nodes;
  std::vector<OpCount> ops;  ///< by domain ("" first), then by count (descending), then op_type
  std::vector<TensorSummary> initializers;
  std::vector<TypeTotal> initializer_types;  ///< by data_type number
  uint64_t parameters = 0;                   ///< elements of all initializers
  uint64_t initializer_bytes = 0;
  uint64_t sparse_initializers = 0;
  /// Initializers also declared as graph inputs (in input order): overridable at run time, which
  /// keeps runtimes from folding them as constants.
  std::vector<std::string> initializers_as_inputs;
  std::vector<TensorSummary> attribute_tensors;  ///< tensors inside node attributes (Constant, ...)
};

struct OpsetImport {
  std::string domain;  ///< as written: "" is the default ONNX domain
  int64_t version = 0;
};

/// One file holding external data, with every tensor that refers to it.
struct ExternalFile {
  std::string location;  ///< as written in the model
  std::optional<uint64_t> size;  ///< the file's size; nullopt when it does not exist or is refused
  uint64_t tensors = 0;
  uint64_t bytes = 0;  ///< sum of the referring tensors' bytes
  /// Why the location is not looked at, or "": absolute, or outside the model's directory (also
  /// through a symlink). ReadModel refuses such models; inspect does not even reveal whether the
  /// file exists.
  std::string refused;
};

struct FunctionSummary {
  std::string domain;
  std::string name;
  uint64_t nodes = 0;
};

struct ModelSummary {
  std::string path;  ///< as given
  uint64_t file_size = 0;
  int64_t ir_version = 0;
  std::vector<OpsetImport> opset_imports;
  std::string producer_name;
  std::string producer_version;
  std::string domain;
  int64_t model_version = 0;
  std::string doc_string;
  std::vector<std::pair<std::string, std::string>> metadata_props;  ///< in file order, keys may repeat
  /// graphs[0] is the main graph; then every subgraph, depth first in node order.
  std::vector<GraphSummary> graphs;
  std::vector<ExternalFile> external_files;  ///< in order of first reference
  std::vector<FunctionSummary> functions;    ///< model-local functions
  bool shapes_inferred = false;  ///< SummaryOptions::infer_shapes or cost was set and inference ran
  std::string inference_error;   ///< why ONNX shape inference stopped early, if it did
  /// The main graph's static cost (SummaryOptions::cost); nullopt unless asked for.
  std::optional<ModelCost> cost;

  const GraphSummary& main_graph() const { return graphs.front(); }
};

struct SummaryOptions {
  /// Run ONNX shape inference to fill NodeSummary::output_types. It needs a parsed model: one is
  /// built from the file without tensor payloads over `keep_payload_bytes`, so memory stays small.
  bool infer_shapes = false;
  /// Tensors up to this size keep their values for inference (Reshape's shape, Slice's starts, ...).
  uint64_t keep_payload_bytes = 1024;
  /// Compute ModelSummary::cost (ComputeModelCost) from the shapes inference finds; runs
  /// inference as `infer_shapes` does, without filling output_types unless that is set too.
  bool cost = false;
  /// Sizes of free dimensions of the main graph's inputs, fixed before inference (ApplyDimSizes),
  /// so that inferred types and costs are those at these sizes. Checked first (CheckDimSizes):
  /// a key that names no free dimension throws Error(kInput).
  FreeDimSizes dim_sizes;
  /// When set, runs ONNX shape inference on the model at the path where a crash can't hurt (the
  /// CLI: a child process, which must infer as this call would: same sizes) and returns what
  /// happened if it crashed; then inference is not run here and `inference_error` says why (see
  /// CheckOptions::inference_crash_probe). A cost is then computed from declared types only.
  std::function<std::optional<std::string>(const std::string& model_path)> inference_crash_probe;
};

/// Summarizes the model at `path`, reading its structure from an mmap and skipping tensor payloads:
/// memory and time grow with the graph, not with the weights. External-data files are looked up
/// (not read) beside the model. Throws Error(kLoad) "while reading '<path>': ..." for a missing,
/// unreadable or non-regular file, malformed protobuf (naming the byte offset), or a protobuf
/// message that is not a model (no graph).
ModelSummary SummarizeModel(const std::string& path, const SummaryOptions& options = {});

/// The same for serialized model bytes; `path` names them in errors and locates external data.
/// `file_size` is set to bytes.size().
ModelSummary SummarizeModelBytes(std::string_view bytes, const std::string& path,
                                 const SummaryOptions& options = {});

/// The path of the subgraph held by attribute `attribute` of a node (see GraphSummary::path).
/// `index` is the graph's position in a GRAPHS attribute, or -1 for a GRAPH attribute.
std::string SubgraphPath(const std::string& parent, const std::string& node_name, const std::string& op_type,
                         std::size_t node_index, const std::string& attribute, int index);

}  // namespace ortkit::graph
