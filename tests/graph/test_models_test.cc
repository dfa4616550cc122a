// The test models of tests/testing: valid ones pass the ONNX checker and infer their documented
// signatures; the deliberately broken ones are broken in the documented way. Also TempDir.
#include "testing/test_models.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <ostream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "onnx_test_util.h"
#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

struct ValidModel {
  const char* name;
  std::function<std::string()> make;
  const char* inputs;   // SignatureString of the graph inputs
  const char* outputs;  // SignatureString of the outputs, as shape inference derives them
};

void PrintTo(const ValidModel& model, std::ostream* os) { *os << model.name; }

// The signatures documented in test_models.h.
const ValidModel kValidModels[] = {
    {"Add", AddModel, "x: float32[batch,3]; y: float32[batch,3]", "z: float32[batch,3]"},
    {"ReluImage", ReluImageModel, "image: float32[1,3,320,320]", "out: float32[1,3,320,320]"},
    {"ConvNet", ConvNetModel, "input: float32[batch,3,64,64]", "logits: float32[batch,10]"},
    {"TransformerEncoder", TransformerEncoderModel, "tokens: float32[batch,seq,64]",
     "hidden: float32[batch,seq,64]"},
    {"Metadata", MetadataModel, "x: float32[2]", "y: float32[2]"},
    {"NoMetadata", NoMetadataModel, "x: float32[2]", "y: float32[2]"},
    {"MixedTypes", MixedTypesModel, "ids: int64[batch,seq]; mask: bool[batch,seq]; scale: float64[]",
     "ids_out: int64[batch,seq]; mask_int: int32[batch,seq]; scale_sq: float64[]"},
    {"String", StringModel, "text: string[n]", "out: string[n]"},
    {"Sequence", SequenceModel, "a: float32[2]; b: float32[2]; s: seq(float32)",
     "seq: seq(float32[2]); len: int64[]"},
    {"UnnamedDim", UnnamedDimModel, "x: float32[?,4]", "y: float32[?,4]"},
    {"ManyInputs1", [] { return ManyInputsModel(1); }, "in_0: float32[1]", "out: float32[1]"},
    {"ManyInputs3", [] { return ManyInputsModel(3); }, "in_0: float32[1]; in_1: float32[1]; in_2: float32[1]",
     "out: float32[1]"},
};

class ValidTestModelTest : public ::testing::TestWithParam<ValidModel> {};

TEST_P(ValidTestModelTest, PassesTheCheckerAndStrictShapeInference) {
  const onnx::ModelProto model = ParseModel(GetParam().make());
  EXPECT_NO_THROW(FullCheck(model));
  EXPECT_EQ(model.ir_version(), 8);
  ASSERT_EQ(model.opset_import_size(), 1);
  EXPECT_EQ(model.opset_import(0).version(), 17);
}

TEST_P(ValidTestModelTest, InfersItsDocumentedSignature) {
  const onnx::ModelProto model = InferOutputShapes(ParseModel(GetParam().make()));
  EXPECT_EQ(SignatureString(model.graph().input()), GetParam().inputs);
  EXPECT_EQ(SignatureString(model.graph().output()), GetParam().outputs);
}

TEST_P(ValidTestModelTest, IsTheSameOnEveryCall) { EXPECT_EQ(GetParam().make(), GetParam().make()); }

INSTANTIATE_TEST_SUITE_P(AllValidModels, ValidTestModelTest, ::testing::ValuesIn(kValidModels),
                         [](const ::testing::TestParamInfo<ValidModel>& param_info) { return param_info.param.name; });

TEST(TestModelsTest, ConvNetKeepsItsWeightsOutOfTheInputs) {
  const onnx::ModelProto model = ParseModel(ConvNetModel());
  EXPECT_EQ(model.graph().input_size(), 1);
  EXPECT_GE(model.graph().initializer_size(), 10);
}

TEST(TestModelsTest, MetadataModelCarriesEveryMetadataField) {
  const onnx::ModelProto model = ParseModel(MetadataModel());
  EXPECT_EQ(model.producer_name(), "ortkit-tests");
  EXPECT_EQ(model.producer_version(), "1.2");
  EXPECT_EQ(model.graph().name(), "meta_graph");
  EXPECT_EQ(model.domain(), "ai.ortkit.test");
  EXPECT_EQ(model.doc_string(), "A model with metadata");
  EXPECT_EQ(model.graph().doc_string(), "graph doc");
  EXPECT_EQ(model.model_version(), 42);
  ASSERT_EQ(model.metadata_props_size(), 3);
  EXPECT_EQ(model.metadata_props(0).key(), "labels");
  EXPECT_EQ(model.metadata_props(0).value(), "cat,dog");
  EXPECT_EQ(model.metadata_props(1).key(), "sample_rate");
  EXPECT_EQ(model.metadata_props(1).value(), "16000");
  EXPECT_EQ(model.metadata_props(2).key(), "odd key");
  EXPECT_EQ(model.metadata_props(2).value(), "\xC3\xBCn\xC3\xAF" "c\xC3\xB8" "d\xC3\xA9");  // "ünïcødé" in UTF-8
}

TEST(TestModelsTest, NoMetadataModelLeavesEveryMetadataFieldUnset) {
  const onnx::ModelProto model = ParseModel(NoMetadataModel());
  EXPECT_FALSE(model.has_producer_name());
  EXPECT_FALSE(model.has_producer_version());
  EXPECT_FALSE(model.has_domain());
  EXPECT_FALSE(model.has_doc_string());
  EXPECT_FALSE(model.graph().has_doc_string());
  EXPECT_FALSE(model.has_model_version());
  EXPECT_EQ(model.metadata_props_size(), 0);
}

TEST(TestModelsTest, DoubleFloatDivFailsStrictTypeInferenceAtDiv337) {
  const onnx::ModelProto model = ParseModel(DoubleFloatDivModel());
  ASSERT_EQ(model.graph().node_size(), 1);
  EXPECT_EQ(model.graph().node(0).name(), "Div_337");
  try {
    FullCheck(model);
    FAIL() << "a Div of float64 by float32 passed strict inference";
  } catch (const std::exception& e) {
    // ONNX 1.12 says "(op_type:Div, node name: Div_337): B has inconsistent type tensor(float)".
    EXPECT_NE(std::string(e.what()).find("Div_337"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("inconsistent type"), std::string::npos) << e.what();
  }
}

TEST(TestModelsTest, UnknownOpModelUsesACustomDomainTheCheckerCannotJudge) {
  const onnx::ModelProto model = ParseModel(UnknownOpModel());
  EXPECT_NO_THROW(onnx::checker::check_model(model));
  ASSERT_EQ(model.graph().node_size(), 1);
  EXPECT_EQ(model.graph().node(0).op_type(), "DCNv2");
  EXPECT_EQ(model.graph().node(0).domain(), "com.example");
  EXPECT_EQ(SignatureString(model.graph().input()), "x: float32[1,3,8,8]");
}

TEST(TestModelsTest, ManyInputsModelNamesEveryInput) {
  const onnx::ModelProto model = ParseModel(ManyInputsModel(100));
  ASSERT_EQ(model.graph().input_size(), 100);
  EXPECT_EQ(model.graph().input(99).name(), "in_99");
  EXPECT_EQ(model.graph().node_size(), 99);
  EXPECT_NO_THROW(FullCheck(model));
}

TEST(TestModelsTest, ManyInputsModelRejectsFewerThanOneInput) {
  EXPECT_THROW(ManyInputsModel(0), std::invalid_argument);
}

TEST(TestModelsTest, WriteFileWritesTheBytesExactly) {
  TempDir dir;
  const std::string bytes = AddModel();
  WriteFile(dir.File("add.onnx"), bytes);
  std::ifstream in(dir.File("add.onnx"), std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), bytes);
}

TEST(TestModelsTest, WriteFileToAMissingDirectoryThrowsAnIoError) {
  TempDir dir;
  try {
    WriteFile(dir.File("missing/add.onnx"), "x");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    EXPECT_NE(std::string(e.what()).find("missing/add.onnx"), std::string::npos) << e.what();
  }
}

TEST(TempDirTest, CreatesDistinctDirectoriesAndRemovesThemWithTheirContents) {
  std::string first_path;
  {
    TempDir first;
    TempDir second;
    first_path = first.path();
    EXPECT_NE(first.path(), second.path());
    EXPECT_TRUE(std::filesystem::is_directory(first.path()));
    EXPECT_EQ(first.File("a.onnx"), first.path() + "/a.onnx");
    std::filesystem::create_directories(first.File("nested/deeper"));
    WriteFile(first.File("nested/deeper/f.bin"), "data");
  }
  EXPECT_FALSE(std::filesystem::exists(first_path));
}

}  // namespace
}  // namespace ortkit::testing
