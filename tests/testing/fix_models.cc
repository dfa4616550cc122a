// Models built to need each `ortkit fix` pass, and storing a model with external data.
#include "testing/fix_models.h"

#include <fstream>
#include <vector>

#include "graph/model_builder.h"
#include "ortkit/error.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::MakeTensor;
using graph::ModelBuilder;
using graph::SeededWeights;

constexpr int64_t kDouble = static_cast<int64_t>(ElementType::kFloat64);
constexpr int64_t kFloat = static_cast<int64_t>(ElementType::kFloat32);

// Gives the last node added to `b` a graph attribute (the builder's Attr has no graph kind).
void AddGraphAttribute(ModelBuilder& b, const std::string& name, const onnx::GraphProto& graph) {
  onnx::NodeProto& node = *b.proto().mutable_graph()->mutable_node()->rbegin();
  onnx::AttributeProto* attr = node.add_attribute();
  attr->set_name(name);
  attr->set_type(onnx::AttributeProto::GRAPH);
  *attr->mutable_g() = graph;
}

onnx::GraphProto GraphOf(const ModelBuilder& b) { return b.proto().graph(); }

}  // namespace

onnx::ModelProto WeightsAsInputsModel(int64_t ir_version) {
  ModelBuilder b("weights_as_inputs", ir_version < 4 ? 8 : 17, ir_version);
  b.Input("x", ElementType::kFloat32, {"batch", 4})
      .Initializer("w", SeededWeights(8, 0.5f, 11), {4, 2})
      .Initializer("b", SeededWeights(2, 0.5f, 12), {2})
      .Input("w", ElementType::kFloat32, Shape{4, 2})
      .Input("b", ElementType::kFloat32, Shape{2})
      .Node("MatMul", {"x", "w"}, {"xw"}, {}, "matmul")
      .Node("Add", {"xw", "b"}, {"y"}, {}, "add")
      .Output("y", ElementType::kFloat32, {"batch", 2});
  return b.proto();
}

onnx::ModelProto LoopWithInitializerInputModel() {
  ModelBuilder body("loop_body");
  body.Input("iter", ElementType::kInt64, Shape{})
      .Input("cond_in", ElementType::kBool, Shape{})
      .Input("v_in", ElementType::kFloat32, Shape{2})
      .Initializer("body_scale", std::vector<float>{1.5f}, {1})
      .Input("body_scale", ElementType::kFloat32, Shape{1})
      .Node("Identity", {"cond_in"}, {"cond_out"}, {}, "keep_going")
      .Node("Mul", {"v_in", "body_scale"}, {"v_out"}, {}, "scale")
      .Output("cond_out", ElementType::kBool, Shape{})
      .Output("v_out", ElementType::kFloat32, Shape{2});
  ModelBuilder b("loop_with_initializer_input");
  b.Input("x", ElementType::kFloat32, Shape{2})
      .Initializer("trip_count", std::vector<int64_t>{3}, {})
      .Node("Loop", {"trip_count", "", "x"}, {"y"}, {}, "loop");
  AddGraphAttribute(b, "body", GraphOf(body));
  b.Output("y", ElementType::kFloat32, Shape{2});
  return b.proto();
}

onnx::ModelProto Float64Model() {
  ModelBuilder b("float64_island");
  b.Input("x", ElementType::kFloat32, Shape{2, 2})
      .Input("d", ElementType::kFloat64, Shape{2, 2})
      .Initializer("w64", std::vector<double>{0.5, -1.25, 2.0, 0.75}, {2, 2})
      .Node("Cast", {"x"}, {"xd"}, {Attr::Int("to", kDouble)}, "to_double")
      .Node("Constant", {}, {"k"}, {Attr::Tensor("value", MakeTensor("", std::vector<double>{0.1, 0.2, 0.3, 0.4}, {2, 2}))},
            "k")
      .Node("Add", {"xd", "k"}, {"s"}, {}, "add_k")
      .Node("Mul", {"s", "d"}, {"t"}, {}, "mul_d")
      .Node("Constant", {}, {"shape"}, {Attr::Tensor("value", MakeTensor("", std::vector<int64_t>{2, 2}, {2}))}, "shape")
      .Node("ConstantOfShape", {"shape"}, {"half"},
            {Attr::Tensor("value", MakeTensor("", std::vector<double>{0.5}, {1}))}, "halves")
      .Node("Add", {"t", "half"}, {"u"}, {}, "add_half")
      .Node("EyeLike", {"x"}, {"eye"}, {Attr::Int("dtype", kDouble)}, "eye")
      .Node("Add", {"u", "eye"}, {"v"}, {}, "add_eye")
      .Node("Mul", {"v", "w64"}, {"out64"}, {}, "mul_w")
      .Node("Cast", {"v"}, {"out32"}, {Attr::Int("to", kFloat)}, "to_float")
      .ValueInfo("s", ElementType::kFloat64, Shape{2, 2})
      .Output("out64", ElementType::kFloat64, Shape{2, 2})
      .Output("out32", ElementType::kFloat32, Shape{2, 2});
  return b.proto();
}

onnx::ModelProto NormalizeWithDoubleStdModel() {
  ModelBuilder b("torch_jit");
  b.Opset("", 13)
      .Input("image", ElementType::kFloat32, {"batch", 3, 4, 4})
      .Initializer("std", std::vector<double>{0.229, 0.224, 0.225}, {1, 3, 1, 1})
      .Initializer("gain", std::vector<float>{1.5f, 0.5f, 2.0f}, {1, 3, 1, 1})
      .Node("Constant", {}, {"/preprocess/Constant_output_0"},
            {Attr::Tensor("value", MakeTensor("", std::vector<float>{0.485f, 0.456f, 0.406f}, {1, 3, 1, 1}))},
            "/preprocess/Constant")
      .Node("Sub", {"image", "/preprocess/Constant_output_0"}, {"/preprocess/Sub_output_0"}, {}, "/preprocess/Sub")
      .Node("Div", {"/preprocess/Sub_output_0", "std"}, {"/preprocess/Div_output_0"}, {}, "/preprocess/Div")
      .Node("Mul", {"/preprocess/Div_output_0", "gain"}, {"/head/Mul_output_0"}, {}, "/head/Mul")
      .Node("Relu", {"/head/Mul_output_0"}, {"normalized"}, {}, "/head/Relu")
      .Output("normalized", ElementType::kFloat32, {"batch", 3, 4, 4});
  return b.proto();
}

onnx::ModelProto DoubleWeightConvModel() {
  std::vector<double> weight(3 * 2 * 3 * 3);
  for (std::size_t i = 0; i < weight.size(); ++i) weight[i] = 0.05 * static_cast<double>(i % 7) - 0.15;
  ModelBuilder b("torch_jit");
  b.Opset("", 13)
      .Input("x", ElementType::kFloat32, Shape{1, 2, 5, 5})
      .Initializer("conv.weight", weight, {3, 2, 3, 3})
      .Node("Conv", {"x", "conv.weight"}, {"y"}, {Attr::Ints("kernel_shape", {3, 3})}, "/conv/Conv")
      .Output("y", ElementType::kFloat32, Shape{1, 3, 3, 3});
  return b.proto();
}

onnx::ModelProto Float64IfModel() {
  const auto branch = [](const std::string& name, std::vector<double> values) {
    ModelBuilder g(name);
    g.Node("Constant", {}, {name + "_out"}, {Attr::Tensor("value", MakeTensor("", values, {3}))}, name + "_value")
        .Output(name + "_out", ElementType::kFloat64, Shape{3});
    return GraphOf(g);
  };
  ModelBuilder b("float64_if");
  b.Input("c", ElementType::kBool, Shape{}).Node("If", {"c"}, {"picked"}, {}, "pick");
  AddGraphAttribute(b, "then_branch", branch("then", {1, 2, 3}));
  AddGraphAttribute(b, "else_branch", branch("else", {4, 5, 6}));
  b.Node("Cast", {"picked"}, {"y"}, {Attr::Int("to", kFloat)}, "to_float")
      .Output("y", ElementType::kFloat32, Shape{3});
  return b.proto();
}

onnx::ModelProto CancellationModel() {
  ModelBuilder b("cancellation");
  b.Input("x", ElementType::kFloat64, Shape{3})
      .Initializer("big", std::vector<double>{1e10}, {})
      .Node("Add", {"x", "big"}, {"shifted"}, {}, "add_big")
      .Node("Sub", {"shifted", "big"}, {"y"}, {}, "sub_big")
      .Output("y", ElementType::kFloat64, Shape{3});
  return b.proto();
}

onnx::ModelProto FreeDimsModel() {
  ModelBuilder b("free_dims");
  b.Input("x", ElementType::kFloat32, {"batch", "seq", 4})
      .Input("m", ElementType::kFloat32, {"batch", 4})
      .Node("Relu", {"x"}, {"r"}, {}, "relu")
      .Node("Identity", {"r"}, {"y"}, {}, "out")
      .Node("Neg", {"m"}, {"z"}, {}, "neg")
      .ValueInfo("r", ElementType::kFloat32, {"batch", "seq", 4})
      .Output("y", ElementType::kFloat32, {"batch", "seq", 4})
      .Output("z", ElementType::kFloat32, {"batch", 4});
  return b.proto();
}

onnx::ModelProto UnusedNodesModel() {
  ModelBuilder then_branch("then");
  then_branch.Node("Mul", {"x", "two"}, {"then_out"}, {}, "times_two")
      .Output("then_out", ElementType::kFloat32, Shape{3});
  ModelBuilder else_branch("else");
  else_branch.Node("Sigmoid", {"x"}, {"else_dead"}, {}, "dead_sigmoid")
      .Node("Mul", {"x", "three"}, {"else_out"}, {}, "times_three")
      .Output("else_out", ElementType::kFloat32, Shape{3});
  ModelBuilder b("unused_nodes");
  b.Input("x", ElementType::kFloat32, Shape{3})
      .Input("c", ElementType::kBool, Shape{})
      .Initializer("two", std::vector<float>{2}, {})
      .Initializer("three", std::vector<float>{3}, {})
      .Initializer("unused_w", SeededWeights(16, 1.0f, 5), {4, 4})
      .Node("Sigmoid", {"x"}, {"sig"}, {}, "dead_sigmoid_outer")
      .Node("Neg", {"sig"}, {"dead"}, {}, "dead_neg")
      .Node("Relu", {"x"}, {"r"}, {}, "relu")
      .Node("If", {"c"}, {"picked"}, {}, "pick");
  AddGraphAttribute(b, "then_branch", GraphOf(then_branch));
  AddGraphAttribute(b, "else_branch", GraphOf(else_branch));
  b.Node("Add", {"r", "picked"}, {"y"}, {}, "add")
      .ValueInfo("dead", ElementType::kFloat32, Shape{3})
      .Output("y", ElementType::kFloat32, Shape{3});
  return b.proto();
}

void SaveWithExternalData(const onnx::ModelProto& model, const std::string& dir, const std::string& name,
                          const std::string& data_name) {
  onnx::ModelProto out = model;
  std::string data;
  for (onnx::TensorProto& t : *out.mutable_graph()->mutable_initializer()) {
    if (!t.has_raw_data() || t.raw_data().size() < 16) continue;
    const auto add = [&t](const std::string& key, const std::string& value) {
      onnx::StringStringEntryProto* entry = t.add_external_data();
      entry->set_key(key);
      entry->set_value(value);
    };
    add("location", data_name);
    add("offset", std::to_string(data.size()));
    add("length", std::to_string(t.raw_data().size()));
    data += t.raw_data();
    t.clear_raw_data();
    t.set_data_location(onnx::TensorProto::EXTERNAL);
  }
  std::ofstream(dir + "/" + data_name, std::ios::binary) << data;
  graph::SaveModel(out, dir + "/" + name);
}

std::string Bytes(const onnx::ModelProto& model) { return graph::SerializeModel(model); }

}  // namespace ortkit::testing
