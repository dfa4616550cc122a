// GuardedSchemas: inference functions that ONNX 1.12 runs on trust get a precondition; a node that
// breaks it is an inference error, never a SIGSEGV, in every path that runs ONNX shape inference
// (check, inspect --nodes, extract). Without the guard each of these tests dies of SIGSEGV (or an
// ASan report) instead of failing an expectation.
#include "graph/guarded_schemas.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <onnx/shape_inference/implementation.h>

#include "graph/check_engine.h"
#include "graph/extract.h"
#include "graph/inferred_types.h"
#include "graph/model_builder.h"
#include "onnx_test_util.h"

namespace ortkit::graph {
namespace {

// y = ConvTranspose(x[1,1,4,4], w), w an initializer of `w_shape` (or, with `flatten`, w4[1,1,2,2]
// through Flatten: rank 2 that only inference knows, no declaration says it).
onnx::ModelProto ConvTransposeModel(const Shape& w_shape, bool kernel_shape_attr = false, bool flatten = false) {
  ModelBuilder b("convtranspose");
  b.Input("x", ElementType::kFloat32, {1, 1, 4, 4});
  std::vector<Attr> attrs;
  if (kernel_shape_attr) attrs.push_back(Attr::Ints("kernel_shape", {2, 2}));
  if (flatten) {
    b.Initializer("w4", std::vector<float>(4, 0.5f), {1, 1, 2, 2});
    b.Node("Flatten", {"w4"}, {"w"}, {}, "flatten");
  } else {
    int64_t count = 1;
    for (const int64_t d : w_shape) count *= d;
    b.Initializer("w", std::vector<float>(static_cast<std::size_t>(count), 0.5f), w_shape);
  }
  b.Node("ConvTranspose", {"x", "w"}, {"y"}, attrs, "deconv");
  b.Output("y", ElementType::kFloat32, {1});
  b.proto().mutable_graph()->mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
  return b.proto();
}

std::string OutputType(const onnx::ModelProto& model) {
  return ortkit::testing::TypeString(model.graph().output(0).type());
}

TEST(GuardedSchemasTest, AValidConvTransposeIsInferredAsByOnnx) {
  onnx::ModelProto model = ConvTransposeModel({1, 1, 2, 2});
  onnx::shape_inference::InferShapes(model, GuardedSchemas(),
                                     onnx::ShapeInferenceOptions(/*check_type=*/true, /*error_mode=*/1));
  EXPECT_EQ(OutputType(model), "float32[1,1,5,5]");
}

TEST(GuardedSchemasTest, AWeightOfRankTwoIsAnInferenceErrorNamingTheNode) {
  const InferenceResult result = InferForChecks(ConvTransposeModel({1, 1}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].find("deconv"), std::string::npos) << result.errors[0];
  EXPECT_NE(result.errors[0].find("ConvTranspose: the weight has rank 2, the input rank 4"), std::string::npos)
      << result.errors[0];
}

TEST(GuardedSchemasTest, AWeightOfRankOneCannotGiveTheOutputChannels) {
  const InferenceResult result = InferForChecks(ConvTransposeModel({4}));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].find("ConvTranspose: the weight has rank 1; it must be (C x M/group x k1 .. kn)"),
            std::string::npos)
      << result.errors[0];
}

// Found by CI's 30-second model_check run: ONNX's 1-D ConvTranspose test model with X's spatial
// axis cut off. A kernel dim more than the spatial axes makes ONNX index an empty dilations list.
TEST(GuardedSchemasTest, AWeightWithMoreKernelDimsThanTheInputHasAxesIsRefused) {
  ModelBuilder b("convtranspose_1d", 11, 6);
  b.Input("X", ElementType::kFloat32, {1, 3}).Input("W", ElementType::kFloat32, {1, 2, 3});
  b.Node("ConvTranspose", {"X", "W"}, {"Y"}).Output("Y", ElementType::kFloat32, {1, 2, 5});
  const InferenceResult result = InferForChecks(b.proto());
  ASSERT_FALSE(result.errors.empty());
  EXPECT_NE(result.errors[0].find("ConvTranspose: the weight has rank 3, the input rank 2"), std::string::npos)
      << result.errors[0];
}

TEST(GuardedSchemasTest, TheRankInferenceDerivedIsJudgedNotOnlyTheDeclaredOne) {
  const InferenceResult result = InferForChecks(ConvTransposeModel({}, false, /*flatten=*/true));
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_NE(result.errors[0].find("the weight has rank 2"), std::string::npos) << result.errors[0];
  // The lenient pass still typed what it could: Flatten's output.
  bool flatten_typed = false;
  for (const auto& v : result.model.graph().value_info()) flatten_typed |= v.name() == "w";
  EXPECT_TRUE(flatten_typed);
}

TEST(GuardedSchemasTest, KernelShapeMakesAShortWeightAcceptableToOnnx) {
  // ONNX reads the kernel from the attribute then, and W's dim 1 only: no crash to guard against.
  const InferenceResult result = InferForChecks(ConvTransposeModel({1, 1, 2}, /*kernel_shape_attr=*/true));
  for (const std::string& e : result.errors) EXPECT_EQ(e.find("ConvTranspose: the weight"), std::string::npos) << e;
}

TEST(GuardedSchemasTest, InspectAndExtractSurviveTheSameModel) {
  const std::string bytes = SerializeModel(ConvTransposeModel({1, 1}));
  const InferredTypes types = InferValueTypes(bytes, "m.onnx", 1024);
  EXPECT_TRUE(types.error.empty()) << types.error;  // lenient: the node is skipped, not the model
  const onnx::ModelProto inferred = WithInferredShapes(ConvTransposeModel({1, 1}));
  EXPECT_EQ(inferred.graph().node_size(), 1);
}

// Found by a local run of the model_check target: a pytorch-0.3 Gemm (opset 6) whose B input has
// rank 1; Gemm-6's inference reads B's second dim regardless (SIGSEGV).
TEST(GuardedSchemasTest, AGemmOfOpsetSixWithAVectorForBIsRefused) {
  ModelBuilder b("gemm6", 6, 3);
  b.Input("a", ElementType::kFloat32, {2, 3}).Input("b", ElementType::kFloat32, {4}).Input("c", ElementType::kFloat32, {4});
  b.Node("Gemm", {"a", "b", "c"}, {"y"}, {Attr::Int("broadcast", 1)}, "gemm").Output("y", ElementType::kFloat32, {2, 4});
  const InferenceResult result = InferForChecks(b.proto());
  ASSERT_FALSE(result.errors.empty());
  EXPECT_NE(result.errors[0].find("Gemm: input B has rank 1; Gemm multiplies matrices (rank 2)"), std::string::npos)
      << result.errors[0];
}

// y = STFT(signal, frame_step = 8, window[16]), the way torch.stft exports with a window.
onnx::ModelProto StftModel(const ShapeArg& signal_shape) {
  ModelBuilder b("stft");
  b.Input("signal", ElementType::kFloat32, signal_shape);
  b.Initializer("frame_step", std::vector<int64_t>{8}, {});
  b.Initializer("window", std::vector<float>(16, 1.0f), {16});
  b.Node("STFT", {"signal", "frame_step", "window"}, {"y"}, {Attr::Int("onesided", 1)}, "/stft/STFT");
  b.Output("y", ElementType::kFloat32, {1});
  b.proto().mutable_graph()->mutable_output(0)->mutable_type()->mutable_tensor_type()->clear_shape();
  return b.proto();
}

TEST(GuardedSchemasTest, AnStftOfABatchOfSignalsIsInferredAsByOnnx) {
  const InferenceResult result = InferForChecks(StftModel(Shape{1, 128, 1}));
  EXPECT_TRUE(result.errors.empty()) << result.errors[0];
  EXPECT_EQ(OutputType(result.model), "float32[1,15,9,2]");
}

// Found by CI's model_summary run: ONNX's test_stft_with_window with the signal's shape mutated to
// rank 0. STFT-17's inference in ONNX 1.12 reads the signal's dim 1 whatever its rank.
TEST(GuardedSchemasTest, AnStftOfASignalBelowRankTwoIsRefusedNamingTheNode) {
  for (const Shape& shape : {Shape{}, Shape{128}}) {
    const InferenceResult result = InferForChecks(StftModel(shape));
    ASSERT_EQ(result.errors.size(), 1u) << shape.size();
    EXPECT_NE(result.errors[0].find("/stft/STFT"), std::string::npos) << result.errors[0];
    EXPECT_NE(result.errors[0].find("STFT: the signal has rank " + std::to_string(shape.size()) + "; it must be"),
              std::string::npos)
        << result.errors[0];
  }
}

TEST(GuardedSchemasTest, OpsWithoutAGuardGetOnnxsOwnSchema) {
  EXPECT_EQ(GuardedSchemas()->GetSchema("Add", 17, ""), onnx::OpSchemaRegistry::Schema("Add", 17, ""));
  EXPECT_NE(GuardedSchemas()->GetSchema("ConvTranspose", 17, ""), onnx::OpSchemaRegistry::Schema("ConvTranspose", 17, ""));
  // One guarded copy per schema version, handed out every time.
  EXPECT_EQ(GuardedSchemas()->GetSchema("ConvTranspose", 17, ""), GuardedSchemas()->GetSchema("ConvTranspose", 13, ""));
  EXPECT_EQ(GuardedSchemas()->GetSchema("NoSuchOp", 17, ""), nullptr);
}

}  // namespace
}  // namespace ortkit::graph
