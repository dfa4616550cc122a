// SummarizeModel's errors, one exact line each (external-data entries, missing files, non-models,
// truncation, malformed payloads), and seeded mutations of real models that must fail cleanly.
#include <random>

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "graph/model_summary.h"
#include "graph/payload_strip.h"
#include "onnx_test_util.h"
#include "ortkit/error.h"
#include "summary_test_models.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

using ortkit::testing::ParseModel;
using ortkit::testing::TempDir;

ModelSummary Summarize(const std::string& bytes) { return SummarizeModelBytes(bytes, "m.onnx"); }

std::string SummaryError(const std::string& bytes) {
  try {
    Summarize(bytes);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    return e.what();
  }
  return "";
}

TEST(ModelSummaryTest, ExternalOffsetThatIsNotANumber) {
  EXPECT_EQ(SummaryError(SerializeModel(ortkit::testing::ExternalRefModel({{"location", "w.bin"}, {"offset", "4x"}}))),
            "while reading 'm.onnx': tensor 'w': external data offset '4x' is not a number");
  EXPECT_EQ(SummaryError(SerializeModel(ortkit::testing::ExternalRefModel({{"location", "w.bin"}, {"length", ""}}))),
            "while reading 'm.onnx': tensor 'w': external data length '' is not a number");
}

TEST(ModelSummaryTest, ExternalDataWithoutLocation) {
  EXPECT_EQ(SummaryError(SerializeModel(ortkit::testing::ExternalRefModel({{"offset", "0"}}))),
            "while reading 'm.onnx': tensor 'w': external data has no location");
}

TEST(ModelSummaryTest, MissingFile) {
  TempDir dir;
  try {
    SummarizeModel(dir.File("nope.onnx"));
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "while reading '" + dir.File("nope.onnx") + "': No such file or directory");
  }
}

TEST(ModelSummaryTest, ProtobufMessageThatIsNotAModel) {
  // A nameless tensor .pb (an input file passed as a model): its fields are unknown to ModelProto.
  const std::string not_a_model = MakeTensor("", std::vector<float>{1, 2}, {2}).SerializeAsString();
  onnx::ModelProto parsed;
  ASSERT_TRUE(parsed.ParseFromString(not_a_model));  // protobuf accepts it, as unknown fields
  EXPECT_EQ(SummaryError(not_a_model), "while reading 'm.onnx': a protobuf message but not an ONNX model (it has no graph)");
  EXPECT_EQ(SummaryError(""), "while reading 'm.onnx': a protobuf message but not an ONNX model (it has no graph)");
}

TEST(ModelSummaryTest, TruncatedModelNamesTheOffset) {
  onnx::ModelProto graph_only;
  *graph_only.mutable_graph() = ParseModel(ortkit::testing::AddModel()).graph();
  const std::string bytes = graph_only.SerializeAsString();  // the graph's key at byte 0, then its length
  const std::size_t length = graph_only.graph().ByteSizeLong();
  const std::string cut = bytes.substr(0, bytes.size() - 10);
  EXPECT_EQ(SummaryError(cut), "while reading 'm.onnx': malformed protobuf at byte 0 (in ModelProto): field 7 has length " +
                                   std::to_string(length) + " but only " + std::to_string(length - 10) +
                                   " bytes are left");
}

TEST(ModelSummaryTest, PackedFloatDataOfAnOddLength) {
  EXPECT_EQ(SummaryError(ortkit::testing::OddFloatDataModel()),
            "while reading 'm.onnx': malformed protobuf at byte 6 (in TensorProto): packed float_data of 7 bytes "
            "is not a multiple of 4");
}

// Flipped, inserted and dropped bytes, and truncations, of real models: scanning and stripping
// either succeed or throw ortkit::Error, never crash or read out of bounds (ASan builds check the
// latter). A seeded stand-in until the fuzz target exists.
TEST(ModelSummaryTest, MutatedModelsScanOrFailCleanly) {
  const std::vector<std::string> seeds{ortkit::testing::ConvNetModel(), SerializeModel(ortkit::testing::NestedIfModel()),
                                       SerializeModel(ortkit::testing::TypedFieldsModel()),
                                       SerializeModel(ortkit::testing::TypesModel())};
  std::mt19937 rng(1234);
  int errors = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string bytes = seeds[static_cast<std::size_t>(i) % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !bytes.empty(); ++e) {
      const std::size_t at = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[at] = static_cast<char>(rng()); break;
        case 1: bytes.insert(at, 1, static_cast<char>(rng())); break;
        case 2: bytes.erase(at, 1); break;
        default: bytes.resize(at); break;
      }
    }
    try {
      Summarize(bytes);
      StripTensorPayloads(bytes, "m.onnx", 16);
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::kLoad);
      ++errors;
    }
  }
  EXPECT_GT(errors, 100);
}

}  // namespace
}  // namespace ortkit::graph
