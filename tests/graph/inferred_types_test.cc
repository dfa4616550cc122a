// InferValueTypes and SummarizeModel's inferred output types: shapes through big weights, the
// keep limit for shape-deciding constants, and inference failures reported rather than thrown.
#include "graph/inferred_types.h"

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "graph/model_summary.h"
#include "summary_test_models.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

// "output: type" for every node output of the main graph, in order.
std::vector<std::string> NodeOutputTypes(const std::string& bytes, uint64_t keep = 1024) {
  SummaryOptions options;
  options.infer_shapes = true;
  options.keep_payload_bytes = keep;
  const ModelSummary s = SummarizeModelBytes(bytes, "m.onnx", options);
  EXPECT_TRUE(s.shapes_inferred);
  std::vector<std::string> out;
  for (const NodeSummary& n : s.main_graph().nodes) {
    for (std::size_t i = 0; i < n.outputs.size(); ++i) out.push_back(n.outputs[i] + ": " + DescribeType(n.output_types[i]));
  }
  return out;
}

TEST(InferredTypesTest, ShapesFlowThroughWeightsWhosePayloadWasStripped) {
  // w is 1 MiB: stripped, yet its dims still give MatMul's output shape.
  EXPECT_EQ(NodeOutputTypes(SerializeModel(ortkit::testing::WeightsModel(512))),
            (std::vector<std::string>{"h: float32[batch,512]", "y: float32[batch,512]"}));
}

TEST(InferredTypesTest, ConvNetShapesAreInferredForEveryNode) {
  for (const std::string& line : NodeOutputTypes(ortkit::testing::ConvNetModel())) {
    EXPECT_EQ(line.find('?'), std::string::npos) << line;
  }
}

onnx::ModelProto ReshapeModel() {
  ModelBuilder b("reshape");
  b.Input("x", ElementType::kFloat32, {6})
      .Initializer("shape", std::vector<int64_t>{2, 3}, {2})
      .Node("Reshape", {"x", "shape"}, {"y"}, {}, "reshape")
      .Output("y", ElementType::kFloat32, {2, 3});
  // No declared output shape: what is shown is what inference found.
  b.proto().mutable_graph()->mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
  return b.proto();
}

TEST(InferredTypesTest, SmallConstantsKeepTheirValuesForInference) {
  EXPECT_EQ(NodeOutputTypes(SerializeModel(ReshapeModel())), std::vector<std::string>{"y: float32[2,3]"});
}

TEST(InferredTypesTest, ConstantsOverTheKeepLimitLeaveOnlyWhatTheirDimsTell) {
  // The shape tensor's 16 bytes are stripped: ONNX leaves the output's shape unknown (the stripped
  // tensor is marked external; as an empty tensor it would have been read as the shape []).
  EXPECT_EQ(NodeOutputTypes(SerializeModel(ReshapeModel()), 8), std::vector<std::string>{"y: float32"});
}

TEST(InferredTypesTest, SubgraphValuesAreInferredPerGraph) {
  const InferredTypes types = InferValueTypes(SerializeModel(ortkit::testing::NestedIfModel()), "m.onnx", 1024);
  EXPECT_EQ(types.error, "");
  ASSERT_EQ(types.graphs.count("outer_if.then_branch"), 1u);
  EXPECT_EQ(DescribeType(types.graphs.at("outer_if.then_branch").at("y_then")), "float32[2]");
  EXPECT_EQ(DescribeType(types.graphs.at("outer_if.else_branch/If#0.else_branch").at("b")), "float32[2]");
  EXPECT_EQ(DescribeType(types.graphs.at("").at("y")), "float32[2]");
}

TEST(InferredTypesTest, UnknownOpsLeaveTheirOutputsUnknownWithoutAnError) {
  const InferredTypes types = InferValueTypes(ortkit::testing::UnknownOpModel(), "m.onnx", 1024);
  EXPECT_EQ(types.error, "");
}

// A declared output that contradicts what inference finds stops ONNX's inference with an error;
// the summary keeps what it has and says why.
TEST(InferredTypesTest, InferenceErrorsAreReportedNotThrown) {
  ModelBuilder b("bad");
  b.Input("x", ElementType::kFloat32, {2}).Node("Identity", {"x"}, {"y"}).Output("y", ElementType::kFloat32, {3});
  SummaryOptions options;
  options.infer_shapes = true;
  const ModelSummary s = SummarizeModelBytes(b.Serialize(), "m.onnx", options);
  EXPECT_TRUE(s.shapes_inferred);
  EXPECT_EQ(s.inference_error,
            "[ShapeInferenceError] (op_type:Identity): [ShapeInferenceError] Inferred shape and existing shape differ "
            "in dimension 0: (2) vs (3)");
  EXPECT_EQ(DescribeType(s.main_graph().nodes[0].output_types[0]), "float32[3]");  // as declared
}

TEST(InferredTypesTest, TypesFromProtoSpellNonTensorsLikeTheScanner) {
  onnx::TypeProto map;
  map.mutable_map_type()->set_key_type(onnx::TensorProto::INT64);
  map.mutable_map_type()->mutable_value_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  EXPECT_EQ(DescribeType(ValueTypeFromProto(map)), "map(int64,float32)");
  onnx::TypeProto optional;
  auto* elem = optional.mutable_optional_type()->mutable_elem_type()->mutable_tensor_type();
  elem->set_elem_type(onnx::TensorProto::INT32);
  elem->mutable_shape()->add_dim()->set_dim_param("n");
  EXPECT_EQ(DescribeType(ValueTypeFromProto(optional)), "optional(int32[n])");
  onnx::TypeProto sparse;
  sparse.mutable_sparse_tensor_type()->set_elem_type(onnx::TensorProto::DOUBLE);
  sparse.mutable_sparse_tensor_type()->mutable_shape()->add_dim()->set_dim_value(5);
  EXPECT_EQ(DescribeType(ValueTypeFromProto(sparse)), "sparse_tensor(float64)[5]");
  EXPECT_EQ(DescribeType(ValueTypeFromProto(onnx::TypeProto())), "?");
}

}  // namespace
}  // namespace ortkit::graph
