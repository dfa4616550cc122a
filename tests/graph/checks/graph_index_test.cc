// GraphIndex: producers, consumers (implicit subgraph reads included), types after inference,
// locations with subgraph paths, topological order and distances to the outputs.
#include "graph/graph_index.h"

#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "graph/model_builder.h"

namespace ortkit::testing {
namespace {

using graph::GraphIndex;
using graph::ModelBuilder;

// a -> Relu(r1) -> b -> Neg(n1) -> c (output); a -> Abs(dead) -> d (read by nothing).
onnx::ModelProto Chain() {
  ModelBuilder b("chain");
  b.Input("a", ElementType::kFloat32, {"n"})
      .Node("Relu", {"a"}, {"b"}, {}, "r1")
      .Node("Neg", {"b"}, {"c"}, {}, "n1")
      .Node("Abs", {"a"}, {"d"}, {}, "dead")
      .Output("c", ElementType::kFloat32, {"n"});
  return b.proto();
}

TEST(GraphIndexTest, ProducersAndConsumersOfTheMainGraph) {
  const onnx::ModelProto model = Chain();
  const GraphIndex index(model);
  ASSERT_EQ(index.graphs().size(), 1u);
  const graph::GraphInfo& g = index.main();
  EXPECT_EQ(g.producer.at("b"), 0);
  EXPECT_EQ(g.producer.at("c"), 1);
  EXPECT_EQ(g.producer.count("a"), 0u);
  EXPECT_EQ(g.consumers.at("a"), (std::vector<int>{0, 2}));
  EXPECT_EQ(g.consumers.at("b"), (std::vector<int>{1}));
  EXPECT_EQ(g.consumers.count("d"), 0u);
  EXPECT_TRUE(g.inputs.count("a"));
  EXPECT_TRUE(g.outputs.count("c"));
}

TEST(GraphIndexTest, HopsToOutputCountNodesBetweenAndMarkDeadNodes) {
  const onnx::ModelProto model = Chain();
  const GraphIndex index(model);
  EXPECT_EQ(index.main().hops_to_output, (std::vector<int>{1, 0, -1}));
}

TEST(GraphIndexTest, TopologicalOrderPutsProducersFirstEvenWhenTheFileDoesNot) {
  ModelBuilder b("unordered");
  b.Input("a", ElementType::kFloat32, {2})
      .Node("Neg", {"b"}, {"c"}, {}, "second")
      .Node("Relu", {"a"}, {"b"}, {}, "first")
      .Output("c", ElementType::kFloat32, {2});
  const GraphIndex index(b.proto());
  EXPECT_TRUE(index.main().acyclic);
  EXPECT_EQ(index.main().topological_order, (std::vector<int>{1, 0}));
}

TEST(GraphIndexTest, ACycleLeavesItsNodesUnorderedAndIsFlagged) {
  ModelBuilder b("cycle");
  b.Input("a", ElementType::kFloat32, {2})
      .Node("Add", {"a", "c"}, {"b"}, {}, "add")
      .Node("Neg", {"b"}, {"c"}, {}, "neg")
      .Output("c", ElementType::kFloat32, {2});
  const GraphIndex index(b.proto());
  EXPECT_FALSE(index.main().acyclic);
  EXPECT_TRUE(index.main().topological_order.empty());
}

TEST(GraphIndexTest, SubgraphsGetAPathAndTheirOuterReadsCountForTheOwningNode) {
  const onnx::ModelProto model = LoopModel();
  const GraphIndex index(model);
  ASSERT_EQ(index.graphs().size(), 2u);
  const graph::GraphInfo& body = index.graphs()[1];
  EXPECT_EQ(body.path, "loop/body");
  EXPECT_EQ(body.parent, 0);
  EXPECT_EQ(body.owner_node, 0);
  EXPECT_EQ(index.NodeLocation(1, 1), "loop/body/add");
  EXPECT_EQ(index.TensorLocation(1, "v_in"), "loop/body/v_in");
  EXPECT_EQ(index.GraphLocation(1), "loop/body");
  EXPECT_EQ(index.GraphLocation(0), "loop_graph");
  // The body reads x from the main graph: the Loop node counts as reading it (twice is once).
  EXPECT_EQ(index.main().implicit_inputs[0], std::vector<std::string>{"x"});
  EXPECT_EQ(index.main().consumers.at("x"), std::vector<int>{0});
  // A type lookup from the body falls back to the enclosing graph.
  ASSERT_NE(index.TypeOf(1, "x"), nullptr);
  EXPECT_EQ(index.TypeOf(1, "x")->tensor_type().elem_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(index.TypeOf(0, "v_in"), nullptr);
}

TEST(GraphIndexTest, TypesComeFromInferenceAndInitializers) {
  ModelBuilder b("typed");
  b.Input("x", ElementType::kFloat32, {"batch", 3})
      .Initializer("w", std::vector<double>{1, 2, 3}, Shape{3})
      .Node("Cast", {"x"}, {"x64"}, {graph::Attr::Int("to", 11)}, "cast")
      .Node("Mul", {"x64", "w"}, {"y"}, {}, "mul")
      .Output("y", ElementType::kFloat64, {"batch", 3});
  const graph::InferenceResult inferred = graph::InferForChecks(b.proto());
  EXPECT_TRUE(inferred.errors.empty());
  const GraphIndex index(inferred.model);
  ASSERT_NE(index.TypeOf(0, "x64"), nullptr);  // an intermediate: known only through inference
  EXPECT_EQ(index.TypeOf(0, "x64")->tensor_type().elem_type(), onnx::TensorProto::DOUBLE);
  EXPECT_EQ(index.TypeOf(0, "x64")->tensor_type().shape().dim(0).dim_param(), "batch");
  ASSERT_NE(index.TypeOf(0, "w"), nullptr);
  EXPECT_EQ(index.TypeOf(0, "w")->tensor_type().shape().dim(0).dim_value(), 3);
  EXPECT_EQ(index.TypeOf(0, "nothing"), nullptr);
}

TEST(GraphIndexTest, UnnamedNodesAreNamedByOpAndPosition) {
  ModelBuilder b("anon");
  b.Input("a", ElementType::kFloat32, {2}).Node("Relu", {"a"}, {"b"}).Output("b", ElementType::kFloat32, {2});
  b.proto().mutable_graph()->clear_name();
  const GraphIndex index(b.proto());
  EXPECT_EQ(index.NodeLocation(0, 0), "(unnamed Relu #0)");
  EXPECT_EQ(index.GraphLocation(0), "(main graph)");
}

TEST(GraphIndexTest, OpsetsTreatAiOnnxAsTheDefaultDomain) {
  ModelBuilder b("opsets", 15);
  b.Opset("ai.onnx.ml", 3).Opset("com.example", 2);
  const GraphIndex index(b.proto());
  EXPECT_EQ(index.Opset(""), 15);
  EXPECT_EQ(index.Opset("ai.onnx"), 15);
  EXPECT_EQ(index.Opset("ai.onnx.ml"), 3);
  EXPECT_EQ(index.Opset("com.example"), 2);
  EXPECT_EQ(index.Opset("com.other"), std::nullopt);
  EXPECT_EQ(graph::DomainLabel(""), "ai.onnx");
  EXPECT_EQ(graph::CanonicalDomain("ai.onnx"), "");
}

TEST(GraphIndexTest, InferenceErrorsAreKept) {
  const onnx::ModelProto model = Chain();  // the index points into it: it must outlive the index
  const GraphIndex index(model, {"first", "second"});
  EXPECT_EQ(index.inference_errors(), (std::vector<std::string>{"first", "second"}));
}

}  // namespace
}  // namespace ortkit::testing
