// Tests of the wire-format reader of node names and op types.
#include "core/graph_node_reader.h"

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "ortkit/error.h"

namespace ortkit::core {
namespace {

using graph::Attr;
using graph::ModelBuilder;

void AddGraphAttribute(onnx::NodeProto& node, const std::string& name, const onnx::GraphProto& graph) {
  onnx::AttributeProto* attribute = node.add_attribute();
  attribute->set_name(name);
  attribute->set_type(onnx::AttributeProto::GRAPH);
  *attribute->mutable_g() = graph;
}

TEST(GraphNodeReaderTest, ReadsNamesAndOpTypesInFileOrder) {
  ModelBuilder b("g");
  b.Input("x", ElementType::kFloat32, {2})
      .Output("y", ElementType::kFloat32, {2})
      .Initializer("w", std::vector<float>{1, 2}, {2})
      .Node("Mul", {"x", "w"}, {"m"}, {}, "scale")
      .Node("Relu", {"m"}, {"y"}, {Attr::Float("unused", 1.0f)});
  const std::vector<GraphNode> expected = {{"scale", "Mul"}, {"", "Relu"}};
  EXPECT_EQ(ReadGraphNodes(b.Serialize(), "m.onnx"), expected);
}

TEST(GraphNodeReaderTest, SubgraphNodesFollowTheirNode) {
  ModelBuilder then_branch("then");
  then_branch.Output("t", ElementType::kFloat32, {2}).Node("Identity", {"x"}, {"t"}, {}, "then_id");
  ModelBuilder else_branch("else");
  else_branch.Output("e", ElementType::kFloat32, {2}).Node("Neg", {"x"}, {"e"}, {}, "else_neg");
  ModelBuilder b("g");
  b.Input("c", ElementType::kBool, {})
      .Input("x", ElementType::kFloat32, {2})
      .Output("y", ElementType::kFloat32, {2})
      .Node("If", {"c"}, {"i"}, {}, "branch")
      .Node("Relu", {"i"}, {"y"}, {}, "after");
  onnx::NodeProto& branch = *b.proto().mutable_graph()->mutable_node(0);
  AddGraphAttribute(branch, "then_branch", then_branch.proto().graph());
  AddGraphAttribute(branch, "else_branch", else_branch.proto().graph());
  const std::vector<GraphNode> expected = {
      {"branch", "If"}, {"then_id", "Identity"}, {"else_neg", "Neg"}, {"after", "Relu"}};
  EXPECT_EQ(ReadGraphNodes(b.Serialize(), "m.onnx"), expected);
}

TEST(GraphNodeReaderTest, TruncatedBytesAreAnError) {
  ModelBuilder b("g");
  b.Input("x", ElementType::kFloat32, {2}).Output("y", ElementType::kFloat32, {2}).Node("Relu", {"x"}, {"y"});
  const std::string bytes = b.Serialize();
  try {
    ReadGraphNodes(bytes.substr(0, bytes.size() - 3), "m.onnx");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()).rfind("while reading the graph of 'm.onnx': malformed protobuf at byte ", 0), 0u)
        << e.what();
  }
}

TEST(GraphNodeReaderTest, UnknownWireTypeIsAnError) {
  try {
    ReadGraphNodes(std::string("\x0f\x01", 2), "m.onnx");  // field 1, wire type 7
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "while reading the graph of 'm.onnx': malformed protobuf at byte 1");
  }
}

}  // namespace
}  // namespace ortkit::core
