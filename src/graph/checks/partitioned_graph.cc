// PartitionedGraph: ORT's level-basic graph of the model, or the file's without Constant nodes.
//
// ORT runs its level-1 (basic) transformers before it partitions the graph among providers
// (InferenceSession::TransformGraph), and they do not depend on the providers: the model a CPU
// session saves at level basic is the graph every provider's GetCapability sees.
#include "graph/checks/partitioned_graph.h"

#include <unordered_map>
#include <utility>
#include <vector>

#include "core/scratch_dir.h"
#include "graph/check_engine.h"
#include "graph/model_file.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/session_config.h"

namespace ortkit::graph {

struct PartitionedGraph::Impl {
  CountedGraph source = CountedGraph::kFile;
  onnx::ModelProto model;
  std::unique_ptr<GraphIndex> index;  // points into `model`, which never moves after it is built
  std::vector<std::string> locations;
  int file_nodes = 0;
  int constants_left_out = 0;
  std::string why_file;
};

namespace {

bool IsConstantNode(const onnx::NodeProto& node) {
  return node.op_type() == "Constant" && CanonicalDomain(node.domain()).empty();
}

// The file's location of the node ORT kept as `node`: same name, else the node writing its first
// output; both with the same op type (a fusion that renamed nothing but changed the op is ORT's).
std::string FileLocation(const GraphIndex& file, const std::unordered_map<std::string, int>& by_name,
                         const onnx::NodeProto& node, int position) {
  const onnx::GraphProto& main = *file.main().proto;
  if (!node.name().empty()) {
    const auto it = by_name.find(node.name());
    if (it != by_name.end() && main.node(it->second).op_type() == node.op_type()) {
      return file.NodeLocation(0, it->second);
    }
  }
  for (const std::string& output : node.output()) {
    if (output.empty()) continue;
    const auto it = file.main().producer.find(output);
    if (it != file.main().producer.end() && main.node(it->second).op_type() == node.op_type()) {
      return file.NodeLocation(0, it->second);
    }
    break;
  }
  if (!node.name().empty()) return node.name();
  return "(unnamed " + node.op_type() + " #" + std::to_string(position) + ", made by ONNX Runtime)";
}

// `model` without its main graph's nodes and without the payload of its initializers (their names,
// types and dims are all the index needs): a copy that costs little for a large model.
onnx::ModelProto ShellOf(const onnx::ModelProto& model) {
  onnx::ModelProto shell;
  *shell.mutable_opset_import() = model.opset_import();
  shell.set_ir_version(model.ir_version());
  const onnx::GraphProto& from = model.graph();
  onnx::GraphProto& to = *shell.mutable_graph();
  to.set_name(from.name());
  *to.mutable_input() = from.input();
  *to.mutable_output() = from.output();
  *to.mutable_value_info() = from.value_info();
  *to.mutable_sparse_initializer() = from.sparse_initializer();  // rare, and typed by their values
  for (const onnx::TensorProto& tensor : from.initializer()) {
    onnx::TensorProto& copy = *to.add_initializer();
    copy.set_name(tensor.name());
    copy.set_data_type(tensor.data_type());
    *copy.mutable_dims() = tensor.dims();
  }
  return shell;
}

}  // namespace

// Not OptimizeWithOrt (fixes/ort_optimize.h): that lives in the fix library, which depends on this
// one, and loads from bytes, where ORT can't find a model's external data.
onnx::ModelProto OrtBasicGraph(const std::string& model_path, const std::vector<std::string>& custom_op_libraries) {
  const core::ScratchDir scratch("coverage");  // where ORT writes the optimised model
  const std::string path = scratch.File("basic.onnx");
  SessionConfig config;
  config.intra_op_threads = 1;  // the session only optimises; threads would only cost start-up
  config.optimization_level = OptimizationLevel::kBasic;
  config.optimized_model_path = path;
  config.custom_op_libraries = custom_op_libraries;
  // Only the graph is read back: weights go to a side file, so a large model's copy stays small.
  config.config_entries["session.optimized_model_external_initializers_file_name"] = "basic.onnx.data";
  config.config_entries["session.optimized_model_external_initializers_min_size_in_bytes"] = "1024";
  Model::Load(model_path, config);  // saves on creation
  return ReadModel(path);
}

PartitionedGraph PartitionedGraph::Build(const CheckContext& context, bool ort_crashed) {
  if (!context.options.use_ort) {
    return FromFile(context, ort_crashed ? "the rules that need ONNX Runtime were skipped after a crash "
                                           "(see ORTKIT010)"
                                         : "--no-ort is set");
  }
  try {
    return FromOrtModel(context, OrtBasicGraph(context.model_path, context.options.custom_op_libraries));
  } catch (const Error& e) {
    if (e.category() == ErrorCategory::kLoad) {
      return FromFile(context, "ONNX Runtime refused the model (see ORTKIT010)");
    }
    return FromFile(context, std::string("ONNX Runtime's optimised graph could not be read: ") + e.what());
  }
}

PartitionedGraph PartitionedGraph::FromOrtModel(const CheckContext& context, const onnx::ModelProto& ort_model) {
  auto impl = std::make_shared<Impl>();
  impl->source = CountedGraph::kOrtBasic;
  impl->file_nodes = context.model.graph().node_size();
  // ORT writes the types it inferred as value_info; ONNX inference fills in any it left out.
  impl->model = InferForChecks(ort_model).model;
  impl->index = std::make_unique<GraphIndex>(impl->model);
  std::unordered_map<std::string, int> by_name;
  const onnx::GraphProto& file_main = *context.index.main().proto;
  for (int n = 0; n < file_main.node_size(); ++n) {
    if (!file_main.node(n).name().empty()) by_name.emplace(file_main.node(n).name(), n);
  }
  const onnx::GraphProto& main = impl->model.graph();
  for (int n = 0; n < main.node_size(); ++n) {
    impl->locations.push_back(FileLocation(context.index, by_name, main.node(n), n));
  }
  return PartitionedGraph(std::move(impl));
}

PartitionedGraph PartitionedGraph::FromFile(const CheckContext& context, const std::string& why) {
  auto impl = std::make_shared<Impl>();
  impl->source = CountedGraph::kFile;
  impl->why_file = why;
  impl->file_nodes = context.model.graph().node_size();
  // The inferred model: the Constant nodes' outputs keep their inferred types in value_info, and
  // without a producer they read as the initializers ORT makes of them.
  impl->model = ShellOf(context.inferred);
  onnx::GraphProto& main = *impl->model.mutable_graph();
  const onnx::GraphProto& file_main = *context.index.main().proto;
  for (int n = 0; n < file_main.node_size(); ++n) {
    if (IsConstantNode(file_main.node(n))) {
      ++impl->constants_left_out;
      continue;
    }
    *main.add_node() = file_main.node(n);
    impl->locations.push_back(context.index.NodeLocation(0, n));
  }
  impl->index = std::make_unique<GraphIndex>(impl->model);
  return PartitionedGraph(std::move(impl));
}

CountedGraph PartitionedGraph::source() const { return impl_->source; }
const GraphIndex& PartitionedGraph::index() const { return *impl_->index; }
const std::string& PartitionedGraph::Location(int node) const { return impl_->locations.at(node); }
int PartitionedGraph::file_nodes() const { return impl_->file_nodes; }
int PartitionedGraph::counted_nodes() const { return impl_->model.graph().node_size(); }
const std::string& PartitionedGraph::why_file() const { return impl_->why_file; }

std::string PartitionedGraph::Description() const {
  const auto nodes = [](int n) { return std::to_string(n) + (n == 1 ? " node" : " nodes"); };
  if (impl_->source == CountedGraph::kOrtBasic) {
    return "counted on ONNX Runtime's graph: " + nodes(impl_->file_nodes) + " in the file, " +
           std::to_string(counted_nodes()) + " after its basic optimisations";
  }
  if (impl_->constants_left_out == 0) {
    return "counted on the file's graph (" + nodes(impl_->file_nodes) + "), as " + impl_->why_file;
  }
  return "counted on the file's graph less its " + std::to_string(impl_->constants_left_out) + " Constant" +
         (impl_->constants_left_out == 1 ? " node" : " nodes") + " (" + std::to_string(counted_nodes()) + " of " +
         nodes(impl_->file_nodes) + "), as " + impl_->why_file;
}

}  // namespace ortkit::graph
