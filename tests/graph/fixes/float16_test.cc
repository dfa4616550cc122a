// Tests of the float16 pass: conversion, block list, io types, clamping, and that ORT's CPU
// provider loads and runs what it writes.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "compare/accuracy_gate.h"
#include "core/half_float.h"
#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/float_tensor.h"
#include "graph/fixes/pass.h"
#include "graph/fix_engine.h"
#include "graph/fix_session.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "testing/compress_models.h"
#include "workload/inputs.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "float16";

onnx::ModelProto Parse(const std::string& bytes) { return graph::ParseModel(bytes, "<test model>"); }

int32_t ElemType(const onnx::ValueInfoProto& v) { return v.type().tensor_type().elem_type(); }

const onnx::NodeProto* Producer(const onnx::GraphProto& graph, const std::string& value) {
  for (const auto& node : graph.node()) {
    for (const auto& o : node.output()) {
      if (o == value) return &node;
    }
  }
  return nullptr;
}

// Both models in ORT with default settings on `samples` seed input sets; the fixed model's
// inputs and outputs widened as `ortkit fix` widens them.
compare::GateResult Gate(const onnx::ModelProto& original, const onnx::ModelProto& candidate,
                         const workload::DimSizes& dims, int samples = 4) {
  const std::string a = graph::SerializeModel(original), b = graph::SerializeModel(candidate);
  const Model reference = Model::FromBytes(a.data(), a.size(), {}, "<original>");
  const Model fixed = Model::FromBytes(b.data(), b.size(), {}, "<float16>");
  compare::AccuracyGate gate({});
  for (int s = 0; s < samples; ++s) {
    const NamedValues inputs = workload::SeededInputs(reference.inputs(), static_cast<uint64_t>(s), dims);
    gate.Add(graph::WidenLikeOriginal(fixed.run(inputs), reference), reference.run(inputs));
  }
  return gate.Result();
}

TEST(FloatToHalfTest, RoundsToNearestEvenAndSaturatesToInfinity) {
  using graph::fixes::FloatToHalf;
  EXPECT_EQ(FloatToHalf(1.0f), 0x3c00);
  EXPECT_EQ(FloatToHalf(-2.0f), 0xc000);
  EXPECT_EQ(FloatToHalf(65504.0f), 0x7bff);
  EXPECT_EQ(FloatToHalf(65520.0f), 0x7c00);  // halfway to the next power: rounds to infinity
  EXPECT_EQ(FloatToHalf(1e-8f), 0x0000);
  EXPECT_EQ(FloatToHalf(5.9604645e-8f), 0x0001);  // the smallest subnormal
  EXPECT_EQ(FloatToHalf(1.0f + 1.0f / 2048), 0x3c00);  // a tie: to even
  EXPECT_EQ(FloatToHalf(1.0f + 3.0f / 2048), 0x3c02);
  EXPECT_TRUE(std::isnan(core::HalfToFloat(FloatToHalf(std::nanf("")))));
  for (float v = -70000.0f; v < 70000.0f; v += 12.345f) {
    const float back = core::HalfToFloat(FloatToHalf(v));
    if (std::fabs(v) <= 65504.0f) {
      EXPECT_NEAR(back, v, std::fabs(v) / 2048 + 1e-7) << v;
    }
  }
}

TEST(Float16Test, EncoderWeightsHalveAndTheInterfaceStaysFloat32) {
  const onnx::ModelProto original = Parse(ExportedEncoderModel(64, 2));
  onnx::ModelProto model = original;
  const graph::FixChanges c = ApplyPass(kPass, model);
  EXPECT_EQ(c.Get("bytes_after") * 2, c.Get("bytes_before"));
  EXPECT_GT(c.Get("initializers"), 20);
  EXPECT_EQ(c.Get("constants"), 4);  // the float Constant nodes; the int64 shapes stay
  EXPECT_EQ(c.Get("nodes_kept_float32"), 0);
  for (const auto& t : model.graph().initializer()) EXPECT_NE(t.data_type(), onnx::TensorProto::FLOAT) << t.name();
  EXPECT_EQ(ElemType(model.graph().input(0)), onnx::TensorProto::FLOAT);
  for (const auto& o : model.graph().output()) {
    EXPECT_EQ(ElemType(o), onnx::TensorProto::FLOAT);
    const onnx::NodeProto* p = Producer(model.graph(), o.name());
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->op_type(), "Cast") << o.name();
  }
  EXPECT_EQ(c.Get("casts_inserted"), 3);  // tokens in; hidden and logits out
  EXPECT_EQ(graph::CheckerError(model), "");
  const compare::GateResult g = Gate(original, model, {{"batch", 2}, {"seq", 16}});
  for (const auto& o : g.outputs) EXPECT_GE(o.cosine, 0.999) << o.name;
  EXPECT_TRUE(g.passed);
}

TEST(Float16Test, NoKeepIoTypesMakesTheInterfaceFloat16) {
  const onnx::ModelProto original = Parse(ExportedEncoderModel(64, 1));
  onnx::ModelProto model = original;
  graph::FixOptions options;
  options.keep_io_types = false;
  const graph::FixChanges c = ApplyPass(kPass, model, options);
  EXPECT_EQ(c.Get("casts_inserted"), 0);
  EXPECT_EQ(ElemType(model.graph().input(0)), onnx::TensorProto::FLOAT16);
  for (const auto& o : model.graph().output()) EXPECT_EQ(ElemType(o), onnx::TensorProto::FLOAT16);
  // Runs in ORT on float16 inputs (paired and widened as `ortkit fix` pairs them).
  const std::string a = graph::SerializeModel(original), b = graph::SerializeModel(model);
  const Model reference = Model::FromBytes(a.data(), a.size(), {}, "<original>");
  const Model fixed = Model::FromBytes(b.data(), b.size(), {}, "<float16>");
  const graph::PairedInputs inputs = graph::MakePairedInputs(fixed, reference, 0);
  compare::AccuracyGate gate({});
  gate.Add(graph::WidenLikeOriginal(fixed.run(inputs.fixed), reference), reference.run(inputs.original));
  EXPECT_TRUE(gate.Result().passed);
}

TEST(Float16Test, ResizeStaysFloat32AndOutOfRangeWeightsAreClampedAndReported) {
  const onnx::ModelProto original = Parse(ResizeLayerNormModel());
  onnx::ModelProto model = original;
  const graph::FixChanges c = ApplyPass(kPass, model);
  EXPECT_EQ(c.Get("values_clamped"), 2);
  EXPECT_EQ(c.Get("values_underflowed"), 1);
  EXPECT_EQ(c.Get("nodes_kept_float32"), 1);
  const std::string details = ::testing::PrintToString(c.details);
  EXPECT_NE(details.find("'/up/Resize' (Resize): kept float32: default block list"), std::string::npos) << details;
  EXPECT_NE(details.find("initializer 'gain': 2 values beyond float16's range clamped to +-65504 (extremes -200000, "
                         "100000)"),
            std::string::npos)
      << details;
  EXPECT_NE(details.find("initializer 'gain': 1 non-zero values below"), std::string::npos) << details;
  const onnx::NodeProto* resize = Producer(model.graph(), "/up/Resize_output_0");
  ASSERT_NE(resize, nullptr);
  // Resize reads float32 (a Cast in front); its output is Cast back to float16 for LayerNormalization.
  const onnx::NodeProto* in = Producer(model.graph(), resize->input(0));
  ASSERT_NE(in, nullptr);
  EXPECT_EQ(in->op_type(), "Cast");
  for (const auto& t : model.graph().initializer()) {
    if (t.name() == "scales") {
      EXPECT_EQ(t.data_type(), onnx::TensorProto::FLOAT);  // only Resize reads it
    }
  }
  EXPECT_EQ(graph::CheckerError(model), "");
  // ORT's CPU provider loads and runs it.
  const std::string b = graph::SerializeModel(model);
  const Model fixed = Model::FromBytes(b.data(), b.size(), {}, "<float16>");
  const NamedValues out = fixed.run(workload::SeededInputs(fixed.inputs(), 0));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value.tensor().type(), ElementType::kFloat32);
}

TEST(Float16Test, BlockOpsAndExcludedNodesStayFloat32BehindCasts) {
  const onnx::ModelProto original = Parse(ExportedEncoderModel(64, 2));
  onnx::ModelProto model = original;
  graph::FixOptions options;
  options.float16_block_ops = {"Softmax"};
  options.exclude_nodes = {"/encoder/layer.0/mlp/*"};
  const graph::FixChanges c = ApplyPass(kPass, model, options);
  const std::string details = ::testing::PrintToString(c.details);
  EXPECT_NE(details.find("'/encoder/layer.1/attn/Softmax' (Softmax): kept float32: --block-op Softmax"),
            std::string::npos)
      << details;
  EXPECT_NE(details.find("'/encoder/layer.0/mlp/fc1/MatMul' (MatMul): kept float32: excluded by --exclude-nodes"),
            std::string::npos)
      << details;
  // fc1's weight is read by the excluded node only: it stays float32.
  for (const auto& t : model.graph().initializer()) {
    if (t.name() == "encoder.layer.0.mlp.fc1.weight") {
      EXPECT_EQ(t.data_type(), onnx::TensorProto::FLOAT);
    }
    if (t.name() == "encoder.layer.1.mlp.fc1.weight") {
      EXPECT_EQ(t.data_type(), onnx::TensorProto::FLOAT16);
    }
  }
  const onnx::NodeProto* softmax = Producer(model.graph(), "/encoder/layer.0/attn/probs");
  ASSERT_NE(softmax, nullptr);
  EXPECT_EQ(Producer(model.graph(), softmax->input(0))->op_type(), "Cast");
  EXPECT_EQ(graph::CheckerError(model), "");
  EXPECT_TRUE(Gate(original, model, {{"batch", 1}, {"seq", 8}}).passed);
}

TEST(Float16Test, ModelsBeforeOpset6AreLeftAsTheyAreWithTheReason) {
  // Cast took its target type as a string before opset 6 (a libFuzzer find: the pass wrote the
  // int form into an opset-1 model, which the checker then refused).
  graph::ModelBuilder b("old", 5);
  b.Input("x", ElementType::kFloat32, {1, 4})
      .Initializer("w", std::vector<float>(16, 0.5f), {4, 4})
      .Node("MatMul", {"x", "w"}, {"y"}, {}, "/fc/MatMul")
      .Output("y", ElementType::kFloat32, {1, 4});
  onnx::ModelProto model = b.proto();
  const std::string before = model.SerializeAsString();
  const graph::FixChanges c = ApplyPass(kPass, model);
  EXPECT_EQ(model.SerializeAsString(), before);
  EXPECT_EQ(c.Get("nodes_float16"), 0);
  EXPECT_NE(::testing::PrintToString(c.details).find("it imports ONNX opset 5; Cast takes an int target type from opset 6"),
            std::string::npos)
      << ::testing::PrintToString(c.details);
}

TEST(Float16Test, CustomOpsAndSubgraphsStayFloat32) {
  graph::ModelBuilder b("mixed", 17);
  onnx::GraphProto then_branch;
  then_branch.set_name("then");
  {
    auto* n = then_branch.add_node();
    n->set_op_type("Identity");
    n->add_input("x");  // an outer value read inside the branch
    n->add_output("t_out");
    auto* o = then_branch.add_output();
    o->set_name("t_out");
    o->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  }
  onnx::GraphProto else_branch = then_branch;
  else_branch.set_name("else");
  b.Input("x0", ElementType::kFloat32, {4})
      .Input("c", ElementType::kBool, {})
      .Initializer("w", std::vector<float>{1, 2, 3, 4}, {4})
      .Node("Mul", {"x0", "w"}, {"x"}, {}, "/mul/Mul")
      .Node("If", {"c"}, {"y"}, {}, "/if/If")
      .Output("y", ElementType::kFloat32, {4});
  onnx::ModelProto model = b.proto();
  auto* if_node = model.mutable_graph()->mutable_node(1);
  auto* a1 = if_node->add_attribute();
  a1->set_name("then_branch");
  a1->set_type(onnx::AttributeProto::GRAPH);
  *a1->mutable_g() = then_branch;
  auto* a2 = if_node->add_attribute();
  a2->set_name("else_branch");
  a2->set_type(onnx::AttributeProto::GRAPH);
  *a2->mutable_g() = else_branch;
  const onnx::ModelProto original = model;
  const graph::FixChanges c = ApplyPass(kPass, model);
  EXPECT_NE(::testing::PrintToString(c.details).find("'/if/If' (If): kept float32: it holds subgraphs"),
            std::string::npos);
  EXPECT_EQ(graph::CheckerError(model), "");
  ExpectSameOutputs(original, model, compare::Tolerance{1e-3, 1e-3});
}

}  // namespace
}  // namespace ortkit::testing
