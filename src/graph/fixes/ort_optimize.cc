// Pass ort-optimize: save the model as ONNX Runtime optimises it (constant folding, redundant
// node elimination, fusions), so that sessions load it ready-made.
//
// ORT's "offline mode": the optimised graph is written once and later sessions skip the work.
// Level basic keeps standard ONNX ops and runs anywhere; extended adds ORT's contrib ops (fused
// kernels); all adds layout changes for this CPU. The same ORT version and hardware should run
// what extended/all produce.
#include "graph/fixes/ort_optimize.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/scratch_dir.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::graph {
namespace {

std::map<std::string, int> OpCounts(const onnx::GraphProto& graph) {
  std::map<std::string, int> counts;
  for (const auto& node : graph.node()) {
    ++counts[(node.domain().empty() || node.domain() == "ai.onnx" ? "" : node.domain() + ".") + node.op_type()];
  }
  return counts;
}

class OrtOptimize : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        "ort-optimize",
        "Save the model as ONNX Runtime optimises it at --opt-level (basic: portable; extended, layout, all: "
        "for this ORT and CPU), as ONNX or, with --model-format ort, in ORT format",
        false};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const override {
    const OptimizationLevel level = options.EffectiveLevel();
    const std::map<std::string, int> before = OpCounts(model.graph());
    const int nodes_before = model.graph().node_size();
    const int initializers_before = model.graph().initializer_size();
    const std::string label = "<model being fixed>";
    try {
      model = ParseModel(
          OptimizeWithOrt(SerializeModel(model), level, ModelFormat::kOnnx, label, options.custom_op_libraries), label);
    } catch (const Error& e) {
      // ORT's text names the in-memory label; say instead which model it refused.
      const std::string prefix = "while loading '" + label + "': ";
      std::string what = e.what();
      if (what.rfind(prefix, 0) == 0) what.erase(0, prefix.size());
      throw Error(e.category(), "ort-optimize: ONNX Runtime cannot load the model as the earlier passes left it: " + what);
    }

    FixChanges c;
    const int nodes_after = model.graph().node_size();
    const int initializers_after = model.graph().initializer_size();
    c.Add("nodes_removed", "nodes removed (net)", std::max(0, nodes_before - nodes_after));
    c.Add("nodes_added", "nodes added (net)", std::max(0, nodes_after - nodes_before));
    c.Add("initializers_removed", "initializers removed (net)", std::max(0, initializers_before - initializers_after));
    c.Add("op_types_changed", "op types whose count changed", 0);
    c.details.push_back(std::string("optimised by ONNX Runtime at level ") + ToString(level) + ": " +
                        std::to_string(nodes_before) + " nodes -> " + std::to_string(nodes_after) + ", " +
                        std::to_string(initializers_before) + " initializers -> " + std::to_string(initializers_after));
    std::map<std::string, std::pair<int, int>> ops;
    for (const auto& [op, n] : before) ops[op].first = n;
    for (const auto& [op, n] : OpCounts(model.graph())) ops[op].second = n;
    for (const auto& [op, n] : ops) {
      if (n.first == n.second) continue;
      c.Add("op_types_changed", "");
      c.details.push_back(op + ": " + std::to_string(n.first) + " -> " + std::to_string(n.second));
    }
    return c;
  }
};

}  // namespace

std::string OptimizeWithOrt(const std::string& model_bytes, OptimizationLevel level, ModelFormat format,
                            const std::string& label, const std::vector<std::string>& custom_op_libraries) {
  const core::ScratchDir scratch("fix");  // where ORT writes the optimised model
  const std::string path = scratch.path() + (format == ModelFormat::kOrt ? "/optimized.ort" : "/optimized.onnx");
  SessionConfig config;
  config.intra_op_threads = 1;  // the session only optimises; threads would only cost start-up
  config.optimization_level = level;
  config.optimized_model_path = path;
  config.custom_op_libraries = custom_op_libraries;
  if (format == ModelFormat::kOrt) config.config_entries["session.save_model_format"] = "ORT";
  Model::FromBytes(model_bytes.data(), model_bytes.size(), config, label);  // saves on creation
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCategory::kIo, "ONNX Runtime did not write the optimised model for " + label + " to " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::unique_ptr<FixPass> MakeOrtOptimizePass() { return std::make_unique<OrtOptimize>(); }

}  // namespace ortkit::graph
