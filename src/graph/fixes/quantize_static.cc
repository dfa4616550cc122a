// Pass quantize-static: QDQ around Conv, MatMul, Gemm, Add, Mul and pooling, with activation
// ranges from calibration sets.
//
// Every tensor a quantized node reads or writes gets one QuantizeLinear, and each quantized node a
// DequantizeLinear of its own in front of each input:
//
//   X -> Q -> DQ -> Conv(., DQ(W int8, per channel), DQ(B int32)) -> Q -> DQ -> ...
//
// That is the form ONNX Runtime's QDQ transformers turn into its integer kernels (QLinearConv,
// QLinearMatMul, QGemm, QLinearAdd, QLinearMul, QLinearAveragePool, QLinearGlobalAveragePool; a
// MaxPool between a DQ and a Q of the same scale runs on the integers): each DQ must feed one node
// and each quantized node's output must feed only its Q, which is why readers that stay float
// (and graph outputs) read a shared DQ that takes over the tensor's name.
// tests/graph/fixes/quantize_static_test.cc reads ORT's optimised graph to show the fusions.
//
// Activations are asymmetric uint8 (int8 with --activation-type int8) with the range from
// calibration, zero always inside it; weights symmetric int8 per output channel, 7-bit on x86
// CPUs without VNNI as in quantize-dynamic; biases int32 with scale x_scale * w_scale, as
// QLinearConv takes them. A Relu that alone reads a quantized node's output is folded into it:
// that output's range then starts at 0, and quantizing clamps as Relu does, which is how ORT's
// own quantizer removes it (a DQ -> Relu -> Q left in the graph would run in float).
// MaxPool's output keeps its input's scale and zero point: it only selects values, and ORT runs
// it on the integers only when the two match.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "graph/fixes/calibration.h"
#include "graph/fixes/float_tensor.h"
#include "graph/fixes/graph_walk.h"
#include "graph/fixes/node_select.h"
#include "graph/fixes/pass.h"
#include "graph/fixes/quant_common.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

using namespace fixes;

constexpr const char* kName = "quantize-static";
// DequantizeLinear's axis attribute (per-channel weights) came with opset 13.
constexpr int64_t kMinOpset = 13;

// A node to quantize and the roles of its inputs.
struct Target {
  int index = 0;
  std::vector<int> activations;  ///< input positions quantized as activations
  int weight = -1;               ///< the constant weight's input position
  int64_t weight_axis = 0;       ///< its output-channel axis
  int bias = -1;                 ///< the constant bias's input position (Conv's B, Gemm's C)
  bool keeps_input_scale = false;  ///< MaxPool: the output shares the input's scale and zero point
  std::string output;              ///< the quantized output: the node's, or that of the Relu folded into it
  int folded_relu = -1;            ///< the index of that Relu
};

struct QParams {
  float scale = 1;
  int32_t zero_point = 0;
};

bool IsQuantizableOp(const std::string& op) {
  static const std::set<std::string> kOps = {"Conv", "MatMul", "Gemm", "Add", "Mul",
                                             "AveragePool", "MaxPool", "GlobalAveragePool"};
  return kOps.count(op) > 0;
}

std::string Dims(const onnx::TensorProto& t) {
  std::vector<int64_t> dims(t.dims().begin(), t.dims().end());
  return fmt::format("[{}]", fmt::join(dims, "x"));
}

std::string RawBytes(const std::vector<float>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
}

// Asymmetric parameters for [low, high] widened to hold 0 (so zero padding and Relu's zeros are
// exact): uint8 [0, 255] or int8 [-128, 127].
QParams ActivationParams(float low, float high, bool int8) {
  const double lo = std::min<double>(low, 0.0), hi = std::max<double>(high, 0.0);
  const double qmin = int8 ? -128 : 0, qmax = int8 ? 127 : 255;
  QParams p;
  if (!(hi > lo)) {
    p.zero_point = static_cast<int32_t>(qmin);
    return p;  // always zero: any scale represents it
  }
  p.scale = static_cast<float>((hi - lo) / (qmax - qmin));
  p.zero_point = static_cast<int32_t>(std::clamp(std::nearbyint(qmin - lo / p.scale), qmin, qmax));
  return p;
}

class QuantizeStatic : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        kName,
        "QDQ int8 around Conv, MatMul, Gemm, Add, Mul and pooling, activation ranges from --calibration DIR (min-max "
        "or percentile), per-channel int8 weights: the form ORT runs as QLinearConv/QLinearMatMul",
        false, true};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const override {
    if (options.calibration_dir.empty()) {
      throw Error(ErrorCategory::kConfig,
                  "quantize-static needs calibration data: --calibration DIR, one subdirectory per input set with a "
                  ".npy or .pb file per input (activation ranges from random inputs would be meaningless); "
                  "--pass quantize-dynamic needs none");
    }
    FixChanges c;
    for (const char* key : {"nodes_quantized", "nodes_left", "relus_folded", "tensors_calibrated",
                            "weight_bytes_before", "weight_bytes_after"}) {
      c.Add(key, Label(key), 0);
    }
    onnx::GraphProto& graph = *model.mutable_graph();
    const int64_t opset = OnnxOpset(model);
    Index index(graph);
    const NodeSelection selection(options.include_nodes, options.exclude_nodes);

    // 1. Which nodes could be quantized, judged on the graph's structure.
    std::vector<Target> targets;
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto& node = graph.node(i);
      if (!IsOnnxDomain(node.domain()) || !IsQuantizableOp(node.op_type())) continue;
      std::string why = selection.WhyNot(node.name());
      if (why.empty() && opset < kMinOpset) {
        why = fmt::format("the model imports ONNX opset {}; per-channel DequantizeLinear needs {}", opset, kMinOpset);
      }
      std::optional<Target> t;
      if (why.empty()) t = Structure(node, i, index, why);
      if (!t) {
        Leave(c, NodeLabel(node, i), why);
        continue;
      }
      targets.push_back(*t);
    }
    if (targets.empty()) return c;

    // 2. Ranges of every tensor they read or write (and of the Relus that may fold in).
    std::vector<std::string> wanted;
    for (Target& t : targets) {
      const onnx::NodeProto& node = graph.node(t.index);
      for (int pos : t.activations) wanted.push_back(node.input(pos));
      wanted.push_back(node.output(0));
      if (const int relu = LoneRelu(graph, node.output(0), index); relu >= 0) {
        t.folded_relu = relu;
        wanted.push_back(graph.node(relu).output(0));
      }
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    const std::vector<workload::CalibrationSet> sets = ReadCalibrationSetsFor(model, options, "the model");
    const Calibration calibration = Calibrate(model, wanted, sets, options, "the model");
    c.details.push_back(fmt::format("calibrated {} tensors over {} sets of --calibration {} ({})", calibration.ranges.size(),
                                    calibration.sets, options.calibration_dir,
                                    options.calibration_method == CalibrationMethod::kMinMax
                                        ? std::string("min-max")
                                        : fmt::format("percentile {}", options.calibration_percentile)));
    c.Add("tensors_calibrated", Label("tensors_calibrated"), static_cast<int64_t>(calibration.ranges.size()));

    // 3. Nodes whose tensors are all float32 stay targets; the others are left with the reason.
    std::vector<Target> kept;
    for (Target& t : targets) {
      const onnx::NodeProto& node = graph.node(t.index);
      std::vector<std::string> tensors;
      for (int pos : t.activations) tensors.push_back(node.input(pos));
      tensors.push_back(node.output(0));
      std::string why;
      for (const std::string& name : tensors) {
        if (auto it = calibration.skipped.find(name); it != calibration.skipped.end()) {
          why = fmt::format("'{}' has no range: {}", name, it->second);
          break;
        }
      }
      if (!why.empty()) {
        Leave(c, NodeLabel(node, t.index), why);
        continue;
      }
      t.output = node.output(0);
      if (t.folded_relu >= 0 && !t.keeps_input_scale &&
          calibration.ranges.count(graph.node(t.folded_relu).output(0))) {
        t.output = graph.node(t.folded_relu).output(0);
      } else {
        t.folded_relu = -1;
      }
      kept.push_back(t);
    }
    if (kept.empty()) return c;

    // 4. Scale and zero point of every quantized tensor.
    const bool int8 = options.activations_int8;
    std::map<std::string, QParams> params;
    std::set<std::string> relu_outputs;
    for (const Target& t : kept) {
      if (t.folded_relu >= 0) relu_outputs.insert(t.output);
    }
    for (const Target& t : kept) {
      const onnx::NodeProto& node = graph.node(t.index);
      std::vector<std::string> names;
      for (int pos : t.activations) names.push_back(node.input(pos));
      if (!t.keeps_input_scale) names.push_back(t.output);
      for (const std::string& name : names) {
        const TensorRange& r = calibration.ranges.at(name);
        params.emplace(name, ActivationParams(relu_outputs.count(name) ? 0.0f : r.low, r.high, int8));
      }
    }
    for (const Target& t : kept) {  // in graph order, so a chain of MaxPools passes its input's along
      if (t.keeps_input_scale) params[t.output] = params.at(graph.node(t.index).input(0));
    }

    Rewrite(model, kept, params, options, c);
    return c;
  }

 private:
  // Where each value of the main graph comes from and goes.
  struct Index {
    std::map<std::string, const onnx::TensorProto*> constants;  ///< initializers callers can't replace, Constant outputs
    std::map<std::string, std::vector<int>> readers;            ///< value -> nodes reading it directly
    std::set<std::string> outer_reads;  ///< values subgraphs read, and the graph's outputs
    std::set<std::string> graph_inputs;

    explicit Index(const onnx::GraphProto& graph) {
      std::set<std::string> overridable;
      for (const auto& v : graph.input()) graph_inputs.insert(v.name());
      for (const auto& t : graph.initializer()) {
        if (!graph_inputs.count(t.name())) constants[t.name()] = &t;
      }
      for (int i = 0; i < graph.node_size(); ++i) {
        const onnx::NodeProto& node = graph.node(i);
        if (node.op_type() == "Constant" && IsOnnxDomain(node.domain()) && node.output_size() == 1) {
          for (const auto& a : node.attribute()) {
            if (a.name() == "value" && a.has_t()) constants[node.output(0)] = &a.t();
          }
        }
        for (const std::string& in : node.input()) {
          if (!in.empty()) readers[in].push_back(i);
        }
        std::set<std::string> inner;
        CollectNodeReads(node, inner);
        for (const std::string& in : node.input()) inner.erase(in);
        outer_reads.insert(inner.begin(), inner.end());
      }
      for (const auto& v : graph.output()) outer_reads.insert(v.name());
    }

    const onnx::TensorProto* Constant(const std::string& name) const {
      auto it = constants.find(name);
      return it == constants.end() ? nullptr : it->second;
    }
  };

  static void Leave(FixChanges& c, const std::string& who, const std::string& why) {
    c.Add("nodes_left", Label("nodes_left"));
    c.details.push_back(who + ": left float: " + why);
  }

  // The Relu that is the only reader of `value`, when nothing else (no subgraph, no graph output) needs it.
  static int LoneRelu(const onnx::GraphProto& graph, const std::string& value, const Index& index) {
    auto it = index.readers.find(value);
    if (it == index.readers.end() || it->second.size() != 1 || index.outer_reads.count(value)) return -1;
    const onnx::NodeProto& reader = graph.node(it->second[0]);
    const bool relu = reader.op_type() == "Relu" && IsOnnxDomain(reader.domain()) && reader.output_size() == 1;
    return relu ? it->second[0] : -1;
  }

  // The roles of `node`'s inputs, or nullopt with `why` set when its structure does not fit.
  static std::optional<Target> Structure(const onnx::NodeProto& node, int i, const Index& index, std::string& why) {
    Target t;
    t.index = i;
    const std::string& op = node.op_type();
    const auto activation = [&](int pos) {
      if (pos >= node.input_size() || node.input(pos).empty()) {
        why = fmt::format("input {} is missing", pos);
        return false;
      }
      if (index.Constant(node.input(pos))) {
        why = fmt::format("input '{}' is a constant; only activations and {} weights are quantized here", node.input(pos),
                          op == "Conv" || op == "MatMul" || op == "Gemm" ? op : "Conv/MatMul/Gemm");
        return false;
      }
      t.activations.push_back(pos);
      return true;
    };
    const auto weight = [&](int pos, int min_rank, int max_rank) {
      const onnx::TensorProto* w = pos < node.input_size() ? index.Constant(node.input(pos)) : nullptr;
      if (!w) return false;
      if (w->data_type() != onnx::TensorProto::FLOAT || w->dims_size() < min_rank || w->dims_size() > max_rank) {
        why = fmt::format("weight '{}' is not a float32 tensor of rank {}{}", node.input(pos), min_rank,
                          max_rank > min_rank ? fmt::format("-{}", max_rank) : "");
        return false;
      }
      t.weight = pos;
      return true;
    };
    const auto bias = [&](int pos, int64_t channels) {
      if (pos >= node.input_size() || node.input(pos).empty()) return true;
      const onnx::TensorProto* b = index.Constant(node.input(pos));
      if (!b || b->data_type() != onnx::TensorProto::FLOAT || b->dims_size() != 1 || b->dims(0) != channels) {
        why = fmt::format("bias '{}' is not a float32 constant of {} values", node.input(pos), channels);
        return false;
      }
      t.bias = pos;
      return true;
    };
    if (node.output_size() < 1 || node.output(0).empty()) {
      why = "it has no output";
      return std::nullopt;
    }
    if (op == "Conv") {
      if (!activation(0)) return std::nullopt;
      if (!weight(1, 3, 5)) {
        if (why.empty()) why = "its weight is computed at run time";
        return std::nullopt;
      }
      t.weight_axis = 0;
      if (!bias(2, index.Constant(node.input(1))->dims(0))) return std::nullopt;
    } else if (op == "MatMul") {
      if (!activation(0)) return std::nullopt;
      if (!weight(1, 2, 2)) {
        if (!why.empty() || !activation(1)) return std::nullopt;  // two activations: QLinearMatMul takes both
      }
      t.weight_axis = 1;
    } else if (op == "Gemm") {
      if (IntAttr(node, "transA", 0) != 0 || FloatAttr(node, "alpha", 1) != 1 || FloatAttr(node, "beta", 1) != 1) {
        why = "Gemm with transA, alpha or beta other than the defaults";
        return std::nullopt;
      }
      if (!activation(0)) return std::nullopt;
      if (!weight(1, 2, 2)) {
        if (why.empty()) why = "its B is computed at run time";
        return std::nullopt;
      }
      const bool trans_b = IntAttr(node, "transB", 0) != 0;
      t.weight_axis = trans_b ? 0 : 1;
      const onnx::TensorProto& w = *index.Constant(node.input(1));
      if (!bias(2, w.dims(static_cast<int>(t.weight_axis)))) return std::nullopt;
    } else if (op == "Add" || op == "Mul") {
      if (!activation(0) || !activation(1)) return std::nullopt;
    } else {  // pooling
      if (op == "MaxPool" && node.output_size() > 1 && !node.output(1).empty()) {
        why = "MaxPool's Indices output is used";
        return std::nullopt;
      }
      if (!activation(0)) return std::nullopt;
      t.keeps_input_scale = op == "MaxPool";
    }
    return t;
  }

  struct Added {
    std::vector<onnx::TensorProto> initializers;
    std::set<std::string> taken;
  };

  static std::string AddScalars(const std::string& base, const QParams& p, bool int8, Added& added,
                                std::string& zero_point) {
    const std::string scale = UniqueName(base + "_scale", added.taken);
    zero_point = UniqueName(base + "_zero_point", added.taken);
    added.initializers.push_back(RawTensor(scale, onnx::TensorProto::FLOAT, {}, RawBytes({p.scale})));
    const char zp = static_cast<char>(static_cast<uint8_t>(p.zero_point & 0xff));  // two's complement for int8
    added.initializers.push_back(
        RawTensor(zero_point, int8 ? onnx::TensorProto::INT8 : onnx::TensorProto::UINT8, {}, std::string(1, zp)));
    return scale;
  }

  // The int8 weight and its DQ inputs: symmetric, one scale per slice along `axis`.
  struct QuantizedWeight {
    std::string q, scale, zero_point;
    std::vector<float> scales;
    int64_t bytes = 0;
  };

  static QuantizedWeight QuantizeWeight(const onnx::TensorProto& w, int64_t axis, float qmax, Added& added) {
    const std::vector<float> values = ReadFloats(w, kName);
    const int64_t channels = w.dims(static_cast<int>(axis));
    int64_t inner = 1;
    for (int d = static_cast<int>(axis) + 1; d < w.dims_size(); ++d) inner *= w.dims(d);
    const auto channel = [&](std::size_t i) { return static_cast<std::size_t>((static_cast<int64_t>(i) / inner) % channels); };
    std::vector<float> amax(static_cast<std::size_t>(channels), 0.0f);
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (std::isfinite(values[i])) amax[channel(i)] = std::max(amax[channel(i)], std::fabs(values[i]));
    }
    QuantizedWeight q;
    q.scales.resize(amax.size());
    for (std::size_t j = 0; j < amax.size(); ++j) q.scales[j] = amax[j] > 0 ? amax[j] / qmax : 1.0f;
    std::string data(values.size(), '\0');
    for (std::size_t i = 0; i < values.size(); ++i) {
      const float v = std::nearbyint(values[i] / q.scales[channel(i)]);
      data[i] = static_cast<char>(static_cast<int8_t>(std::isfinite(v) ? std::clamp(v, -qmax, qmax) : 0.0f));
    }
    const std::string base = w.name().empty() ? "weight" : w.name();
    q.q = UniqueName(base + "_quantized", added.taken);
    q.scale = UniqueName(base + "_scale", added.taken);
    q.zero_point = UniqueName(base + "_zero_point", added.taken);
    std::vector<int64_t> dims(w.dims().begin(), w.dims().end());
    added.initializers.push_back(RawTensor(q.q, onnx::TensorProto::INT8, dims, std::move(data)));
    added.initializers.push_back(RawTensor(q.scale, onnx::TensorProto::FLOAT, {channels}, RawBytes(q.scales)));
    added.initializers.push_back(RawTensor(q.zero_point, onnx::TensorProto::INT8, {channels},
                                           std::string(static_cast<std::size_t>(channels), '\0')));
    q.bytes = static_cast<int64_t>(values.size()) + channels * 5;
    return q;
  }

  static void Rewrite(onnx::ModelProto& model, const std::vector<Target>& targets,
                      const std::map<std::string, QParams>& params, const FixOptions& options, FixChanges& c) {
    onnx::GraphProto& graph = *model.mutable_graph();
    const Index index(graph);
    const bool int8 = options.activations_int8;
    const bool reduce_range = options.quantize_reduce_range.value_or(Int16PairSumsSaturate());
    const float qmax = reduce_range ? 64.0f : 127.0f;
    Added added;
    CollectNames(graph, added.taken);

    std::map<int, const Target*> by_node;
    std::set<int> folded;
    for (const Target& t : targets) {
      by_node[t.index] = &t;
      if (t.folded_relu >= 0) folded.insert(t.folded_relu);
    }
    // Each quantized tensor: its Q (and the DQ that keeps its name for float readers), emitted
    // right after the node that writes it, or first for a graph input.
    struct Quantized {
      std::string source;  ///< what the Q reads: the tensor, or the producer's renamed output
      std::string q, scale, zero_point;
      bool shared_dq = false;
    };
    std::map<std::string, Quantized> quantized;
    for (const auto& [name, p] : params) {
      Quantized& q = quantized[name];
      q.source = name;
      q.scale = AddScalars(name, p, int8, added, q.zero_point);
      q.q = UniqueName(name + "_quantized", added.taken);
    }
    // Readers of a tensor that are not quantized targets (or read it in another role) keep its name.
    for (auto& entry : quantized) {
      const std::string& name = entry.first;  // a plain reference: lambdas cannot capture bindings in C++17
      Quantized& q = entry.second;
      if (index.graph_inputs.count(name)) continue;
      bool float_reader = index.outer_reads.count(name) > 0;
      for (int reader : index.readers.count(name) ? index.readers.at(name) : std::vector<int>{}) {
        if (folded.count(reader)) continue;
        auto it = by_node.find(reader);
        const bool reads_quantized =
            it != by_node.end() && std::any_of(it->second->activations.begin(), it->second->activations.end(),
                                               [&](int pos) { return graph.node(reader).input(pos) == name; });
        if (!reads_quantized) float_reader = true;
      }
      q.shared_dq = float_reader;
      q.source = UniqueName(name + "_float", added.taken);
    }

    std::map<std::string, QuantizedWeight> weights;  // by initializer: nodes sharing a weight share its int8 copy
    std::set<std::string> replaced;
    std::vector<onnx::NodeProto> nodes;
    const auto emit_q = [&](const std::string& name) {
      const Quantized& q = quantized.at(name);
      nodes.push_back(MakeNode("QuantizeLinear", name + "/QuantizeLinear", {q.source, q.scale, q.zero_point}, {q.q}));
      if (q.shared_dq) {
        nodes.push_back(MakeNode("DequantizeLinear", name + "/DequantizeLinear", {q.q, q.scale, q.zero_point}, {name}));
      }
    };
    for (const auto& v : graph.input()) {
      if (quantized.count(v.name())) emit_q(v.name());
    }
    for (int i = 0; i < graph.node_size(); ++i) {
      if (folded.count(i)) continue;
      onnx::NodeProto node = graph.node(i);
      auto target = by_node.find(i);
      if (target != by_node.end()) {
        const Target& t = *target->second;
        const std::string who = NodeLabel(graph.node(i), i);
        const std::string base = node.name().empty() ? "ortkit_qdq/" + std::to_string(i) : node.name();
        for (int pos : t.activations) {
          const std::string name = node.input(pos);
          const Quantized& q = quantized.at(name);
          const std::string dq = UniqueName(base + "/input_" + std::to_string(pos) + "_dequantized", added.taken);
          nodes.push_back(MakeNode("DequantizeLinear", base + "/input_" + std::to_string(pos) + "/DequantizeLinear",
                                   {q.q, q.scale, q.zero_point}, {dq}));
          node.set_input(pos, dq);
        }
        std::string detail = fmt::format("{}: quantized", who);
        if (t.weight >= 0) {
          const onnx::TensorProto& w = *index.Constant(node.input(t.weight));
          const std::string key = node.input(t.weight) + "|" + std::to_string(t.weight_axis);
          auto it = weights.find(key);
          if (it == weights.end()) {
            it = weights.emplace(key, QuantizeWeight(w, t.weight_axis, qmax, added)).first;
            c.Add("weight_bytes_before", Label("weight_bytes_before"), ElementCount(w) * 4);
            c.Add("weight_bytes_after", Label("weight_bytes_after"), it->second.bytes);
          }
          const QuantizedWeight& qw = it->second;
          const std::string dq = UniqueName(node.input(t.weight) + "_dequantized", added.taken);
          onnx::NodeProto dq_node = MakeNode("DequantizeLinear", base + "/weight/DequantizeLinear",
                                             {qw.q, qw.scale, qw.zero_point}, {dq});
          auto* axis = dq_node.add_attribute();
          axis->set_name("axis");
          axis->set_type(onnx::AttributeProto::INT);
          axis->set_i(t.weight_axis);
          nodes.push_back(std::move(dq_node));
          replaced.insert(node.input(t.weight));
          detail += fmt::format(", weight '{}' {} int8 with {} per-channel scales", node.input(t.weight), Dims(w),
                                qw.scales.size());
          node.set_input(t.weight, dq);
          if (t.bias >= 0) {
            const onnx::TensorProto& b = *index.Constant(node.input(t.bias));
            const float x_scale = params.at(graph.node(i).input(t.activations.front())).scale;
            const std::vector<float> bias = ReadFloats(b, kName);
            std::vector<float> scales(bias.size());
            std::string data(bias.size() * 4, '\0');
            for (std::size_t j = 0; j < bias.size(); ++j) {
              scales[j] = x_scale * qw.scales[j];
              const double v = std::nearbyint(static_cast<double>(bias[j]) / scales[j]);
              const int32_t q = static_cast<int32_t>(
                  std::isfinite(v) ? std::clamp(v, static_cast<double>(std::numeric_limits<int32_t>::min()),
                                                static_cast<double>(std::numeric_limits<int32_t>::max()))
                                   : 0.0);
              std::memcpy(&data[j * 4], &q, 4);
            }
            const std::string bname = b.name().empty() ? node.input(t.bias) : b.name();
            const std::string q_name = UniqueName(bname + "_quantized", added.taken);
            const std::string s_name = UniqueName(bname + "_scale", added.taken);
            const std::string z_name = UniqueName(bname + "_zero_point", added.taken);
            const auto n = static_cast<int64_t>(bias.size());
            added.initializers.push_back(RawTensor(q_name, onnx::TensorProto::INT32, {n}, std::move(data)));
            added.initializers.push_back(RawTensor(s_name, onnx::TensorProto::FLOAT, {n}, RawBytes(scales)));
            added.initializers.push_back(
                RawTensor(z_name, onnx::TensorProto::INT32, {n}, std::string(static_cast<std::size_t>(n) * 4, '\0')));
            const std::string bdq = UniqueName(node.input(t.bias) + "_dequantized", added.taken);
            onnx::NodeProto bias_dq = MakeNode("DequantizeLinear", base + "/bias/DequantizeLinear", {q_name, s_name, z_name}, {bdq});
            auto* a = bias_dq.add_attribute();
            a->set_name("axis");
            a->set_type(onnx::AttributeProto::INT);
            a->set_i(0);
            nodes.push_back(std::move(bias_dq));
            replaced.insert(node.input(t.bias));
            c.Add("weight_bytes_before", Label("weight_bytes_before"), n * 4);
            c.Add("weight_bytes_after", Label("weight_bytes_after"), n * 12);
            node.set_input(t.bias, bdq);
          }
        }
        if (t.folded_relu >= 0) {
          node.set_output(0, t.output);
          c.Add("relus_folded", Label("relus_folded"));
          detail += fmt::format(", {} folded in (its output's range starts at 0)", NodeLabel(graph.node(t.folded_relu), t.folded_relu));
        }
        c.Add("nodes_quantized", Label("nodes_quantized"));
        c.details.push_back(detail);
      }
      // Outputs that are quantized go to their Q through the renamed value.
      std::vector<std::string> written;
      for (int o = 0; o < node.output_size(); ++o) {
        const std::string name = node.output(o);
        auto q = quantized.find(name);
        if (q == quantized.end()) continue;
        node.set_output(o, q->second.source);
        written.push_back(name);
      }
      nodes.push_back(std::move(node));
      for (const std::string& name : written) emit_q(name);
    }
    if (!options.quantize_reduce_range) {
      c.details.push_back(reduce_range ? "weights are 7-bit: this CPU has no VNNI (--full-range for 8 bits)"
                                       : "weights are 8-bit: this CPU's int8 kernels sum exactly (--reduce-range for 7 bits)");
    }
    graph.clear_node();
    for (auto& n : nodes) *graph.add_node() = std::move(n);
    for (auto& t : added.initializers) *graph.add_initializer() = std::move(t);
    RemoveUnreadWeights(graph, replaced);
  }

  static std::string Label(const std::string& key) {
    if (key == "nodes_quantized") return "nodes quantized";
    if (key == "nodes_left") return "nodes left float";
    if (key == "relus_folded") return "Relus folded into the node before";
    if (key == "tensors_calibrated") return "tensors calibrated";
    if (key == "weight_bytes_before") return "weight bytes before";
    return "weight bytes after";
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeQuantizeStaticPass() { return std::make_unique<QuantizeStatic>(); }

}  // namespace ortkit::graph
