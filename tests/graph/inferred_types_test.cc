// InferValueTypes and SummarizeModel's inferred output types: shapes through big weights, the
// keep limit for shape-deciding constants, and inference failures reported rather than thrown.
#include "graph/inferred_types.h"

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "graph/inference_guard.h"
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

// Shape of x feeds Reshape of z: only ONNX's data propagation knows the result is [2,3].
// With `custom_op`, Shape reads the output of an op inference can't type instead.
onnx::ModelProto ShapeToReshapeModel(bool custom_op) {
  ModelBuilder b("shape_to_reshape");
  b.Input("x", ElementType::kFloat32, {2, 3}).Input("z", ElementType::kFloat32, {6}).Opset("my.domain", 1);
  if (custom_op) b.Node("MyOp", {"x"}, {"c"}, {}, "custom", "my.domain");
  b.Node("Shape", {custom_op ? "c" : "x"}, {"s"}, {}, "shape")
      .Node("Reshape", {"z", "s"}, {"y"}, {}, "reshape")
      .Output("y", ElementType::kFloat32, {2, 3});
  b.proto().mutable_graph()->mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
  return b.proto();
}

TEST(InferredTypesTest, DataPropagationCarriesShapeIntoReshape) {
  EXPECT_EQ(NodeOutputTypes(SerializeModel(ShapeToReshapeModel(false))),
            (std::vector<std::string>{"s: int64[2]", "y: float32[2,3]"}));
}

// Found by the model_summary fuzz target: ONNX 1.12's data propagation for Shape dereferences
// the input's type unchecked, and a custom op's output has none: `inspect --nodes` and `check`
// died of SIGSEGV. Such models are now inferred without data propagation.
TEST(InferredTypesTest, ShapeOfACustomOpOutputDoesNotCrashInference) {
  const std::vector<std::string> types = NodeOutputTypes(SerializeModel(ShapeToReshapeModel(true)));
  ASSERT_EQ(types.size(), 3u);
  EXPECT_EQ(types[1], "s: int64[?]");
  EXPECT_EQ(types[2].rfind("y: float32", 0), 0u) << types[2];
  const InferenceResult checked = InferForChecks(ShapeToReshapeModel(true));
  EXPECT_EQ(checked.model.graph().node_size(), 3);
}

// Found by CI's model_check run (from ONNX's test_shape_start_1_end_2 with x's type gone): the same
// crash for a graph input declared without a type. The guard took the empty type ONNX's own
// inference leaves on such an input for a declared one.
TEST(InferredTypesTest, ShapeOfAnUntypedGraphInputDoesNotCrashInference) {
  ModelBuilder b("shape_of_untyped", 15, 8);
  b.Input("x", ElementType::kFloat32, {3, 4, 5}).Node("Shape", {"x"}, {"y"}, {}, "shape").Output("y", ElementType::kInt64, {3});
  b.proto().mutable_graph()->mutable_input(0)->clear_type();
  EXPECT_FALSE(DataPropagationIsSafe(b.proto()));
  const InferenceResult checked = InferForChecks(b.proto());
  EXPECT_EQ(checked.model.graph().node_size(), 1);
  const std::vector<std::string> types = NodeOutputTypes(SerializeModel(b.proto()));
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0], "y: int64[3]");  // as declared: inference knows no rank for x
}

// Found by the model_summary and model_check fuzz targets: ONNX 1.12's Scan inference reads the
// required attribute num_scan_inputs without checking it is there (SIGSEGV). Nodes that break
// their schema so now stop inference before it starts, reported as its error.
TEST(InferredTypesTest, ANodeMissingARequiredAttributeIsReportedNotInferred) {
  ModelBuilder body("body");
  body.Input("sum_in", ElementType::kFloat32, {2}).Input("x_t", ElementType::kFloat32, {2});
  body.Node("Add", {"sum_in", "x_t"}, {"sum_out"}, {}, "add").Output("sum_out", ElementType::kFloat32, {2});
  ModelBuilder b("scan");
  b.Input("init", ElementType::kFloat32, {2}).Input("xs", ElementType::kFloat32, {3, 2});
  b.Node("Scan", {"init", "xs"}, {"sum"}, {}, "scan").Output("sum", ElementType::kFloat32, {2});
  auto* attr = b.proto().mutable_graph()->mutable_node(0)->add_attribute();
  attr->set_name("body");
  attr->set_type(onnx::AttributeProto::GRAPH);
  *attr->mutable_g() = body.proto().graph();  // no num_scan_inputs

  SummaryOptions options;
  options.infer_shapes = true;
  const ModelSummary s = SummarizeModelBytes(SerializeModel(b.proto()), "m.onnx", options);
  EXPECT_EQ(s.inference_error,
            "ONNX shape inference was not run: node 'scan' (Scan): required attribute 'num_scan_inputs' is missing");
  const InferenceResult checked = InferForChecks(b.proto());
  EXPECT_EQ(checked.errors, std::vector<std::string>{s.inference_error});
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
