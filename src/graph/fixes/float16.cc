// Pass float16: store and compute in float16 where a model uses float32.
//
// Float32 initializers, Constant tensors, Cast(to=FLOAT) and the values between the converted nodes
// become float16, which halves the weights. Nodes on the block list keep float32, with Casts on
// their edges. The default block list (Float16BlockReasons) holds ops whose schema needs float32
// inputs, ops that turn coordinates or counts into float (float16 is exact only to 2048), and
// reductions that sum many elements (their sums pass 65504); custom-domain ops, nodes with
// subgraphs (If, Loop, Scan) and nodes whose value types ONNX cannot infer keep float32 too. The
// main graph's float32 inputs and outputs keep their type by default (keep_io_types), with Casts
// at the boundary. Finite weights beyond float16's range are clamped to +-65504 and reported.
//
// ONNX Runtime's CPU provider has float16 kernels for few ops: it runs the others in float32
// behind Casts it inserts itself (InsertCastTransformer), so the result loads and runs on CPU but is
// rarely faster there; the accuracy gate and --bench say what it costs.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <onnx/shape_inference/implementation.h>

#include "graph/fixes/float_tensor.h"
#include "graph/fixes/graph_walk.h"
#include "graph/fixes/node_select.h"
#include "graph/fixes/pass.h"
#include "graph/guarded_schemas.h"
#include "graph/inference_guard.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

using namespace fixes;

constexpr const char* kName = "float16";
constexpr int32_t kFloat = onnx::TensorProto::FLOAT;
constexpr int32_t kHalf = onnx::TensorProto::FLOAT16;

// The default block list, each op with why it stays float32.
const std::map<std::string, std::string>& Float16BlockReasons() {
  static const std::map<std::string, std::string> kReasons = [] {
    std::map<std::string, std::string> r;
    for (const char* op : {"Resize", "Upsample"}) {
      r[op] = "its scales are float32 by schema, and float16 pixel coordinates are exact only up to 2048";
    }
    for (const char* op : {"NonMaxSuppression", "RoiAlign"}) r[op] = "box coordinates need float32's precision";
    r["TopK"] = "float16 rounding ties scores and reorders the top k";
    for (const char* op : {"Range", "CumSum"}) r[op] = "counts and running sums pass 2048, where float16 skips integers";
    for (const char* op : {"ReduceSum", "ReduceSumSquare", "ReduceL2", "ReduceLogSumExp", "ReduceProd"}) {
      r[op] = "sums and products of many elements pass float16's range (65504)";
    }
    for (const char* op : {"RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Bernoulli",
                           "Multinomial"}) {
      r[op] = "random generators are not converted";
    }
    for (const char* op : {"QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "MatMulInteger",
                           "ConvInteger", "QLinearConv", "QLinearMatMul"}) {
      r[op] = "quantization scales are float32 by schema (before opset 19); the op is compressed already";
    }
    return r;
  }();
  return kReasons;
}

// Ops whose float inputs take any type: no Cast is needed in front of them.
bool AcceptsAnyInputType(const std::string& op) { return op == "Cast" || op == "Shape" || op == "Size"; }

// Element types after ONNX inference, by value name (main graph only); absent: unknown.
std::map<std::string, int32_t> InferElementTypes(const onnx::ModelProto& model) {
  onnx::ModelProto copy = model;
  if (InferenceBlocker(copy).empty()) {
    try {
      onnx::shape_inference::InferShapes(copy, GuardedSchemas());
    } catch (const std::exception&) {
      copy = model;  // declared types only
    }
  }
  std::map<std::string, int32_t> types;
  const auto add = [&](const onnx::ValueInfoProto& v) {
    if (v.type().has_tensor_type() && v.type().tensor_type().elem_type() != 0) {
      types[v.name()] = v.type().tensor_type().elem_type();
    }
  };
  const onnx::GraphProto& g = copy.graph();
  for (const auto& v : g.input()) add(v);
  for (const auto& v : g.output()) add(v);
  for (const auto& v : g.value_info()) add(v);
  for (const auto& t : g.initializer()) types[t.name()] = t.data_type();
  return types;
}

void SetElemType(onnx::ValueInfoProto& v, int32_t type) {
  if (v.type().has_tensor_type()) v.mutable_type()->mutable_tensor_type()->set_elem_type(type);
}

class Float16 : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        kName,
        "float32 weights, values and ops to float16 (half the weight bytes); block-listed ops (Resize, TopK, "
        "large reductions, ... and --block-op) stay float32 behind Casts; graph inputs/outputs stay float32 "
        "unless --no-keep-io-types; weights beyond +-65504 are clamped and reported",
        false, true};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const override {
    FixChanges c;
    for (const char* key : {"nodes_float16", "nodes_kept_float32", "initializers", "constants", "casts_inserted",
                            "values_clamped", "values_underflowed", "bytes_before", "bytes_after"}) {
      c.Add(key, Label(key), 0);
    }
    // The Casts this pass inserts take their target type as an int, as Cast does from opset 6.
    if (const int64_t opset = OnnxOpset(model); opset < 6) {
      c.details.push_back(fmt::format("model left float32: it imports ONNX opset {}; Cast takes an int target type "
                                      "from opset 6", opset));
      return c;
    }
    onnx::GraphProto& graph = *model.mutable_graph();
    const std::map<std::string, int32_t> types = InferElementTypes(model);
    const auto type_of = [&](const std::string& name) {
      auto it = types.find(name);
      return it == types.end() ? 0 : it->second;
    };
    const auto is_float = [&](const std::string& name) { return !name.empty() && type_of(name) == kFloat; };
    const NodeSelection selection(options.include_nodes, options.exclude_nodes);
    std::set<std::string> user_blocked(options.float16_block_ops.begin(), options.float16_block_ops.end());

    // 1. Which nodes compute in float16.
    std::vector<bool> blocked(static_cast<std::size_t>(graph.node_size()), false);
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto& node = graph.node(i);
      bool touches_float = false;
      for (const auto& v : node.input()) touches_float |= is_float(v);
      for (const auto& v : node.output()) touches_float |= is_float(v);
      const std::string why = WhyBlocked(node, selection, user_blocked, type_of);
      if (why.empty()) {
        c.Add("nodes_float16", Label("nodes_float16"), touches_float ? 1 : 0);
        continue;
      }
      blocked[static_cast<std::size_t>(i)] = true;
      if (touches_float || !node.attribute().empty()) {
        c.Add("nodes_kept_float32", Label("nodes_kept_float32"));
        c.details.push_back(NodeLabel(node, i) + ": kept float32: " + why);
      }
    }

    // 2. Which float32 values become float16: initializers some converted node reads, outputs of
    // converted nodes, and graph inputs unless their type is kept.
    std::set<std::string> half;
    std::set<std::string> initializer_names;
    for (const auto& t : graph.initializer()) initializer_names.insert(t.name());
    std::set<std::string> graph_inputs;
    for (const auto& v : graph.input()) {
      graph_inputs.insert(v.name());
      if (!initializer_names.count(v.name()) && !options.keep_io_types && is_float(v.name())) half.insert(v.name());
    }
    for (int i = 0; i < graph.node_size(); ++i) {
      if (blocked[static_cast<std::size_t>(i)]) continue;
      const onnx::NodeProto& node = graph.node(i);
      for (const auto& v : node.output()) {
        if (is_float(v)) half.insert(v);
      }
      for (const auto& v : node.input()) {
        // An initializer that is also a graph input can be fed by callers in float32: it stays.
        if (is_float(v) && initializer_names.count(v) && !graph_inputs.count(v)) half.insert(v);
      }
    }

    // 3. Rewrite: initializers, node attributes, then Casts wherever a reader wants the other type.
    Extremes ex;
    ConvertInitializers(graph, half, ex, c);
    for (int i = 0; i < graph.node_size(); ++i) {
      if (!blocked[static_cast<std::size_t>(i)]) ConvertAttributes(*graph.mutable_node(i), i, type_of, ex, c);
    }
    std::set<std::string> taken;
    CollectNames(graph, taken);
    // Graph outputs keep float32: the producing node writes a float16 value, Cast back to the name.
    std::vector<onnx::NodeProto> output_casts;
    if (options.keep_io_types) {
      for (const auto& out : graph.output()) {
        const std::string name = out.name();
        if (!half.count(name) || graph_inputs.count(name) || initializer_names.count(name)) continue;
        const std::string inner = UniqueName(name + "_float16", taken);
        RenameValue(graph, name, inner);
        half.erase(name);
        half.insert(inner);
        output_casts.push_back(CastNode("ortkit_fix/float16/Cast/" + name, inner, name, kFloat));
        c.Add("casts_inserted", Label("casts_inserted"));
      }
    }
    // Node outputs renamed above: the types of the new names are the old ones.
    std::map<std::string, int32_t> renamed_types;
    for (const auto& n : output_casts) renamed_types[n.input(0)] = kFloat;
    const auto was_float = [&](const std::string& name) {
      return is_float(name) || renamed_types.count(name) > 0;
    };

    std::map<std::pair<std::string, int32_t>, std::string> casts;  // (value, target) -> cast output
    std::vector<onnx::NodeProto> nodes;
    for (int i = 0; i < graph.node_size(); ++i) {
      onnx::NodeProto node = graph.node(i);
      const bool fp32 = blocked[static_cast<std::size_t>(i)];
      const auto cast_for = [&](const std::string& v, int32_t target) {
        auto key = std::make_pair(v, target);
        auto it = casts.find(key);
        if (it != casts.end()) return it->second;
        const std::string out = UniqueName(v + (target == kHalf ? "_float16" : "_float32"), taken);
        nodes.push_back(CastNode("ortkit_fix/float16/Cast/" + out, v, out, target));
        c.Add("casts_inserted", Label("casts_inserted"));
        casts.emplace(key, out);
        return out;
      };
      if (!(AcceptsAnyInputType(node.op_type()) && !fp32)) {
        for (int j = 0; j < node.input_size(); ++j) {
          const std::string& v = node.input(j);
          if (!was_float(v)) continue;
          const bool want_half = !fp32;
          if (half.count(v) != want_half) node.set_input(j, cast_for(v, want_half ? kHalf : kFloat));
        }
      }
      // A blocked node's subgraphs read outer values as float32.
      if (fp32) {
        std::set<std::string> reads;
        for (auto* sub : Subgraphs(node)) CollectReads(*sub, reads);
        for (const std::string& v : reads) {
          if (!half.count(v)) continue;
          const std::string to = cast_for(v, kFloat);
          for (auto* sub : Subgraphs(node)) RenameReads(*sub, v, to);
        }
      }
      nodes.push_back(std::move(node));
    }
    graph.clear_node();
    for (auto& n : nodes) *graph.add_node() = std::move(n);
    for (auto& n : output_casts) *graph.add_node() = std::move(n);

    // 4. Declared types follow.
    for (auto& v : *graph.mutable_value_info()) {
      if (half.count(v.name())) SetElemType(v, kHalf);
    }
    for (auto& v : *graph.mutable_input()) {
      if (half.count(v.name())) SetElemType(v, kHalf);
    }
    for (auto& v : *graph.mutable_output()) {
      if (half.count(v.name())) SetElemType(v, kHalf);
    }
    if (c.Get("values_clamped") > 0) {
      c.details.push_back(fmt::format("{} weight values beyond float16's range were clamped to +-65504 "
                                      "(extremes {:.6g} and {:.6g})",
                                      c.Get("values_clamped"), ex.lowest, ex.highest));
    }
    return c;
  }

 private:
  static std::string Label(const std::string& key) {
    static const std::map<std::string, std::string> kLabels{
        {"nodes_float16", "nodes computing in float16"},
        {"nodes_kept_float32", "nodes kept float32"},
        {"initializers", "initializers converted"},
        {"constants", "Constant tensors converted"},
        {"casts_inserted", "Casts inserted"},
        {"values_clamped", "weight values clamped to +-65504"},
        {"values_underflowed", "non-zero weight values that became 0"},
        {"bytes_before", "converted weight bytes before"},
        {"bytes_after", "converted weight bytes after"}};
    return kLabels.at(key);
  }

  template <typename TypeOf>
  static std::string WhyBlocked(const onnx::NodeProto& node, const NodeSelection& selection,
                                const std::set<std::string>& user_blocked, const TypeOf& type_of) {
    if (!IsOnnxDomain(node.domain())) return "op of domain '" + node.domain() + "' (its kernels are unknown)";
    if (user_blocked.count(node.op_type())) return "--block-op " + node.op_type();
    const auto& defaults = Float16BlockReasons();
    if (auto it = defaults.find(node.op_type()); it != defaults.end()) return "default block list: " + it->second;
    if (std::string why = selection.WhyNot(node.name()); !why.empty()) return why;
    for (const auto& a : node.attribute()) {
      if (a.has_g() || a.graphs_size() > 0) return "it holds subgraphs, which are not converted";
    }
    if (node.op_type() == "LayerNormalization" && node.output_size() > 1) {
      return "its Mean/InvStdDev outputs are float32 by schema";
    }
    for (const auto& v : node.input()) {
      if (!v.empty() && type_of(v) == 0) return "the type of input '" + v + "' is unknown (ONNX cannot infer it)";
    }
    for (const auto& v : node.output()) {
      if (!v.empty() && type_of(v) == 0) return "the type of output '" + v + "' is unknown (ONNX cannot infer it)";
    }
    return "";
  }

  // The clamped values' extremes across the pass: what the summary line reports.
  struct Extremes {
    double lowest = 0, highest = 0;
  };

  static void Record(const HalfConversion& r, const std::string& what, Extremes& ex, FixChanges& c) {
    c.Add("values_clamped", Label("values_clamped"), r.clamped);
    c.Add("values_underflowed", Label("values_underflowed"), r.underflowed);
    c.Add("bytes_before", Label("bytes_before"), r.values * 4);
    c.Add("bytes_after", Label("bytes_after"), r.values * 2);
    if (r.clamped > 0) {
      ex.lowest = std::min(ex.lowest, r.lowest);
      ex.highest = std::max(ex.highest, r.highest);
      c.details.push_back(fmt::format("{}: {} values beyond float16's range clamped to +-65504 (extremes {:.6g}, {:.6g})",
                                      what, r.clamped, r.lowest, r.highest));
    }
    if (r.underflowed > 0) {
      c.details.push_back(fmt::format("{}: {} non-zero values below float16's smallest (5.96e-08) became 0", what,
                                      r.underflowed));
    }
  }

  static void ConvertInitializers(onnx::GraphProto& graph, const std::set<std::string>& half, Extremes& ex,
                                  FixChanges& c) {
    for (auto& t : *graph.mutable_initializer()) {
      if (!half.count(t.name()) || t.data_type() != kFloat) continue;
      Record(ToFloat16(t, kName), "initializer '" + t.name() + "'", ex, c);
      c.Add("initializers", Label("initializers"));
    }
  }

  template <typename TypeOf>
  static void ConvertAttributes(onnx::NodeProto& node, int index, const TypeOf& type_of, Extremes& ex, FixChanges& c) {
    const std::string who = NodeLabel(node, index);
    bool has_value = false;
    for (auto& a : *node.mutable_attribute()) {
      if ((node.op_type() == "Constant" || node.op_type() == "ConstantOfShape") && a.has_t()) {
        has_value = true;
        if (a.t().data_type() != kFloat) continue;
        Record(ToFloat16(*a.mutable_t(), kName), who, ex, c);
        c.Add("constants", Label("constants"));
      } else if ((node.op_type() == "Cast" && a.name() == "to") || (node.op_type() == "EyeLike" && a.name() == "dtype")) {
        if (a.i() == kFloat) a.set_i(kHalf);
      }
    }
    // ConstantOfShape without a value writes float32 zeros; a float16 reader needs float16 ones.
    if (node.op_type() == "ConstantOfShape" && !has_value && node.output_size() == 1 && type_of(node.output(0)) == kFloat) {
      auto* a = node.add_attribute();
      a->set_name("value");
      a->set_type(onnx::AttributeProto::TENSOR);
      *a->mutable_t() = RawTensor("", kHalf, {1}, std::string(2, '\0'));
    }
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeFloat16Pass() { return std::make_unique<Float16>(); }

}  // namespace ortkit::graph
