// SummarizeModel on models built in C++: metadata, signature, ops, weights (inline, typed, external),
// subgraphs, and the initializers also listed as inputs.
#include "graph/model_summary.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "graph/demo_model.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "onnx_test_util.h"
#include "summary_compare.h"
#include "summary_test_models.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

using ortkit::testing::ExpectSummaryMatchesProto;
using ortkit::testing::ParseModel;
using ortkit::testing::TempDir;
using ortkit::testing::WriteFile;

ModelSummary Summarize(const std::string& bytes, const std::string& path = "m.onnx") {
  return SummarizeModelBytes(bytes, path);
}

TEST(ModelSummaryTest, MetadataModelShowsEverythingItSets) {
  const ModelSummary s = Summarize(ortkit::testing::MetadataModel());
  EXPECT_EQ(s.ir_version, 8);
  ASSERT_EQ(s.opset_imports.size(), 1u);
  EXPECT_EQ(s.opset_imports[0].domain, "");
  EXPECT_EQ(s.opset_imports[0].version, 17);
  EXPECT_EQ(s.producer_name, "ortkit-tests");
  EXPECT_EQ(s.producer_version, "1.2");
  EXPECT_EQ(s.domain, "ai.ortkit.test");
  EXPECT_EQ(s.model_version, 42);
  EXPECT_EQ(s.doc_string, "A model with metadata");
  EXPECT_EQ(s.main_graph().name, "meta_graph");
  const std::vector<std::pair<std::string, std::string>> metadata{
      {"labels", "cat,dog"}, {"sample_rate", "16000"}, {"odd key", "\xc3\xbcn\xc3\xaf" "c\xc3\xb8" "d\xc3\xa9"}};
  EXPECT_EQ(s.metadata_props, metadata);
  EXPECT_EQ(s.file_size, ortkit::testing::MetadataModel().size());
}

TEST(ModelSummaryTest, SignatureKeepsSymbolicDimsByName) {
  const ModelSummary s = Summarize(ortkit::testing::AddModel());
  ASSERT_EQ(s.main_graph().inputs.size(), 2u);
  EXPECT_EQ(s.main_graph().inputs[0].name, "x");
  EXPECT_EQ(DescribeType(s.main_graph().inputs[0].type), "float32[batch,3]");
  EXPECT_EQ(DescribeType(s.main_graph().outputs[0].type), "float32[batch,3]");
  EXPECT_EQ(DescribeType(Summarize(ortkit::testing::UnnamedDimModel()).main_graph().inputs[0].type), "float32[?,4]");
}

TEST(ModelSummaryTest, NonTensorTypesAreSpelledOut) {
  const ModelSummary seq = Summarize(ortkit::testing::SequenceModel());
  EXPECT_EQ(DescribeType(seq.main_graph().inputs[2].type), "seq(float32)");
  EXPECT_EQ(DescribeType(seq.main_graph().outputs[1].type), "int64[]");
  const ModelSummary mixed = Summarize(ortkit::testing::MixedTypesModel());
  EXPECT_EQ(DescribeType(mixed.main_graph().inputs[1].type), "bool[batch,seq]");
  EXPECT_EQ(DescribeType(mixed.main_graph().inputs[2].type), "float64[]");
}

TEST(ModelSummaryTest, MapOptionalSparseAndUntypedValuesAgreeWithTheProto) {
  const onnx::ModelProto model = ortkit::testing::TypesModel();
  const ModelSummary s = Summarize(SerializeModel(model));
  ExpectSummaryMatchesProto(s, model);
  std::vector<std::string> types;
  for (const auto& v : s.main_graph().inputs) types.push_back(DescribeType(v.type));
  EXPECT_EQ(types, (std::vector<std::string>{"map(int64,float32)", "optional(int32[n])", "sparse_tensor(float64)[5]",
                                             "seq(map(string,float32))", "?"}));
}

TEST(ModelSummaryTest, OpHistogramIsByDomainThenCount) {
  const ModelSummary s = Summarize(ortkit::testing::TransformerEncoderModel());
  ASSERT_FALSE(s.main_graph().ops.empty());
  for (std::size_t i = 1; i < s.main_graph().ops.size(); ++i) {
    const OpCount& a = s.main_graph().ops[i - 1];
    const OpCount& b = s.main_graph().ops[i];
    EXPECT_TRUE(a.domain < b.domain || (a.domain == b.domain && (a.count > b.count || (a.count == b.count && a.op_type < b.op_type))))
        << a.op_type << " before " << b.op_type;
  }
  uint64_t total = 0;
  for (const OpCount& op : s.main_graph().ops) total += op.count;
  EXPECT_EQ(total, s.main_graph().nodes.size());
  const ModelSummary custom = Summarize(ortkit::testing::UnknownOpModel());
  ASSERT_EQ(custom.main_graph().ops.size(), 1u);
  EXPECT_EQ(custom.main_graph().ops[0].domain, "com.example");
  EXPECT_EQ(custom.main_graph().ops[0].op_type, "DCNv2");
}

TEST(ModelSummaryTest, ConvNetAgreesWithAFullParse) {
  const std::string bytes = ortkit::testing::ConvNetModel();
  const ModelSummary s = Summarize(bytes);
  ExpectSummaryMatchesProto(s, ParseModel(bytes));
  ASSERT_EQ(s.main_graph().initializer_types.size(), 1u);
  EXPECT_EQ(s.main_graph().initializer_types[0].data_type, 1);
  EXPECT_EQ(s.main_graph().initializer_types[0].bytes, s.main_graph().parameters * 4);
  EXPECT_EQ(s.main_graph().initializer_bytes, s.main_graph().parameters * 4);
  EXPECT_TRUE(s.main_graph().initializers_as_inputs.empty());
}

TEST(ModelSummaryTest, DemoModelListsItsEightInitializersThatAreAlsoInputs) {
  const onnx::ModelProto demo = MakeDemoModel();
  const ModelSummary s = Summarize(SerializeModel(demo));
  ExpectSummaryMatchesProto(s, demo);
  std::vector<std::string> expected;
  for (const auto& input : demo.graph().input()) {
    for (const auto& init : demo.graph().initializer()) {
      if (init.name() == input.name()) expected.push_back(input.name());
    }
  }
  EXPECT_EQ(expected.size(), 8u);
  EXPECT_EQ(s.main_graph().initializers_as_inputs, expected);
}

TEST(ModelSummaryTest, SubgraphsAreListedDepthFirstWithTheirOwnCounts) {
  const onnx::ModelProto model = ortkit::testing::NestedIfModel();
  const ModelSummary s = Summarize(SerializeModel(model));
  ExpectSummaryMatchesProto(s, model);
  ASSERT_EQ(s.graphs.size(), 5u);
  EXPECT_EQ(s.graphs[1].path, "outer_if.then_branch");
  EXPECT_EQ(s.graphs[2].path, "outer_if.else_branch");
  EXPECT_EQ(s.graphs[3].path, "outer_if.else_branch/If#0.then_branch");
  EXPECT_EQ(s.graphs[4].path, "outer_if.else_branch/If#0.else_branch");
  EXPECT_EQ(s.graphs[1].owner_op, "If");
  EXPECT_EQ(s.graphs[1].nodes.size(), 1u);
  EXPECT_EQ(s.graphs[1].initializers.size(), 1u);
  EXPECT_EQ(s.graphs[1].parameters, 2u);
  EXPECT_EQ(s.main_graph().nodes[0].subgraphs, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(s.graphs[2].nodes[0].subgraphs, (std::vector<std::size_t>{3, 4}));
  EXPECT_EQ(s.main_graph().parameters, 0u);
}

TEST(ModelSummaryTest, GraphsAttributesAreNumbered) {
  const onnx::ModelProto model = ortkit::testing::GraphsAttributeModel();
  const ModelSummary s = Summarize(SerializeModel(model));
  ExpectSummaryMatchesProto(s, model);
  ASSERT_EQ(s.graphs.size(), 3u);
  EXPECT_EQ(s.graphs[1].path, "multi.bodies[0]");
  EXPECT_EQ(s.graphs[2].path, "multi.bodies[1]");
}

TEST(ModelSummaryTest, TypedDataFieldsAreSizedWithoutRawData) {
  const onnx::ModelProto model = ortkit::testing::TypedFieldsModel();
  const ModelSummary s = Summarize(SerializeModel(model));
  ExpectSummaryMatchesProto(s, model);
  const auto& inits = s.main_graph().initializers;
  ASSERT_EQ(inits.size(), 5u);
  EXPECT_EQ(inits[0].storage, TensorSummary::Storage::kTyped);
  EXPECT_EQ(inits[0].bytes, 12u);  // float_data: 3 floats
  EXPECT_EQ(inits[1].bytes, 32u);  // int64_data: 4 values
  EXPECT_EQ(inits[2].bytes, 5u);   // string_data: "ab" + "cde"
  EXPECT_EQ(inits[3].bytes, 4u);   // int32_data holding 2 float16
  EXPECT_EQ(inits[4].storage, TensorSummary::Storage::kEmpty);
  EXPECT_EQ(inits[4].elements, 0u);
  ASSERT_EQ(s.main_graph().attribute_tensors.size(), 1u);
  EXPECT_EQ(s.main_graph().attribute_tensors[0].bytes, 8u);
}

// Protobuf merges a message field that appears twice; a model written in pieces must read the same.
TEST(ModelSummaryTest, GraphSentInTwoPiecesIsMergedAsProtobufMergesIt) {
  const std::string bytes = ortkit::testing::AddModel() + ortkit::testing::UnpackedInitializerFragment();
  const ModelSummary s = Summarize(bytes);
  ExpectSummaryMatchesProto(s, ParseModel(bytes));
  ASSERT_EQ(s.graphs.size(), 1u);
  ASSERT_EQ(s.main_graph().initializers.size(), 1u);
  EXPECT_EQ(s.main_graph().initializers[0].name, "unpacked");
  EXPECT_EQ(s.main_graph().initializers[0].dims, (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(s.main_graph().initializers[0].bytes, 8u);
}

TEST(ModelSummaryTest, ExternalDataFilesAreFoundAndSizedNotRead) {
  TempDir dir;
  const onnx::ModelProto model = ortkit::testing::WeightsModel(64);
  WriteOptions write;
  write.external_data_threshold = 0;  // weights of 1 KiB or more go to m.onnx.data
  WriteModelAtomically(model, dir.File("m.onnx"), write);
  const ModelSummary s = SummarizeModel(dir.File("m.onnx"));
  ExpectSummaryMatchesProto(s, ReadModel(dir.File("m.onnx")));
  ASSERT_EQ(s.external_files.size(), 1u);
  EXPECT_EQ(s.external_files[0].location, "m.onnx.data");
  EXPECT_EQ(s.external_files[0].size, 64u * 64 * 4);
  EXPECT_EQ(s.external_files[0].tensors, 1u);
  EXPECT_EQ(s.external_files[0].bytes, 64u * 64 * 4);
  const auto& w = s.main_graph().initializers[0];
  EXPECT_EQ(w.storage, TensorSummary::Storage::kExternal);
  EXPECT_EQ(w.location, "m.onnx.data");
  EXPECT_EQ(w.offset, 0u);
  EXPECT_EQ(s.main_graph().initializers[1].storage, TensorSummary::Storage::kRaw);  // 256 bytes stay inline
  EXPECT_EQ(s.main_graph().initializer_bytes, 64u * 64 * 4 + 64 * 4);
  EXPECT_EQ(s.file_size, std::filesystem::file_size(dir.File("m.onnx")));

  std::filesystem::remove(dir.File("m.onnx.data"));
  const ModelSummary missing = SummarizeModel(dir.File("m.onnx"));
  EXPECT_FALSE(missing.external_files[0].size.has_value());
  EXPECT_EQ(missing.external_files[0].bytes, 64u * 64 * 4);  // the declared length
}

TEST(ModelSummaryTest, ExternalDataWithoutLengthRunsToTheEndOfItsFile) {
  TempDir dir;
  WriteFile(dir.File("w.bin"), std::string(100, 'x'));
  SaveModel(ortkit::testing::ExternalRefModel({{"location", "w.bin"}, {"offset", "40"}}), dir.File("m.onnx"));
  const ModelSummary s = SummarizeModel(dir.File("m.onnx"));
  EXPECT_EQ(s.main_graph().initializers[0].offset, 40u);
  EXPECT_EQ(s.main_graph().initializers[0].bytes, 60u);
  EXPECT_EQ(s.external_files[0].size, 100u);
}

}  // namespace
}  // namespace ortkit::graph
