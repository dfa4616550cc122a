// The demo model: valid ONNX with its documented signature and its deliberate deployment problems.
#include "graph/demo_model.h"

#include <cstring>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "onnx_test_util.h"

namespace ortkit::graph {
namespace {

using ortkit::testing::TypeString;

const onnx::ModelProto& Demo() {
  static const onnx::ModelProto model = MakeDemoModel();
  return model;
}

const onnx::TensorProto* FindInitializer(const std::string& name) {
  for (const onnx::TensorProto& t : Demo().graph().initializer()) {
    if (t.name() == name) return &t;
  }
  return nullptr;
}

TEST(DemoModelTest, PassesTheCheckerAndStrictShapeInference) {
  EXPECT_NO_THROW(ortkit::testing::FullCheck(Demo()));
}

TEST(DemoModelTest, InfersItsDocumentedOutputs) {
  const onnx::ModelProto inferred = ortkit::testing::InferOutputShapes(Demo());
  EXPECT_EQ(ortkit::testing::SignatureString(inferred.graph().output()),
            "probabilities: float32[batch,10]; scores: float32[batch,3]; classes: int64[batch,3]");
  EXPECT_EQ(inferred.graph().input(0).name(), "image");
  EXPECT_EQ(TypeString(inferred.graph().input(0).type()), "float32[batch,3,64,64]");
}

TEST(DemoModelTest, ListsEveryConvAndGemmWeightAsAGraphInput) {
  std::set<std::string> inputs;
  for (const onnx::ValueInfoProto& v : Demo().graph().input()) inputs.insert(v.name());
  int weights = 0;
  for (const onnx::NodeProto& node : Demo().graph().node()) {
    if (node.op_type() != "Conv" && node.op_type() != "Gemm") continue;
    for (int i = 1; i < node.input_size(); ++i) {
      ++weights;
      EXPECT_NE(FindInitializer(node.input(i)), nullptr) << node.input(i);
      EXPECT_EQ(inputs.count(node.input(i)), 1u) << node.input(i) << " is not a graph input";
    }
  }
  EXPECT_EQ(weights, 8);  // 3 convs and 1 gemm, weight and bias each
  EXPECT_EQ(inputs.size(), 9u);
}

TEST(DemoModelTest, RunsItsSoftmaxInFloat64WithADoubleTemperature) {
  const onnx::TensorProto* temperature = FindInitializer("temperature");
  ASSERT_NE(temperature, nullptr);
  EXPECT_EQ(temperature->data_type(), onnx::TensorProto::DOUBLE);
  int casts_to_double = 0;
  for (const onnx::NodeProto& node : Demo().graph().node()) {
    if (node.op_type() == "Cast" && node.attribute(0).i() == onnx::TensorProto::DOUBLE) ++casts_to_double;
  }
  EXPECT_EQ(casts_to_double, 1);
}

TEST(DemoModelTest, PostProcessesWithTopKOfThree) {
  const onnx::NodeProto& last = Demo().graph().node(Demo().graph().node_size() - 1);
  EXPECT_EQ(last.op_type(), "TopK");
  const onnx::TensorProto* k = FindInitializer(last.input(1));
  ASSERT_NE(k, nullptr);
  ASSERT_EQ(k->data_type(), onnx::TensorProto::INT64);
  int64_t k_value = 0;
  ASSERT_EQ(k->raw_data().size(), sizeof(k_value));
  std::memcpy(&k_value, k->raw_data().data(), sizeof(k_value));
  EXPECT_EQ(k_value, 3);
}

TEST(DemoModelTest, CarriesItsProducerLabelsAndDocs) {
  EXPECT_EQ(Demo().ir_version(), 8);
  ASSERT_EQ(Demo().opset_import_size(), 1);
  EXPECT_EQ(Demo().opset_import(0).version(), 17);
  EXPECT_EQ(Demo().producer_name(), "ortkit-demo");
  EXPECT_NE(Demo().doc_string().find("deliberate"), std::string::npos);
  std::string labels;
  bool has_description = false;
  for (const auto& entry : Demo().metadata_props()) {
    if (entry.key() == "labels") labels = entry.value();
    if (entry.key() == "description") has_description = !entry.value().empty();
  }
  EXPECT_EQ(labels, "airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck");
  EXPECT_TRUE(has_description);
}

TEST(DemoModelTest, IsTheSameOnEveryBuild) {
  EXPECT_EQ(MakeDemoModel().SerializeAsString(), Demo().SerializeAsString());
}

}  // namespace
}  // namespace ortkit::graph
