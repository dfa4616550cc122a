// RunChecks reads the model without its large payloads (ReadModelForChecks) and finds exactly what
// the whole parse finds: duplicate and unused initializers from the payload facts, inference from
// the small constants kept, and the whole parse where only it can answer.
#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "graph/checks/check_test_util.h"
#include "graph/checks/rules.h"
#include "graph/demo_model.h"
#include "graph/model_builder.h"
#include "graph/payload_strip.h"
#include "graph/summary_test_models.h"
#include "ortkit/error.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

// Every field, so that a difference shows in the failure message, not as bytes.
std::string Describe(const std::vector<Finding>& findings) {
  std::ostringstream out;
  for (const Finding& f : findings) {
    out << f.rule_id << " " << ToString(f.severity) << " " << f.location_kind << " '" << f.location << "' "
        << f.op_type << ": " << f.message << " | " << f.why << " | " << f.fix << " | " << f.fix_pass << " | "
        << f.command << "\n";
  }
  return out.str();
}

// The report of the whole parse, after checking that the stripped read's equals it.
CheckReport ExpectSameReports(const std::string& path, graph::CheckOptions options) {
  options.parse_payloads = true;
  const CheckReport whole = graph::RunChecks(path, options);
  options.parse_payloads = false;
  const CheckReport stripped = graph::RunChecks(path, options);
  EXPECT_EQ(Describe(stripped.findings), Describe(whole.findings)) << path;
  EXPECT_TRUE(stripped.findings == whole.findings) << path;
  EXPECT_EQ(stripped.rules_run, whole.rules_run) << path;
  EXPECT_EQ(stripped.loads_in_ort, whole.loads_in_ort) << path;
  return whole;
}

int StrippedInitializers(const onnx::ModelProto& model) {
  int count = 0;
  for (const onnx::TensorProto& t : model.graph().initializer()) count += graph::IsStripped(t) ? 1 : 0;
  return count;
}

onnx::TensorProto TypedFloats(const std::string& name, const std::vector<float>& values) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(static_cast<int64_t>(values.size()));
  for (float v : values) t.add_float_data(v);
  return t;
}

// x: float32[512] -> y through Mul by w1, w2, w3 and Add of t1, t2, then Reshape by a small shape
// constant. w1 and w2 hold the same 2 KiB (raw_data); w3 is w1 with its last byte changed; t1 and t2
// hold the same values in float_data; "unused" (4 KiB) is read by nothing.
onnx::ModelProto PayloadModel() {
  const std::vector<float> weights = graph::SeededWeights(512, 1.0f, 7);
  ModelBuilder b("payloads");
  b.Input("x", ElementType::kFloat32, {512})
      .Initializer("w1", weights, Shape{512})
      .Initializer("w2", weights, Shape{512})
      .Initializer("w3", weights, Shape{512})
      .Initializer(TypedFloats("t1", graph::SeededWeights(512, 1.0f, 8)))
      .Initializer(TypedFloats("t2", graph::SeededWeights(512, 1.0f, 8)))
      .Initializer("unused", graph::SeededWeights(1024, 1.0f, 9), Shape{1024})
      .Initializer("shape", std::vector<int64_t>{512}, Shape{1})
      .Node("Mul", {"x", "w1"}, {"a"}, {}, "m1")
      .Node("Mul", {"a", "w2"}, {"b"}, {}, "m2")
      .Node("Mul", {"b", "w3"}, {"c"}, {}, "m3")
      .Node("Add", {"c", "t1"}, {"d"}, {}, "a1")
      .Node("Add", {"d", "t2"}, {"e"}, {}, "a2")
      .Node("Reshape", {"e", "shape"}, {"y"}, {}, "reshape")
      .Output("y", ElementType::kFloat32, {512});
  onnx::ModelProto model = b.proto();
  std::string* last = model.mutable_graph()->mutable_initializer(2)->mutable_raw_data();
  last->back() = static_cast<char>(last->back() ^ 0x01);
  return model;
}

// x: float32[1] reshaped to rank 130 by `shape`, 130 int64 ones: 1,040 bytes, over the 1 KiB kept.
// As an initializer, or as a Constant node's value.
onnx::ModelProto LongShapeModel(bool as_constant) {
  const std::vector<int64_t> ones(130, 1);
  ModelBuilder b(as_constant ? "long_shape_constant" : "long_shape");
  b.Input("x", ElementType::kFloat32, {1});
  if (as_constant) {
    onnx::TensorProto value;
    value.set_data_type(onnx::TensorProto::INT64);
    value.add_dims(130);
    value.set_raw_data(std::string(reinterpret_cast<const char*>(ones.data()), ones.size() * sizeof(int64_t)));
    b.Node("Constant", {}, {"shape"}, {graph::Attr::Tensor("value", value)}, "shape");
  } else {
    b.Initializer("shape", ones, Shape{130});
  }
  b.Node("Reshape", {"x", "shape"}, {"y"}, {}, "reshape").Output("y", ElementType::kFloat32, Shape(ones));
  return b.proto();
}

TEST(StrippedReadTest, DuplicatesAndUnusedBytesComeFromThePayloadFacts) {
  TempDir dir;
  const std::string path = dir.File("model.onnx");
  graph::SaveModel(PayloadModel(), path);
  const graph::ModelForChecks read = graph::ReadModelForChecks(path, StaticOnly());
  ASSERT_TRUE(read.stripped);
  EXPECT_EQ(StrippedInitializers(read.model), 6);  // all but the shape
  EXPECT_FALSE(read.model.graph().initializer(0).has_raw_data());

  for (const graph::CheckOptions& options : {StaticOnly(), WithOrt()}) {
    const std::vector<Finding> hygiene = FindingsOf(ExpectSameReports(path, options), graph::kHygieneId);
    std::vector<std::string> messages;
    for (const Finding& f : hygiene) messages.push_back(f.message);
    // w3 differs from w1 in its last byte only: not a duplicate. t1 and t2 are compared as
    // serialized (float_data, type and dims), 2 KiB and a few bytes.
    // In report order: by location, the first name of each group.
    EXPECT_EQ(messages, (std::vector<std::string>{"1 initializer (4.0 KiB) that no node reads: unused",
                                                  "2 initializers hold identical data (2.0 KiB each): t1, t2",
                                                  "2 initializers hold identical data (2.0 KiB each): w1, w2"}));
  }
}

TEST(StrippedReadTest, NoTwoPayloadsThatDifferOnlyInTheirLastByteAreDuplicates) {
  onnx::ModelProto model = PayloadModel();
  model.mutable_graph()->mutable_initializer(1)->set_raw_data(model.graph().initializer(2).raw_data());  // w2 = w3
  std::string* w1 = model.mutable_graph()->mutable_initializer(0)->mutable_raw_data();
  w1->back() = static_cast<char>(w1->back() ^ 0x80);  // and w1 differs from both in its last byte
  TempDir dir;
  const std::string path = dir.File("model.onnx");
  graph::SaveModel(model, path);
  const std::vector<Finding> hygiene = FindingsOf(ExpectSameReports(path, StaticOnly()), graph::kHygieneId);
  std::vector<std::string> duplicates;
  for (const Finding& f : hygiene) {
    if (f.message.find("identical") != std::string::npos) duplicates.push_back(f.message);
  }
  EXPECT_EQ(duplicates, (std::vector<std::string>{"2 initializers hold identical data (2.0 KiB each): t1, t2",
                                                  "2 initializers hold identical data (2.0 KiB each): w2, w3"}));
}

// ONNX's inference reads the values of a shape input: from a stripped tensor it can't, says so,
// and the engine reads the whole model instead.
TEST(StrippedReadTest, InferenceReadingALargeConstantFallsBackToTheWholeModel) {
  for (const bool as_constant : {false, true}) {
    TempDir dir;
    const std::string path = dir.File("model.onnx");
    graph::SaveModel(LongShapeModel(as_constant), path);
    const graph::ModelForChecks read = graph::ReadModelForChecks(path, StaticOnly());
    ASSERT_TRUE(read.stripped);
    const graph::InferenceResult inferred = graph::InferForChecks(read.model);
    ASSERT_FALSE(inferred.errors.empty()) << as_constant;
    EXPECT_NE(inferred.errors.front().find("Cannot parse data from external tensors"), std::string::npos)
        << inferred.errors.front();

    const CheckReport report = ExpectSameReports(path, StaticOnly());
    for (const Finding& f : report.findings) {
      EXPECT_EQ(f.message.find("external"), std::string::npos) << as_constant << ": " << f.message;
    }
  }
}

TEST(StrippedReadTest, TheRuleTestsModelsGiveTheSameFindings) {
  const std::vector<std::pair<std::string, onnx::ModelProto>> models = {
      {"demo", graph::MakeDemoModel()},
      {"loop", LoopModel()},
      {"nested_if", NestedIfModel()},
      {"typed_fields", TypedFieldsModel()},
      {"weights", WeightsModel(64)},
  };
  for (const auto& [name, model] : models) {
    TempDir dir;
    const std::string path = dir.File(name + ".onnx");
    graph::SaveModel(model, path);
    for (const graph::CheckOptions& options : {StaticOnly(), WithOrt()}) ExpectSameReports(path, options);
  }
}

// External data must be checked as ReadModel checks it: the whole (small) file is read, and a
// missing data file is the same error both ways.
// The error RunChecks throws for `path` read whole ([0]) and stripped ([1]); each must throw, and
// with `expect_load_error` be an Error(kLoad).
std::array<std::string, 2> ErrorsBothWays(const std::string& path, bool expect_load_error) {
  std::array<std::string, 2> messages;
  for (const bool whole : {true, false}) {
    graph::CheckOptions options = StaticOnly();
    options.parse_payloads = whole;
    try {
      graph::RunChecks(path, options);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      if (expect_load_error) {
        EXPECT_EQ(e.category(), ErrorCategory::kLoad);
      }
      messages[whole ? 0 : 1] = e.what();
    }
  }
  return messages;
}

TEST(StrippedReadTest, ExternalDataIsReadAndCheckedWhole) {
  TempDir dir;
  const std::string path = dir.File("model.onnx");
  graph::SaveModel(ExternalRefModel({{"location", "w.bin"}}), path);
  const auto same_error = [&path] {
    const auto messages = ErrorsBothWays(path, /*expect_load_error=*/true);
    EXPECT_EQ(messages[1], messages[0]);
    EXPECT_NE(messages[0].find("w.bin"), std::string::npos) << messages[0];
  };
  same_error();  // missing
  std::ofstream(dir.File("w.bin"), std::ios::binary) << std::string(16, '\0');
  EXPECT_FALSE(graph::ReadModelForChecks(path, StaticOnly()).stripped);
  ExpectSameReports(path, StaticOnly());
}

TEST(StrippedReadTest, AFileThatIsNoModelFailsAsReadModelSaysSo) {
  TempDir dir;
  const std::string path = dir.File("text.onnx");
  std::ofstream(path) << "this is not a protobuf model\n";
  const auto messages = ErrorsBothWays(path, /*expect_load_error=*/false);
  EXPECT_EQ(messages[1], messages[0]);
  EXPECT_EQ(messages[0], "while reading '" + path + "': not an ONNX model (protobuf parse failed)");
}

}  // namespace
}  // namespace ortkit::testing
