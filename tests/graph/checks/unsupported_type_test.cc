// Rule ORTKIT003 (unsupported-type), and the kernel gaps only loading in ORT finds.
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

onnx::ModelProto Unary(const std::string& op, ElementType type, int64_t opset = 17) {
  ModelBuilder b("unary", opset);
  b.Input("d", type, {4}).Node(op, {"d"}, {"y"}, {}, "node").Output("y", type, {4});
  return b.proto();
}

onnx::ModelProto BoolAdd(int64_t opset = 17) {
  ModelBuilder b("bool_add", opset);
  b.Input("d", ElementType::kBool, {4})
      .Input("e", ElementType::kBool, {4})
      .Node("Add", {"d", "e"}, {"y"}, {}, "addb")
      .Output("y", ElementType::kBool, {4});
  return b.proto();
}

std::string OrtLoadError(const onnx::ModelProto& model) {
  const std::string bytes = graph::SerializeModel(model);
  try {
    Model::FromBytes(bytes.data(), bytes.size());
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(UnsupportedTypeRuleTest, BoolIntoAddIsAnErrorListingWhatAddAccepts) {
  const auto found = FindingsOf(CheckModel(BoolAdd()), "ORTKIT003");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_EQ(f.location, "addb");
  EXPECT_EQ(f.message, "Add node 'addb': input 'd' is tensor(bool), but Add-14 accepts T in {tensor(uint8), "
                       "tensor(uint16), tensor(uint32), tensor(uint64), tensor(int8), tensor(int16), tensor(int32), "
                       "tensor(int64), tensor(float16), tensor(float), tensor(double), tensor(bfloat16)}");
  EXPECT_EQ(f.why, "ONNX Runtime refuses the graph at load: \"Type Error: Type 'tensor(bool)' of input parameter (d) "
                   "of operator (Add) in node (addb) is invalid.\"");
}

TEST(UnsupportedTypeRuleTest, TheQuotedOrtErrorIsWhatOrtSays) {
  const auto found = FindingsOf(CheckModel(BoolAdd()), "ORTKIT003");
  ASSERT_EQ(found.size(), 1u);
  const std::string quote = found[0].why.substr(found[0].why.find('"') + 1, found[0].why.size() - found[0].why.find('"') - 2);
  EXPECT_NE(OrtLoadError(BoolAdd()).find(quote), std::string::npos) << quote;
}

TEST(UnsupportedTypeRuleTest, AFixedFormalTypeIsTheOnlyOneAccepted) {
  ModelBuilder b("reshape");
  b.Input("x", ElementType::kFloat32, {2, 3})
      .Input("shape", ElementType::kInt32, {1})
      .Node("Reshape", {"x", "shape"}, {"y"}, {}, "reshape")
      .Output("y", ElementType::kFloat32, {6});
  const auto found = FindingsOf(CheckModel(b.proto()), "ORTKIT003");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "Reshape node 'reshape': input 'shape' is tensor(int32), but Reshape-14 accepts only "
                              "{tensor(int64)}");
}

TEST(UnsupportedTypeRuleTest, AcceptedTypesAreFine) {
  EXPECT_TRUE(FindingsOf(CheckModel(Unary("Relu", ElementType::kFloat32)), "ORTKIT003").empty());
}

// Past opset 17 ortkit's ONNX schemas may lack types added since, so only the load judges.
TEST(UnsupportedTypeRuleTest, OpsetsNewerThanOrtkitsSchemasAreLeftToTheLoad) {
  EXPECT_TRUE(FindingsOf(CheckModel(BoolAdd(21)), "ORTKIT003").empty());
  const auto found = FindingsOf(CheckModel(BoolAdd(21), WithOrt()), "ORTKIT003");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, "addb");
  EXPECT_EQ(found[0].message, "Add node 'addb': input 'd' is tensor(bool), which the op does not accept (found by "
                              "loading in ONNX Runtime)");
}

// Relu-14 allows int16 in ONNX, but ORT's CPU provider has no such kernel.
TEST(UnsupportedTypeRuleTest, AKernelGapIsFoundByLoadingAndFiledHere) {
  EXPECT_TRUE(FindingsOf(CheckModel(Unary("Relu", ElementType::kInt16)), "ORTKIT003").empty());
  const CheckReport report = CheckModel(Unary("Relu", ElementType::kInt16), WithOrt());
  EXPECT_EQ(report.loads_in_ort, false);
  const auto found = FindingsOf(report, "ORTKIT003");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, "node");
  EXPECT_EQ(found[0].message, "Relu node 'node': ONNX Runtime's cpu provider has no Relu-14 kernel for its input "
                              "types, although the ONNX schema allows them (found by loading in ONNX Runtime)");
  EXPECT_EQ(found[0].why, "session creation fails (\"Could not find an implementation for Relu(14) node with name "
                          "'node'\"); ONNX Runtime's kernels cover fewer types than the schemas allow");
}

}  // namespace
}  // namespace ortkit::testing
