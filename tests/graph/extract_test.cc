// Tests of ExtractSubgraph: slices that load and compute what the full model computes, and errors.
#include "graph/extract.h"

#include <cmath>

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "graph/onnx_test_util.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

using testing::ParseModel;
using testing::SignatureString;

Model Load(const onnx::ModelProto& model) {
  const std::string bytes = SerializeModel(model);
  return Model::FromBytes(bytes.data(), bytes.size());
}

std::string ErrorOf(const onnx::ModelProto& model, const std::vector<std::string>& inputs,
                    const std::vector<std::string>& outputs) {
  try {
    ExtractSubgraph(model, inputs, outputs, {"convnet.onnx"});
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    return e.what();
  }
  return "no error";
}

// x: float32[1,4] -> DCNv2 (no schema, so no inferred type) -> t -> Relu -> y.
onnx::ModelProto CustomOpChain() {
  return ModelBuilder("custom")
      .Opset("com.example", 1)
      .Input("x", ElementType::kFloat32, {1, 4})
      .Node("DCNv2", {"x"}, {"t"}, {}, "dcn", "com.example")
      .Node("Relu", {"t"}, {"y"})
      .Output("y", ElementType::kFloat32, {1, 4})
      .proto();
}

TEST(ExtractTest, AMiddleSliceOfConvNetComputesTheSameIntermediateAsTheFullModel) {
  const onnx::ModelProto convnet = ParseModel(testing::ConvNetModel());
  const ExtractResult slice = ExtractSubgraph(convnet, {"stem_out"}, {"block_out"});
  EXPECT_EQ(slice.nodes_total, 12u);
  EXPECT_EQ(slice.model.graph().node_size(), 5);  // conv1 + Relu, conv2, Add, Relu
  EXPECT_EQ(slice.initializers, 4u);
  EXPECT_EQ(SignatureString(slice.model.graph().input()), "stem_out: float32[batch,16,32,32]");
  EXPECT_EQ(SignatureString(slice.model.graph().output()), "block_out: float32[batch,16,32,32]");

  // The full model with both intermediates as extra outputs gives the reference values.
  onnx::ModelProto full = convnet;
  for (const char* name : {"stem_out", "block_out"}) {
    auto* out = full.mutable_graph()->add_output();
    out->set_name(name);
    out->mutable_type()->mutable_tensor_type()->set_elem_type(1);
  }
  const Model full_model = Load(full);
  const Tensor input = Tensor::FromVector(SeededWeights(2 * 3 * 64 * 64, 1.0f, 3), {2, 3, 64, 64});
  const NamedValues reference = full_model.run({NamedValue{"input", input}}, {"stem_out", "block_out"});
  const NamedValues sliced = Load(slice.model).run({NamedValue{"stem_out", reference[0].value}});
  const Tensor& want = reference[1].value.tensor();
  const Tensor& got = sliced[0].value.tensor();
  ASSERT_EQ(got.shape(), (Shape{2, 16, 32, 32}));
  double max_abs = 0;
  for (std::size_t i = 0; i < want.buffer_elements(); ++i) {
    max_abs = std::max(max_abs, static_cast<double>(std::fabs(got.data_as<float>()[i] - want.data_as<float>()[i])));
  }
  EXPECT_LE(max_abs, 1e-6);
}

TEST(ExtractTest, TheWholeGraphKeepsEveryNodeAndInitializer) {
  const ExtractResult all = ExtractSubgraph(ParseModel(testing::ConvNetModel()), {"input"}, {"logits"});
  EXPECT_EQ(all.model.graph().node_size(), 12);
  EXPECT_EQ(all.initializers, 10u);
  EXPECT_NO_THROW(Load(all.model));
}

TEST(ExtractTest, AnInitializerNamedAsInputBecomesAGraphInput) {
  const ExtractResult slice =
      ExtractSubgraph(ParseModel(testing::ConvNetModel()), {"block_mid", "block.conv2.weight"}, {"block_conv"});
  EXPECT_EQ(SignatureString(slice.model.graph().input()),
            "block_mid: float32[batch,16,32,32]; block.conv2.weight: float32[16,16,3,3]");
  EXPECT_EQ(slice.initializers, 1u);  // the bias
  EXPECT_EQ(slice.model.graph().initializer(0).name(), "block.conv2.bias");
}

TEST(ExtractTest, AnUnknownTensorIsNamedWithTheClosestName) {
  EXPECT_EQ(ErrorOf(ParseModel(testing::ConvNetModel()), {"stem_ot"}, {"block_out"}),
            "model 'convnet.onnx': no tensor 'stem_ot' in the main graph (did you mean 'stem_out'?)");
  EXPECT_EQ(ErrorOf(ParseModel(testing::ConvNetModel()), {"stem_out"}, {"zzzzzzzzzzzzzzzzzz"}),
            "model 'convnet.onnx': no tensor 'zzzzzzzzzzzzzzzzzz' in the main graph");
}

TEST(ExtractTest, GraphInputsTheOutputsNeedButNotGivenAreNamed) {
  // block_out also needs stem_out through the residual, hence the graph input.
  EXPECT_EQ(ErrorOf(ParseModel(testing::ConvNetModel()), {"block_mid"}, {"block_out"}),
            "model 'convnet.onnx': outputs 'block_out' depend on graph input 'input', which is neither among the "
            "given inputs nor an initializer; add it to the inputs");
  const onnx::ModelProto add = ParseModel(testing::AddModel());
  EXPECT_EQ(ErrorOf(add, {"x"}, {"z"}),
            "model 'convnet.onnx': outputs 'z' depend on graph input 'y', which is neither among the given "
            "inputs nor an initializer; add it to the inputs");
}

// Cutting off a model's tail (check's advice for post-processing) names only the outputs.
TEST(ExtractTest, WithoutInputsTheGraphInputsTheOutputsNeedAreTheInputs) {
  const onnx::ModelProto convnet = ParseModel(testing::ConvNetModel());
  const ExtractResult head = ExtractSubgraph(convnet, {}, {"block_out"});
  EXPECT_TRUE(head.inputs_defaulted);
  EXPECT_EQ(head.inputs, std::vector<std::string>{"input"});
  EXPECT_EQ(SignatureString(head.model.graph().input()), "input: float32[batch,3,64,64]");
  EXPECT_GT(head.initializers, 0u);  // the weights pass through as initializers
  EXPECT_NO_THROW(Load(head.model));

  const ExtractResult both = ExtractSubgraph(ParseModel(testing::AddModel()), {}, {"z"});
  EXPECT_EQ(both.inputs, (std::vector<std::string>{"x", "y"}));
  const ExtractResult given = ExtractSubgraph(convnet, {"stem_out"}, {"block_mid"});
  EXPECT_FALSE(given.inputs_defaulted);
}

TEST(ExtractTest, EmptyOutputsAndRepeatedNamesAreRefused) {
  const onnx::ModelProto convnet = ParseModel(testing::ConvNetModel());
  EXPECT_EQ(ErrorOf(convnet, {"input"}, {}), "model 'convnet.onnx': no outputs given: the subgraph needs at least one");
  EXPECT_EQ(ErrorOf(convnet, {"stem_out", "stem_out"}, {"block_out"}),
            "model 'convnet.onnx': tensor 'stem_out' is given twice as an input");
  EXPECT_EQ(ErrorOf(convnet, {"stem_out"}, {"block_out", "block_out"}),
            "model 'convnet.onnx': tensor 'block_out' is given twice as an output");
}

TEST(ExtractTest, AnInputWithoutAnyKnownTypeIsRefusedAndAnOutputStaysUntyped) {
  const onnx::ModelProto chain = CustomOpChain();
  EXPECT_EQ(ErrorOf(chain, {"t"}, {"y"}),
            "model 'convnet.onnx': no type for tensor 't': it is not declared and shape inference could not derive "
            "it, so it can't become a graph input");
  const ExtractResult head = ExtractSubgraph(chain, {"x"}, {"t"});
  ASSERT_EQ(head.model.graph().output_size(), 1);
  EXPECT_FALSE(head.model.graph().output(0).has_type());
}

TEST(ExtractTest, OuterTensorsThatASubgraphBodyUsesAreDependencies) {
  // y = If(cond) then Identity(a) else Neg(a): the bodies read `a` from the outer graph.
  ModelBuilder b("if_model");
  b.Input("cond", ElementType::kBool, {}).Input("a", ElementType::kFloat32, {2});
  onnx::NodeProto* node = b.proto().mutable_graph()->add_node();
  node->set_op_type("If");
  node->add_input("cond");
  node->add_output("y");
  for (const auto& [branch, op] : {std::pair<const char*, const char*>{"then_branch", "Identity"}, {"else_branch", "Neg"}}) {
    onnx::AttributeProto* attr = node->add_attribute();
    attr->set_name(branch);
    attr->set_type(onnx::AttributeProto::GRAPH);
    ModelBuilder body(branch);
    body.Node(op, {"a"}, {std::string(branch) + "_out"}).Output(std::string(branch) + "_out", ElementType::kFloat32, {2});
    *attr->mutable_g() = body.proto().graph();
  }
  b.Output("y", ElementType::kFloat32, {2});
  EXPECT_EQ(NodeInputs(b.proto().graph().node(0)), (std::vector<std::string>{"cond", "a", "a"}));
  EXPECT_EQ(ErrorOf(b.proto(), {"cond"}, {"y"}),
            "model 'convnet.onnx': outputs 'y' depend on graph input 'a', which is neither among the given inputs "
            "nor an initializer; add it to the inputs");
  EXPECT_EQ(ExtractSubgraph(b.proto(), {"cond", "a"}, {"y"}).model.graph().node_size(), 1);
}

}  // namespace
}  // namespace ortkit::graph
