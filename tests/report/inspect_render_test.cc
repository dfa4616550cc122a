// The text and JSON renderers of `ortkit inspect`, on summaries written out by hand.
#include "report/inspect_render.h"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace ortkit::report {
namespace {

using graph::GraphSummary;
using graph::ModelSummary;
using graph::NodeSummary;
using graph::TensorSummary;
using graph::ValueType;

ValueType Float(DeclaredShape shape) { return ValueType{"float32", std::move(shape)}; }

// A model with one MatMul whose weight is also an input, an If with one branch, external data
// (one file present, one missing) and every header field set.
ModelSummary Sample() {
  ModelSummary s;
  s.path = "m.onnx";
  s.file_size = 2048;
  s.ir_version = 8;
  s.opset_imports = {{"", 17}, {"com.microsoft", 1}};
  s.producer_name = "pytorch";
  s.producer_version = "2.1";
  s.domain = "ai.example";
  s.model_version = 3;
  s.doc_string = "first line\n  second line";
  s.metadata_props = {{"labels", "cat,dog"}};

  GraphSummary main;
  main.name = "g";
  main.inputs = {{"x", Float({Dim::Free("batch"), Dim::Fixed(3)})}, {"w", Float({Dim::Fixed(3), Dim::Fixed(4)})}};
  main.outputs = {{"y", Float({Dim::Free("batch"), Dim::Fixed(4)})}, {"s", ValueType{"seq(float32)", std::nullopt}}};
  NodeSummary matmul{"mm", "MatMul", "", {"x", "w"}, {"y"}, {Float({Dim::Free("batch"), Dim::Fixed(4)})}, {}};
  NodeSummary branch{"", "If", "", {"c"}, {"s", ""}, {ValueType{}, ValueType{}}, {1}};
  main.nodes = {matmul, branch};
  main.ops = {{"", "If", 1}, {"", "MatMul", 1}};
  TensorSummary w;
  w.name = "w";
  w.data_type = 1;
  w.dims = {3, 4};
  w.elements = 12;
  w.bytes = 48;
  w.storage = TensorSummary::Storage::kRaw;
  main.initializers = {w};
  main.initializer_types = {{1, 1, 12, 48}};
  main.parameters = 12;
  main.initializer_bytes = 48;
  main.initializers_as_inputs = {"w"};
  TensorSummary constant;
  constant.bytes = 8;
  main.attribute_tensors = {constant};

  GraphSummary then_branch;
  then_branch.path = "If#1.then_branch";
  then_branch.owner_op = "If";
  then_branch.name = "then";
  then_branch.outputs = {{"t", Float({Dim::Fixed(1)})}};
  then_branch.nodes = {NodeSummary{"neg", "Neg", "com.example", {"x"}, {"t"}, {Float({Dim::Free()})}, {}}};
  then_branch.ops = {{"com.example", "Neg", 1}};

  s.graphs = {main, then_branch};
  s.external_files = {{"w.data", 4096, 1, 4096, ""}, {"gone.data", std::nullopt, 1, 100, ""}};
  s.functions = {{"local", "Gelu", 5}};
  s.shapes_inferred = true;
  return s;
}

std::string Text(const ModelSummary& s, bool nodes = false) {
  std::ostringstream out;
  RenderInspectText(s, out, InspectRenderOptions{nodes});
  return out.str();
}

nlohmann::ordered_json Json(const ModelSummary& s, bool nodes = false) {
  std::ostringstream out;
  RenderInspectJson(s, out, InspectRenderOptions{nodes});
  return nlohmann::ordered_json::parse(out.str());
}

const char* const kSampleText = R"(model          m.onnx
file size      2.0 KiB (2,048 bytes)
ir version     8
opsets         ai.onnx 17, com.microsoft 1
producer       pytorch 2.1
domain         ai.example
model version  3
doc            first line second line
graph          g

metadata
  key     value
  labels  cat,dog

inputs
  name  type     shape
  x     float32  [batch,3]
  w     float32  [3,4]

outputs
  name  type          shape
  y     float32       [batch,4]
  s     seq(float32)  -

ops (main graph: 2 nodes)
  domain   op      count
  ai.onnx  If          1
  ai.onnx  MatMul      1

initializers (1: 12 parameters, 48 B)
  type     count  parameters  bytes
  float32      1          12   48 B

initializers also listed as graph inputs (1): callers may override them, so runtimes cannot fold them as constants
  name  type     shape
  w     float32  [3,4]

tensors in node attributes (Constant values, ...): 1, 8 B

external data
  file          size  tensors    bytes
  w.data     4.0 KiB        1  4.0 KiB
  gone.data  missing        1    100 B

subgraphs (1)
  graph             op  nodes  initializers  parameters  inputs  outputs
  If#1.then_branch  If      1             0           0       0        1

local functions (1)
  domain  name  nodes
  local   Gelu      5
)";

TEST(InspectRenderTest, TextShowsEverySectionOfTheSample) { EXPECT_EQ(Text(Sample()), kSampleText); }

TEST(InspectRenderTest, NodesListEachGraphWithInferredOutputTypes) {
  const std::string text = Text(Sample(), true);
  ASSERT_EQ(text.rfind(kSampleText, 0), 0u) << text;
  EXPECT_EQ(text.substr(std::string(kSampleText).size()), R"(
nodes
  #  name  op      inputs  outputs
  0  mm    MatMul  x, w    y: float32[batch,4]
  1  -     If      c       s: ?, <none>

nodes of If#1.then_branch
  #  name  op               inputs  outputs
  0  neg   com.example:Neg  x       t: float32[?]
)");
}

TEST(InspectRenderTest, InferenceErrorIsShownAfterTheNodes) {
  ModelSummary s = Sample();
  s.inference_error = "[ShapeInferenceError] something";
  const std::string text = Text(s, true);
  const std::string last = "\nshape inference stopped early: [ShapeInferenceError] something\n";
  ASSERT_GT(text.size(), last.size());
  EXPECT_EQ(text.substr(text.size() - last.size()), last);
}

TEST(InspectRenderTest, EmptySectionsAreLeftOutOrSayNone) {
  ModelSummary s;
  s.path = "empty.onnx";
  s.graphs.emplace_back();
  EXPECT_EQ(Text(s), R"(model       empty.onnx
file size   0 B (0 bytes)
ir version  0
opsets      none
graph       (unnamed)

inputs
  none

outputs
  none

ops (0 nodes)

initializers (0)
)");
}

TEST(InspectRenderTest, LongDocStringsAreCutOnOneLine) {
  ModelSummary s = Sample();
  s.doc_string = std::string(150, 'a');
  const std::string text = Text(s);
  EXPECT_NE(text.find("doc            " + std::string(97, 'a') + "...\n"), std::string::npos) << text;
}

TEST(InspectRenderTest, JsonKeysComeInTheDocumentedOrder) {
  const auto doc = Json(Sample());
  std::vector<std::string> keys;
  for (const auto& item : doc.items()) keys.push_back(item.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"model", "file_size", "ir_version", "opset_imports", "producer_name",
                                            "producer_version", "domain", "model_version", "doc_string",
                                            "metadata_props", "graph", "subgraphs", "external_data", "functions",
                                            "totals"}));
  std::vector<std::string> graph_keys;
  for (const auto& item : doc["graph"].items()) graph_keys.push_back(item.key());
  EXPECT_EQ(graph_keys, (std::vector<std::string>{"name", "inputs", "outputs", "value_info", "node_count", "ops",
                                                  "initializers", "initializers_as_inputs", "attribute_tensors"}));
  EXPECT_EQ(doc["subgraphs"][0].begin().key(), "path");
}

TEST(InspectRenderTest, JsonValuesAreRawNumbersAndDomainsAsWritten) {
  const auto doc = Json(Sample());
  EXPECT_EQ(doc["file_size"], 2048);
  EXPECT_EQ(doc["opset_imports"][0]["domain"], "");
  EXPECT_EQ(doc["doc_string"], "first line\n  second line");
  EXPECT_EQ(doc["graph"]["inputs"][0]["shape"], nlohmann::ordered_json::parse(R"(["batch", 3])"));
  EXPECT_TRUE(doc["graph"]["outputs"][1]["shape"].is_null());
  EXPECT_EQ(doc["graph"]["initializers"]["by_type"][0]["type"], "float32");
  EXPECT_EQ(doc["graph"]["initializers"]["parameters"], 12);
  EXPECT_EQ(doc["graph"]["initializers_as_inputs"][0], "w");
  EXPECT_EQ(doc["graph"]["attribute_tensors"]["bytes"], 8);
  EXPECT_EQ(doc["subgraphs"][0]["path"], "If#1.then_branch");
  EXPECT_EQ(doc["subgraphs"][0]["op"], "If");
  EXPECT_TRUE(doc["external_data"][1]["size"].is_null());
  EXPECT_EQ(doc["totals"]["nodes"], 3);
  EXPECT_EQ(doc["totals"]["graphs"], 2);
  EXPECT_FALSE(doc.contains("shape_inference"));
  EXPECT_FALSE(doc["graph"].contains("nodes"));
}

TEST(InspectRenderTest, JsonNodesCarryInferredTypesAndSubgraphPaths) {
  const auto doc = Json(Sample(), true);
  const auto& if_node = doc["graph"]["nodes"][1];
  EXPECT_EQ(if_node["subgraphs"][0], "If#1.then_branch");
  EXPECT_TRUE(if_node["outputs"][0]["type"].is_null());
  EXPECT_EQ(doc["graph"]["nodes"][0]["outputs"][0]["type"], "float32");
  EXPECT_EQ(doc["subgraphs"][0]["nodes"][0]["outputs"][0]["shape"], nlohmann::ordered_json::parse("[null]"));
  EXPECT_EQ(doc["shape_inference"]["ran"], true);
  EXPECT_TRUE(doc["shape_inference"]["error"].is_null());
}

TEST(InspectRenderTest, InvalidUtf8InNamesIsReplacedNotThrown) {
  ModelSummary s = Sample();
  s.graphs[0].name = "bad\xff";
  std::ostringstream out;
  RenderInspectJson(s, out);
  EXPECT_NE(out.str().find("bad\xef\xbf\xbd"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::report
