// Pass quantize-dynamic: int8 weights for MatMul and Gemm, activations quantized at run time.
//
// Each MatMul (or Gemm with transA = 0) whose B is a float32 initializer or Constant of rank 2
// becomes the pattern ONNX Runtime's CPU provider fuses into one kernel:
//
//   A -> DynamicQuantizeLinear -> (A_q, A_scale, A_zp)
//   MatMulInteger(A_q, B_q int8, A_zp) -> Cast(to float) -> Mul(., Mul(A_scale, B_scale)) [-> Add(bias)]
//
// At level extended and above ORT fuses the MatMulInteger/Cast/Mul chain (and a following bias
// Add) into com.microsoft.MatMulIntegerToFloat and then, because each DynamicQuantizeLinear feeds
// one MatMulInteger only, DynamicQuantizeLinear with it into com.microsoft.DynamicQuantizeMatMul
// (onnxruntime/core/optimizer/matmul_integer_to_float.cc, dynamic_quantize_matmul_fusion.cc);
// tests/graph/fixes/quantize_dynamic_test.cc reads ORT's optimised graph to show it. So the
// DynamicQuantizeLinear is not shared between MatMuls that read the same activation: a shared
// one would block the second fusion.
//
// Weights are 7-bit on x86 CPUs without VNNI (ORT's AVX2 u8*s8 kernel saturates int16 pair sums of
// 8-bit weights) and 8-bit elsewhere (FixOptions::quantize_reduce_range). They are symmetric int8 (zero point 0, so MatMulInteger needs no B zero point) with one scale
// per output column, applied by the float Mul after the integer product: that Mul is where ORT's
// fused kernel takes a per-column B scale. Weights under options.quantize_min_weight_bytes stay
// float: their scales and four extra nodes would cost about what they save.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "graph/fixes/float_tensor.h"
#include "graph/fixes/graph_walk.h"
#include "graph/fixes/node_select.h"
#include "graph/fixes/pass.h"
#include "graph/fixes/quant_common.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

using namespace fixes;

constexpr const char* kName = "quantize-dynamic";

struct Weight {
  const onnx::TensorProto* tensor = nullptr;
  bool from_constant_node = false;
};

// An int8 weight [K, N] and its scales ([N], or [1] per tensor) as initializers.
struct QuantizedWeight {
  std::string q_name, scale_name;
  int64_t bytes = 0;  ///< int8 values plus float scales
};

class QuantizeDynamic : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        kName,
        "int8 weights (per-column symmetric scales) for MatMul/Gemm with float32 constant weights of at least "
        "--min-weight-bytes; activations quantized at run time, in the form ORT fuses into DynamicQuantizeMatMul",
        false, true};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const override {
    FixChanges c;
    for (const char* key : {"nodes_quantized", "nodes_left", "weight_bytes_before", "weight_bytes_after"}) {
      c.Add(key, Label(key), 0);
    }
    onnx::GraphProto& graph = *model.mutable_graph();
    const int64_t opset = OnnxOpset(model);
    const NodeSelection selection(options.include_nodes, options.exclude_nodes);
    FixOptions resolved = options;
    if (!resolved.quantize_reduce_range) resolved.quantize_reduce_range = Int16PairSumsSaturate();

    std::map<std::string, const onnx::TensorProto*> initializers;
    for (const auto& t : graph.initializer()) initializers[t.name()] = &t;
    std::set<std::string> overridable;  // initializers that are also graph inputs: callers may replace them
    for (const auto& v : graph.input()) {
      if (initializers.count(v.name())) overridable.insert(v.name());
    }
    std::map<std::string, const onnx::TensorProto*> constants;
    for (const auto& node : graph.node()) {
      if (node.op_type() == "Constant" && IsOnnxDomain(node.domain()) && node.output_size() == 1) {
        for (const auto& a : node.attribute()) {
          if (a.name() == "value" && a.has_t()) constants[node.output(0)] = &a.t();
        }
      }
    }

    std::set<std::string> taken;
    CollectNames(graph, taken);
    std::vector<onnx::TensorProto> new_initializers;
    std::map<std::string, QuantizedWeight> cache;  // by weight, transposition and alpha
    std::set<std::string> replaced_weights;
    std::vector<onnx::NodeProto> nodes;
    nodes.reserve(static_cast<std::size_t>(graph.node_size()));
    bool any = false;

    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto& node = graph.node(i);
      const bool candidate = IsOnnxDomain(node.domain()) && (node.op_type() == "MatMul" || node.op_type() == "Gemm");
      if (!candidate) {
        nodes.push_back(node);
        continue;
      }
      const std::string who = NodeLabel(node, i);
      const auto leave = [&](const std::string& why) {
        c.Add("nodes_left", Label("nodes_left"));
        c.details.push_back(who + ": left float: " + why);
        nodes.push_back(node);
      };
      if (std::string why = selection.WhyNot(node.name()); !why.empty()) {
        leave(why);
        continue;
      }
      if (opset < 11) {
        leave(fmt::format("the model imports ONNX opset {}; DynamicQuantizeLinear needs 11", opset));
        continue;
      }
      const bool gemm = node.op_type() == "Gemm";
      if (node.input_size() < 2) {
        leave("it has fewer than 2 inputs");
        continue;
      }
      const std::string& b_name = node.input(1);
      Weight w;
      if (auto it = initializers.find(b_name); it != initializers.end()) {
        if (overridable.count(b_name)) {
          leave("B '" + b_name + "' is also a graph input, so callers may replace it");
          continue;
        }
        w.tensor = it->second;
      } else if (auto ct = constants.find(b_name); ct != constants.end()) {
        w.tensor = ct->second;
        w.from_constant_node = true;
      } else {
        leave("B '" + b_name + "' is not a constant (computed at run time)");
        continue;
      }
      const onnx::TensorProto& b = *w.tensor;
      if (b.data_type() != onnx::TensorProto::FLOAT) {
        leave("B '" + b_name + "' is not float32 (ONNX type " + std::to_string(b.data_type()) + ")");
        continue;
      }
      if (b.dims_size() != 2) {
        leave(fmt::format("B '{}' has rank {}; only 2-D weights are quantized", b_name, b.dims_size()));
        continue;
      }
      const int64_t float_bytes = ElementCount(b) * 4;
      if (float_bytes < options.quantize_min_weight_bytes) {
        leave(fmt::format("B '{}' is {} bytes, under --min-weight-bytes {}", b_name, float_bytes,
                          options.quantize_min_weight_bytes));
        continue;
      }
      const bool trans_b = gemm && IntAttr(node, "transB", 0) != 0;
      const float alpha = gemm ? FloatAttr(node, "alpha", 1.0f) : 1.0f;
      const float beta = gemm ? FloatAttr(node, "beta", 1.0f) : 1.0f;
      if (gemm && IntAttr(node, "transA", 0) != 0) {
        leave("Gemm with transA=1 (MatMulInteger has no transposed A)");
        continue;
      }
      const bool has_c = gemm && node.input_size() > 2 && !node.input(2).empty();
      const onnx::TensorProto* c_tensor = nullptr;
      if (has_c) {
        auto it = initializers.find(node.input(2));
        if (it != initializers.end() && !overridable.count(node.input(2)) &&
            it->second->data_type() == onnx::TensorProto::FLOAT) {
          c_tensor = it->second;
        } else if (beta != 1.0f) {
          leave("Gemm with beta != 1 and a C that is not a float32 initializer");
          continue;
        }
      }

      const std::string key = fmt::format("{}|{}|{}", b_name, trans_b, alpha);
      auto cached = cache.find(key);
      const bool first_use = cached == cache.end();
      if (first_use) cached = cache.emplace(key, Quantize(b, trans_b, alpha, resolved, taken, new_initializers)).first;
      const QuantizedWeight& q = cached->second;
      replaced_weights.insert(b_name);

      const std::string base = node.name().empty() ? "ortkit_quant/" + std::to_string(i) : node.name() + "_quant";
      const auto value = [&](const std::string& what) { return UniqueName(base + "/" + what, taken); };
      const std::string a_q = value("A_quantized"), a_scale = value("A_scale"), a_zp = value("A_zero_point");
      const std::string y_int = value("MatMulInteger_output"), y_float = value("Cast_output");
      const std::string scale = value("scale");
      const std::string& y = node.output(0);
      const std::string y_scaled = has_c ? value("Mul_output") : y;
      nodes.push_back(MakeNode("DynamicQuantizeLinear", base + "/DynamicQuantizeLinear", {node.input(0)},
                               {a_q, a_scale, a_zp}));
      nodes.push_back(MakeNode("MatMulInteger", base + "/MatMulInteger", {a_q, q.q_name, a_zp}, {y_int}));
      nodes.push_back(CastNode(base + "/Cast", y_int, y_float, onnx::TensorProto::FLOAT));
      nodes.push_back(MakeNode("Mul", base + "/scale/Mul", {a_scale, q.scale_name}, {scale}));
      nodes.push_back(MakeNode("Mul", base + "/Mul", {y_float, scale}, {y_scaled}));
      if (has_c) {
        std::string bias = node.input(2);
        if (c_tensor && beta != 1.0f) {
          std::vector<float> values = ReadFloats(*c_tensor, kName);
          for (float& v : values) v *= beta;
          bias = UniqueName(node.input(2) + "_beta", taken);
          std::vector<int64_t> dims(c_tensor->dims().begin(), c_tensor->dims().end());
          new_initializers.push_back(RawTensor(bias, onnx::TensorProto::FLOAT, dims,
                                               std::string(reinterpret_cast<const char*>(values.data()),
                                                           values.size() * sizeof(float))));
        }
        nodes.push_back(MakeNode("Add", base + "/Add", {y_scaled, bias}, {y}));
      }
      any = true;
      c.Add("nodes_quantized", Label("nodes_quantized"));
      if (!first_use) {
        // The bytes were counted with the first node that reads this weight.
        c.details.push_back(who + ": quantized, sharing the int8 weight made from '" + b_name + "'");
        continue;
      }
      c.Add("weight_bytes_before", Label("weight_bytes_before"), float_bytes);
      c.Add("weight_bytes_after", Label("weight_bytes_after"), q.bytes);
      c.details.push_back(fmt::format("{}: quantized: weight '{}' [{}x{}]{}, {} -> {} bytes ({})", who, b_name,
                                      b.dims(0), b.dims(1), trans_b ? " (transposed)" : "", float_bytes, q.bytes,
                                      options.quantize_per_tensor ? "one scale" : "a scale per column"));
    }
    if (!any) return c;
    if (!options.quantize_reduce_range) {
      c.details.push_back(*resolved.quantize_reduce_range
                              ? "weights are 7-bit: this CPU has no VNNI, so ORT's int8 kernel sums pairs of products "
                                "in saturating int16 (--full-range for 8 bits where the CPU has VNNI)"
                              : "weights are 8-bit: this CPU's int8 kernels sum exactly (--reduce-range for 7 bits, "
                                "for x86 CPUs without VNNI)");
    }

    graph.clear_node();
    for (auto& n : nodes) *graph.add_node() = std::move(n);
    for (auto& t : new_initializers) *graph.add_initializer() = std::move(t);
    RemoveUnreadWeights(graph, replaced_weights);
    return c;
  }

 private:
  static std::string Label(const std::string& key) {
    if (key == "nodes_quantized") return "MatMul/Gemm quantized";
    if (key == "nodes_left") return "MatMul/Gemm left float";
    if (key == "weight_bytes_before") return "weight bytes before";
    return "weight bytes after";
  }

  // Symmetric int8 with one scale per output column (or one for all): q = round(w / s), s = max|w| / qmax.
  static QuantizedWeight Quantize(const onnx::TensorProto& b, bool trans_b, float alpha, const FixOptions& options,
                                  std::set<std::string>& taken, std::vector<onnx::TensorProto>& out) {
    const std::vector<float> w = ReadFloats(b, kName);
    // Stored [K, N] for MatMulInteger; a Gemm with transB holds [N, K].
    const int64_t k = trans_b ? b.dims(1) : b.dims(0);
    const int64_t n = trans_b ? b.dims(0) : b.dims(1);
    const auto at = [&](int64_t row, int64_t col) {
      return w[static_cast<std::size_t>(trans_b ? col * k + row : row * n + col)];
    };
    const float qmax = *options.quantize_reduce_range ? 64.0f : 127.0f;
    const int64_t scales = options.quantize_per_tensor ? 1 : n;
    std::vector<float> amax(static_cast<std::size_t>(scales), 0.0f);
    for (int64_t row = 0; row < k; ++row) {
      for (int64_t col = 0; col < n; ++col) {
        float& m = amax[static_cast<std::size_t>(options.quantize_per_tensor ? 0 : col)];
        m = std::max(m, std::fabs(at(row, col)));
      }
    }
    std::vector<float> scale(amax.size());
    for (std::size_t j = 0; j < amax.size(); ++j) scale[j] = amax[j] > 0 && std::isfinite(amax[j]) ? amax[j] / qmax : 1.0f;
    std::string q(static_cast<std::size_t>(k * n), '\0');
    for (int64_t row = 0; row < k; ++row) {
      for (int64_t col = 0; col < n; ++col) {
        const float s = scale[static_cast<std::size_t>(options.quantize_per_tensor ? 0 : col)];
        const float v = std::nearbyint(at(row, col) / s);
        q[static_cast<std::size_t>(row * n + col)] =
            static_cast<char>(static_cast<int8_t>(std::isfinite(v) ? std::clamp(v, -qmax, qmax) : 0.0f));
      }
    }
    // alpha scales the product, so it folds into the weight's scales.
    std::vector<float> folded(scale);
    for (float& s : folded) s *= alpha;
    QuantizedWeight result;
    result.q_name = UniqueName(b.name().empty() ? "weight_quantized" : b.name() + "_quantized", taken);
    result.scale_name = UniqueName(b.name().empty() ? "weight_scale" : b.name() + "_scale", taken);
    out.push_back(RawTensor(result.q_name, onnx::TensorProto::INT8, {k, n}, std::move(q)));
    out.push_back(RawTensor(result.scale_name, onnx::TensorProto::FLOAT, {scales},
                            std::string(reinterpret_cast<const char*>(folded.data()), folded.size() * sizeof(float))));
    result.bytes = k * n + scales * 4;
    return result;
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeQuantizeDynamicPass() { return std::make_unique<QuantizeDynamic>(); }

}  // namespace ortkit::graph
