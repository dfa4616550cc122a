// Pass float64-to-float32: compute in float32 where a model needlessly computes in float64.
//
// Exporters emit float64 islands (a double-precision softmax, double constants from Python
// literals). ORT has few optimised float64 kernels and no fusions for them, and the values double
// in size. The pass converts initializers, Constant/ConstantOfShape tensors, Cast(to=DOUBLE), the
// dtype attributes of ops that create tensors, and value types, in every graph. Graph inputs and
// outputs keep float64 (with a Cast at the boundary) unless convert_io is set, so callers see the
// same interface. Numerics change: float32 keeps ~7 significant digits, so outputs differ from the
// original at about 1e-7 relative, more where the model relied on float64 range or cancellation;
// verification (rtol 1e-3, atol 1e-5 by default) tells.
#include <set>
#include <string>

#include "graph/fixes/float64_values.h"
#include "graph/fixes/graph_walk.h"
#include "graph/fixes/pass.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

using namespace fixes;  // the helpers all passes share (graph_walk.h, float64_values.h)

constexpr int64_t kDouble = onnx::TensorProto::DOUBLE;
constexpr int64_t kFloat = onnx::TensorProto::FLOAT;

// ONNX ops whose attribute names the element type of a tensor they create.
const std::set<std::string>& DtypeOps() {
  static const std::set<std::string> kOps{"Cast",      "EyeLike",           "RandomNormal",     "RandomUniform",
                                          "Bernoulli", "RandomNormalLike", "RandomUniformLike", "SequenceEmpty"};
  return kOps;
}

// ONNX ops whose tensor attribute is the value they produce.
bool IsConstantOp(const std::string& op) { return op == "Constant" || op == "ConstantOfShape"; }

class Float64ToFloat32 : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        "float64-to-float32",
        "Compute in float32 instead of float64: initializers, constants, Casts, dtype attributes and "
        "value types; float64 graph inputs/outputs stay (Casts at the boundary) unless --convert-io",
        true};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const override {
    FixChanges c;
    for (const char* key : {"initializers", "constants", "casts", "dtype_attributes", "value_types", "boundary_casts",
                            "io_converted"}) {
      c.Add(key, Label(key), 0);
    }
    onnx::GraphProto& main = *model.mutable_graph();
    // Main-graph inputs that are initializers are weights (overridable), converted with them.
    std::set<std::string> main_initializers;
    for (const auto& t : main.initializer()) main_initializers.insert(t.name());
    // value_info may also describe the main graph's interface, which keeps its types.
    std::set<std::string> kept_interface;
    if (!options.convert_io) {
      for (const auto& v : main.input()) {
        if (!main_initializers.count(v.name())) kept_interface.insert(v.name());
      }
    }

    ForEachGraph(main, [&](onnx::GraphProto& graph, const std::string& where) {
      const std::string in = where.empty() ? "" : " (in " + where + ")";
      for (auto& t : *graph.mutable_initializer()) ConvertInitializer(t, in, c);
      for (auto& sparse : *graph.mutable_sparse_initializer()) ConvertInitializer(*sparse.mutable_values(), in, c);
      for (int i = 0; i < graph.node_size(); ++i) ConvertNode(*graph.mutable_node(i), i, in, c);
      const bool is_main = where.empty();
      for (auto& v : *graph.mutable_value_info()) {
        if (!is_main || !kept_interface.count(v.name())) ConvertValueType(v, "value '", in, c);
      }
      for (auto& v : *graph.mutable_input()) {
        if (!is_main || main_initializers.count(v.name())) ConvertValueType(v, "input '", in, c);
      }
      if (!is_main) {
        for (auto& v : *graph.mutable_output()) ConvertValueType(v, "output '", in, c);
      }
    });
    const int64_t onnx_opset = OnnxOpset(model);
    ConvertBoundary(main, main_initializers, options.convert_io, onnx_opset, c);
    return c;
  }

 private:
  static std::string Label(const std::string& key) {
    if (key == "initializers") return "float64 initializers converted";
    if (key == "constants") return "float64 constant attributes converted";
    if (key == "casts") return "Cast(to=float64) retargeted to float32";
    if (key == "dtype_attributes") return "dtype=float64 attributes made float32";
    if (key == "value_types") return "float64 value types made float32";
    if (key == "boundary_casts") return "Casts inserted to keep float64 graph inputs/outputs";
    return "graph inputs/outputs turned float32";
  }

  static void Note(FixChanges& c, const std::string& key, const std::string& detail) {
    c.Add(key, Label(key));
    c.details.push_back(detail);
  }

  static void ConvertInitializer(onnx::TensorProto& t, const std::string& in, FixChanges& c) {
    if (t.data_type() != kDouble) return;
    const TensorConversion r = TensorToFloat32(t);
    Note(c, "initializers", "initializer '" + t.name() + "'" + in + ": float64 -> float32 (" +
                                Values(r) + ")" + Overflow(r));
  }

  static std::string Values(const TensorConversion& r) {
    return std::to_string(r.values) + (r.values == 1 ? " value" : " values");
  }

  static std::string Overflow(const TensorConversion& r) {
    if (r.overflowed == 0) return "";
    return "; " + std::to_string(r.overflowed) + " beyond float32's range became +-inf";
  }

  static void ConvertNode(onnx::NodeProto& node, int index, const std::string& in, FixChanges& c) {
    if (!IsOnnxDomain(node.domain())) return;  // custom ops: their attributes mean what they mean
    const std::string who = NodeLabel(node, index) + in;
    for (auto& attr : *node.mutable_attribute()) {
      if (IsConstantOp(node.op_type()) && attr.has_t() && attr.t().data_type() == kDouble) {
        const TensorConversion r = TensorToFloat32(*attr.mutable_t());
        Note(c, "constants", who + ": attribute '" + attr.name() + "' float64 -> float32 (" +
                                 Values(r) + ")" + Overflow(r));
      } else if (node.op_type() == "Constant" && attr.has_sparse_tensor() &&
                 attr.sparse_tensor().values().data_type() == kDouble) {
        const TensorConversion r = TensorToFloat32(*attr.mutable_sparse_tensor()->mutable_values());
        Note(c, "constants", who + ": attribute '" + attr.name() + "' float64 -> float32 (" +
                                 Values(r) + ")" + Overflow(r));
      } else if (DtypeOps().count(node.op_type()) && (attr.name() == "to" || attr.name() == "dtype") &&
                 attr.type() == onnx::AttributeProto::INT && attr.i() == kDouble) {
        attr.set_i(kFloat);
        const bool cast = node.op_type() == "Cast";
        Note(c, cast ? "casts" : "dtype_attributes",
             who + ": " + attr.name() + " float64 -> float32");
      }
    }
  }

  static void ConvertValueType(onnx::ValueInfoProto& v, const std::string& what, const std::string& in,
                               FixChanges& c) {
    if (!v.has_type() || !TypeToFloat32(*v.mutable_type())) return;
    Note(c, "value_types", what + v.name() + "'" + in + ": type float64 -> float32");
  }

  // The main graph's float64 inputs and outputs: converted when asked, else kept float64 with a
  // Cast next to them, so that what callers feed and receive does not change.
  static void ConvertBoundary(onnx::GraphProto& graph, const std::set<std::string>& initializers, bool convert_io,
                              int64_t onnx_opset, FixChanges& c) {
    std::set<std::string> taken;
    CollectNames(graph, taken);
    std::set<std::string> input_names;
    for (auto& v : *graph.mutable_input()) {
      input_names.insert(v.name());
      if (initializers.count(v.name()) || !v.has_type() || !HasFloat64(v.type())) continue;
      RequireTensorUnless(convert_io, v, "input");
      if (convert_io) {
        TypeToFloat32(*v.mutable_type());
        Note(c, "io_converted", "graph input '" + v.name() + "': float64 -> float32 (callers must feed float32)");
        continue;
      }
      RequireIntCast(onnx_opset, "input", v.name());
      const std::string cast_name = UniqueName(v.name() + "_float32", taken);
      RenameReads(graph, v.name(), cast_name);
      PrependNode(graph, MakeCast(v.name(), cast_name, kFloat));
      Note(c, "boundary_casts", "graph input '" + v.name() + "' stays float64; Cast to float32 inserted");
    }
    // What can feed an output's Cast. A model whose output nothing writes is broken already (and
    // onnx::checker lets it pass); a Cast reading the undefined value would break it further.
    std::set<std::string> defined(initializers.begin(), initializers.end());
    for (const auto& node : graph.node()) defined.insert(node.output().begin(), node.output().end());
    for (auto& v : *graph.mutable_output()) {
      if (!v.has_type() || !HasFloat64(v.type())) continue;
      RequireTensorUnless(convert_io, v, "output");
      if (convert_io) {
        TypeToFloat32(*v.mutable_type());
        Note(c, "io_converted", "graph output '" + v.name() + "': float64 -> float32 (callers receive float32)");
        continue;
      }
      if (input_names.count(v.name())) continue;  // an input passed through: still float64
      if (!defined.count(v.name())) continue;
      RequireIntCast(onnx_opset, "output", v.name());
      const std::string inner = UniqueName(v.name() + "_float32", taken);
      RenameValue(graph, v.name(), inner);
      *graph.add_node() = MakeCast(inner, v.name(), kDouble);
      Note(c, "boundary_casts", "graph output '" + v.name() + "' stays float64; Cast from float32 inserted");
    }
  }

  // A Cast converts tensors only; a float64 sequence at the boundary can only be converted.
  static void RequireTensorUnless(bool convert_io, const onnx::ValueInfoProto& v, const std::string& what) {
    if (convert_io || v.type().has_tensor_type()) return;
    throw Error(ErrorCategory::kConfig, "float64-to-float32: graph " + what + " '" + v.name() +
                                            "' holds float64 in a non-tensor type, which no Cast can convert; "
                                            "pass --convert-io to turn it into float32, or leave out this pass");
  }

  // Cast took its target type as a string before opset 6; MakeCast writes the int form.
  static void RequireIntCast(int64_t onnx_opset, const std::string& what, const std::string& name) {
    if (onnx_opset >= 6) return;
    throw Error(ErrorCategory::kLoad, "float64-to-float32: graph " + what + " '" + name +
                                          "' stays float64 and needs a Cast, but the model imports ONNX opset " +
                                          std::to_string(onnx_opset) + ", whose Cast takes a string type; "
                                          "convert the model to opset 7 or later (ONNX Runtime's minimum), or "
                                          "pass --convert-io");
  }

  static onnx::NodeProto MakeCast(const std::string& from, const std::string& to, int64_t type) {
    return CastNode("ortkit_fix/Cast/" + to, from, to, type);
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeFloat64ToFloat32Pass() { return std::make_unique<Float64ToFloat32>(); }

}  // namespace ortkit::graph
