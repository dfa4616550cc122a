#include "view/view_models.h"

#include <fmt/format.h>

#include "graph/model_builder.h"

namespace ortkit::testing {

using graph::Attr;
using graph::ModelBuilder;

namespace {

onnx::GraphProto Branch(const std::string& name, const std::string& op, const std::string& outer) {
  onnx::GraphProto g;
  g.set_name(name);
  onnx::NodeProto* node = g.add_node();
  node->set_name(name + "_" + op);
  node->set_op_type(op);
  node->add_input(outer);  // read from the enclosing graph, as exporters' branches do
  node->add_output(name + "_out");
  onnx::ValueInfoProto* out = g.add_output();
  out->set_name(name + "_out");
  out->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  return g;
}

}  // namespace

std::string ScopedModelBytes(int layers) {
  ModelBuilder b("scoped", 17);
  b.Input("x", ElementType::kFloat32, {"batch", "seq", 8});
  b.Input("flag", ElementType::kBool, {});
  b.Node("Constant", {}, {"/embed/Constant_output_0"},
         {Attr::Tensor("value", graph::MakeTensor("", std::vector<float>{2.0f}, Shape{1}))}, "/embed/Constant");
  b.Node("Mul", {"x", "/embed/Constant_output_0"}, {"/embed/Mul_output_0"}, {}, "/embed/Mul");
  std::string h = "/embed/Mul_output_0";
  for (int l = 0; l < layers; ++l) {
    const std::string p = fmt::format("/layers.{}", l);
    const std::string wq = fmt::format("layers.{}.q.weight", l), wk = fmt::format("layers.{}.k.weight", l),
                      wf = fmt::format("layers.{}.fc.weight", l);
    b.Initializer(wq, graph::SeededWeights(64, 0.1f, 1 + l), Shape{8, 8});
    b.Initializer(wk, graph::SeededWeights(64, 0.1f, 2 + l), Shape{8, 8});
    b.Initializer(wf, graph::SeededWeights(64, 0.1f, 3 + l), Shape{8, 8});
    b.Node("MatMul", {h, wq}, {p + "/self_attn/q_proj/MatMul_output_0"}, {}, p + "/self_attn/q_proj/MatMul");
    b.Node("MatMul", {h, wk}, {p + "/self_attn/k_proj/MatMul_output_0"}, {}, p + "/self_attn/k_proj/MatMul");
    b.Node("Add", {p + "/self_attn/q_proj/MatMul_output_0", p + "/self_attn/k_proj/MatMul_output_0"},
           {p + "/self_attn/Add_output_0"}, {}, p + "/self_attn/Add");
    b.Node("Softmax", {p + "/self_attn/Add_output_0"}, {p + "/self_attn/Softmax_output_0"}, {Attr::Int("axis", -1)},
           p + "/self_attn/Softmax");
    b.Node("MatMul", {p + "/self_attn/Softmax_output_0", wf}, {p + "/mlp/fc/MatMul_output_0"}, {}, p + "/mlp/fc/MatMul");
    b.Node("Relu", {p + "/mlp/fc/MatMul_output_0"}, {p + "/mlp/Relu_output_0"}, {}, p + "/mlp/Relu");
    b.Node("Add", {h, p + "/mlp/Relu_output_0"}, {p + "/Add_output_0"}, {}, p + "/Add");
    h = p + "/Add_output_0";
  }
  b.Node("Cast", {h}, {"/head/Cast_output_0"}, {Attr::Int("to", onnx::TensorProto::DOUBLE)}, "/head/Cast");
  b.Initializer("head.scale", std::vector<double>{0.5}, Shape{1});
  b.Node("Mul", {"/head/Cast_output_0", "head.scale"}, {"/head/Mul_output_0"}, {}, "/head/Mul");
  b.Node("Cast", {"/head/Mul_output_0"}, {"/head/Cast_1_output_0"}, {Attr::Int("to", onnx::TensorProto::FLOAT)},
         "/head/Cast_1");
  b.Node("Constant", {}, {"/post/Constant_output_0"},
         {Attr::Tensor("value", graph::MakeTensor("", std::vector<int64_t>{3}, Shape{1}))}, "/post/Constant");
  b.Node("TopK", {"/head/Cast_1_output_0", "/post/Constant_output_0"}, {"scores", "ids"}, {Attr::Int("axis", -1)},
         "/post/TopK");
  b.Node("If", {"flag"}, {"gated"}, {}, "/gate/If");
  onnx::GraphProto& main = *b.proto().mutable_graph();
  onnx::NodeProto& gate = *main.mutable_node(main.node_size() - 1);
  onnx::AttributeProto* then_branch = gate.add_attribute();
  then_branch->set_name("then_branch");
  then_branch->set_type(onnx::AttributeProto::GRAPH);
  *then_branch->mutable_g() = Branch("then", "Identity", "/head/Cast_1_output_0");
  onnx::AttributeProto* else_branch = gate.add_attribute();
  else_branch->set_name("else_branch");
  else_branch->set_type(onnx::AttributeProto::GRAPH);
  *else_branch->mutable_g() = Branch("else", "Neg", "/head/Cast_1_output_0");
  b.Output("scores", ElementType::kFloat32, {"batch", "seq", 3});
  b.Output("ids", ElementType::kInt64, {"batch", "seq", 3});
  b.Output("gated", ElementType::kFloat32, {"batch", "seq", 8});
  return b.Serialize();
}

int ScopedModelNodes(int layers) { return 8 + 7 * layers + 2; }

}  // namespace ortkit::testing
