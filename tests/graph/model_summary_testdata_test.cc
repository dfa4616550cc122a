// SummarizeModel, StripTensorPayloads and InferValueTypes on every model of Debian's
// libonnx-testdata, each checked against protobuf's full parse of the same file.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>

#include <gtest/gtest.h>
#include <onnx/shape_inference/implementation.h>

#include "graph/inferred_types.h"
#include "graph/model_summary.h"
#include "graph/payload_strip.h"
#include "summary_compare.h"

namespace ortkit::graph {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> TestdataModels() {
  std::vector<std::string> paths;
  std::error_code ec;
  for (const auto& suite : fs::directory_iterator(ORTKIT_ONNX_TESTDATA_DIR, ec)) {
    for (const auto& test_case : fs::directory_iterator(suite.path(), ec)) {
      const fs::path model = test_case.path() / "model.onnx";
      if (fs::is_regular_file(model)) paths.push_back(model.string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ModelSummaryTestdataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    paths_ = TestdataModels();
    if (paths_.empty()) GTEST_SKIP() << "libonnx-testdata is not installed at " << ORTKIT_ONNX_TESTDATA_DIR;
  }
  std::vector<std::string> paths_;
};

TEST_F(ModelSummaryTestdataTest, EveryModelAgreesWithAFullParse) {
  for (const std::string& path : paths_) {
    onnx::ModelProto proto;
    ASSERT_TRUE(proto.ParseFromString(ReadBytes(path))) << path;
    ortkit::testing::ExpectSummaryMatchesProto(SummarizeModel(path), proto);
    if (HasFailure()) break;  // one model's differences are enough to read
  }
  EXPECT_GT(paths_.size(), 1000u);
}

TEST_F(ModelSummaryTestdataTest, StrippingNothingReproducesEveryModelByteForByte) {
  for (const std::string& path : paths_) {
    const std::string bytes = ReadBytes(path);
    ASSERT_EQ(StripTensorPayloads(bytes, path, std::numeric_limits<uint64_t>::max()), bytes) << path;
  }
}

// Does through the protobuf API what StripTensorPayloads(..., 0) does on the wire.
void ClearTensorData(onnx::TensorProto& t) {
  const bool has_data = t.has_raw_data() || t.float_data_size() || t.int32_data_size() || t.string_data_size() ||
                        t.int64_data_size() || t.double_data_size() || t.uint64_data_size();
  if (!has_data) return;
  t.clear_float_data();
  t.clear_int32_data();
  t.clear_string_data();
  t.clear_int64_data();
  t.clear_raw_data();
  t.clear_double_data();
  t.clear_uint64_data();
  auto* entry = t.add_external_data();
  entry->set_key("location");
  entry->set_value(kStrippedLocation);
  t.set_data_location(onnx::TensorProto::EXTERNAL);
}

void ClearSparseData(onnx::SparseTensorProto& s) {
  if (s.has_values()) ClearTensorData(*s.mutable_values());
  if (s.has_indices()) ClearTensorData(*s.mutable_indices());
}

void ClearGraphData(onnx::GraphProto& g);

void ClearNodeData(onnx::NodeProto& n) {
  for (auto& a : *n.mutable_attribute()) {
    if (a.has_t()) ClearTensorData(*a.mutable_t());
    for (auto& t : *a.mutable_tensors()) ClearTensorData(t);
    if (a.has_sparse_tensor()) ClearSparseData(*a.mutable_sparse_tensor());
    for (auto& s : *a.mutable_sparse_tensors()) ClearSparseData(s);
    if (a.has_g()) ClearGraphData(*a.mutable_g());
    for (auto& sub : *a.mutable_graphs()) ClearGraphData(sub);
  }
}

void ClearGraphData(onnx::GraphProto& g) {
  for (auto& t : *g.mutable_initializer()) ClearTensorData(t);
  for (auto& s : *g.mutable_sparse_initializer()) ClearSparseData(s);
  for (auto& n : *g.mutable_node()) ClearNodeData(n);
}

void ClearModelData(onnx::ModelProto& m) {
  if (m.has_graph()) ClearGraphData(*m.mutable_graph());
  for (auto& f : *m.mutable_functions()) {
    for (auto& n : *f.mutable_node()) ClearNodeData(n);
  }
  for (auto& t : *m.mutable_training_info()) {
    if (t.has_initialization()) ClearGraphData(*t.mutable_initialization());
    if (t.has_algorithm()) ClearGraphData(*t.mutable_algorithm());
  }
}

TEST_F(ModelSummaryTestdataTest, StrippingEverythingLeavesExactlyTheTensorDataOut) {
  for (const std::string& path : paths_) {
    onnx::ModelProto expected;
    ASSERT_TRUE(expected.ParseFromString(ReadBytes(path)));
    ClearModelData(expected);
    onnx::ModelProto stripped;
    ASSERT_TRUE(stripped.ParseFromString(StripTensorPayloads(ReadBytes(path), path, 0))) << path;
    ASSERT_EQ(stripped.SerializeAsString(), expected.SerializeAsString()) << path;
  }
}

// Node output types from shape inference on the stripped model (payloads up to 1 KiB kept) are
// those of the same inference on the full model, except where a larger constant decides a shape.
TEST_F(ModelSummaryTestdataTest, InferredTypesMatchInferenceOnTheFullModel) {
  std::size_t compared = 0;
  std::vector<std::string> differ;
  for (const std::string& path : paths_) {
    onnx::ModelProto full;
    ASSERT_TRUE(full.ParseFromString(ReadBytes(path)));
    try {
      onnx::shape_inference::InferShapes(full, onnx::OpSchemaRegistry::Instance(),
                                         onnx::ShapeInferenceOptions(false, 0, true));
    } catch (const std::exception&) {
      continue;  // the full model does not infer either; nothing to compare with
    }
    std::unordered_map<std::string, std::string> expected;
    for (const auto* list : {&full.graph().input(), &full.graph().value_info(), &full.graph().output()}) {
      for (const auto& v : *list) {
        ValueType type = ValueTypeFromProto(v.type());
        if (type.shape) {
          for (Dim& d : *type.shape) {
            if (d.symbol.rfind("unk__", 0) == 0) d.symbol.clear();
          }
        }
        expected[v.name()] = DescribeType(type);
      }
    }
    SummaryOptions options;
    options.infer_shapes = true;
    const ModelSummary s = SummarizeModel(path, options);
    for (const NodeSummary& n : s.main_graph().nodes) {
      for (std::size_t i = 0; i < n.outputs.size(); ++i) {
        const auto it = expected.find(n.outputs[i]);
        if (it == expected.end()) continue;
        ++compared;
        if (DescribeType(n.output_types[i]) != it->second) {
          differ.push_back(path + " " + n.outputs[i] + ": " + DescribeType(n.output_types[i]) + " vs " + it->second);
        }
      }
    }
  }
  EXPECT_GT(compared, 1000u);
  // Only models whose shape-deciding constants exceed 1 KiB may differ; there are none in the set.
  EXPECT_TRUE(differ.empty()) << differ.size() << " differ, e.g. " << (differ.empty() ? "" : differ.front());
}

}  // namespace
}  // namespace ortkit::graph
