// RunChecks: what it reads, how it survives broken models and rules, how it sorts.
#include "graph/check_engine.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "graph/checks/rules.h"
#include "ortkit/error.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::CheckContext;
using graph::Rule;
using graph::RuleInfo;

onnx::ModelProto Parse(const std::string& bytes) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(bytes));
  return model;
}

template <typename F>
void ExpectError(F&& f, ErrorCategory category, const std::string& message) {
  try {
    f();
    ADD_FAILURE() << "no exception; expected: " << message;
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), category);
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(CheckEngineTest, RunsEveryRuleInIdOrderAndSkipsOrtRulesWithoutOrt) {
  const CheckReport with = CheckModel(Parse(AddModel()), WithOrt());
  EXPECT_EQ(with.rules_run, (std::vector<std::string>{"ORTKIT001", "ORTKIT002", "ORTKIT003", "ORTKIT004", "ORTKIT005",
                                                      "ORTKIT006", "ORTKIT007", "ORTKIT008", "ORTKIT009", "ORTKIT010",
                                                      "ORTKIT011"}));
  EXPECT_EQ(with.loads_in_ort, true);
  const CheckReport without = CheckModel(Parse(AddModel()), StaticOnly());
  EXPECT_EQ(std::count(without.rules_run.begin(), without.rules_run.end(), "ORTKIT010"), 0);
  EXPECT_EQ(without.loads_in_ort, std::nullopt);
}

TEST(CheckEngineTest, ACleanModelHasNoWarningsOrErrors) {
  graph::ModelBuilder b("clean");
  b.Input("x", ElementType::kFloat32, {1, 4})
      .Initializer("w", graph::SeededWeights(16, 0.5f, 1), Shape{4, 4})
      .Node("MatMul", {"x", "w"}, {"y"}, {}, "matmul")
      .Output("y", ElementType::kFloat32, {1, 4});
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  EXPECT_FALSE(report.Reaches(Severity::kWarning)) << (report.findings.empty() ? "" : report.findings[0].message);
  EXPECT_EQ(report.loads_in_ort, true);
}

TEST(CheckEngineTest, MissingFileIsALoadErrorNamingIt) {
  TempDir dir;
  const std::string path = dir.File("missing.onnx");
  ExpectError([&] { graph::RunChecks(path); }, ErrorCategory::kLoad,
              "while reading '" + path + "': No such file or directory");
}

TEST(CheckEngineTest, BytesThatAreNotAModelAreALoadError) {
  TempDir dir;
  const std::string path = dir.File("text.onnx");
  WriteFile(path, "this is not a protobuf model\n");
  try {
    graph::RunChecks(path);
    ADD_FAILURE() << "no exception";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()).rfind("while reading '" + path + "': ", 0), 0u) << e.what();
  }
}

TEST(CheckEngineTest, UnknownProviderIsAConfigError) {
  graph::CheckOptions options;
  options.providers = {"warp-drive"};
  TempDir dir;
  WriteFile(dir.File("add.onnx"), AddModel());
  ExpectError([&] { graph::RunChecks(dir.File("add.onnx"), options); }, ErrorCategory::kConfig,
              "check: unknown provider 'warp-drive'");
}

TEST(CheckEngineTest, ShapeInferenceErrorsBecomeFindingsNotExceptions) {
  graph::ModelBuilder b("bad_shapes");
  b.Input("a", ElementType::kFloat32, {2, 3})
      .Input("b", ElementType::kFloat32, {4, 5})
      .Node("MatMul", {"a", "b"}, {"c"}, {}, "mm")
      .Output("c", ElementType::kFloat32, {2, 5});
  const CheckReport report = CheckModel(b.proto(), WithOrt());
  const auto found = FindingsOf(report, "ORTKIT008");
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0].location, "mm");
  EXPECT_EQ(found[0].location_kind, "node");
  EXPECT_EQ(found[0].message, "ONNX shape inference failed: (op_type:MatMul, node name: mm): [ShapeInferenceError] "
                              "Incompatible dimensions for matrix multiplication");
  EXPECT_EQ(report.loads_in_ort, false);
}

TEST(CheckEngineTest, InferenceOfACleanModelHasNoErrorsAndOfABrokenOneKeepsTheText) {
  EXPECT_TRUE(graph::InferForChecks(Parse(AddModel())).errors.empty());
  const graph::InferenceResult r = graph::InferForChecks(Parse(DoubleFloatDivModel()));
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0], "[ShapeInferenceError] (op_type:Div, node name: Div_337): B has inconsistent type tensor(float)");
}

// A rule with a bug must not take the others' findings with it.
class ThrowingRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }
  void Check(const CheckContext&, std::vector<Finding>&) const override { throw std::runtime_error("boom"); }

 private:
  RuleInfo info_{"ORTKIT999", "throws", "always throws", false};
};

TEST(CheckEngineTest, ARuleThatThrowsBecomesAWarningAndTheOthersStillRun) {
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(std::make_unique<ThrowingRule>());
  rules.push_back(graph::MakeFloat64Rule());
  TempDir dir;
  WriteFile(dir.File("mixed.onnx"), MixedTypesModel());
  const CheckReport report = graph::RunChecks(dir.File("mixed.onnx"), StaticOnly(), rules);
  EXPECT_EQ(report.rules_run, (std::vector<std::string>{"ORTKIT999", "ORTKIT006"}));
  ASSERT_EQ(FindingsOf(report, "ORTKIT999").size(), 1u);
  EXPECT_EQ(FindingsOf(report, "ORTKIT999")[0].message, "ortkit's rule ORTKIT999 failed on this model: boom");
  EXPECT_EQ(FindingsOf(report, "ORTKIT999")[0].severity, Severity::kWarning);
  EXPECT_EQ(FindingsOf(report, "ORTKIT006").size(), 1u);
}

TEST(CheckEngineTest, SortPutsErrorsFirstThenRuleIdThenLocationAndIsStable) {
  auto make = [](const char* id, Severity s, const char* location, const char* message) {
    Finding f;
    f.rule_id = id;
    f.severity = s;
    f.location = location;
    f.message = message;
    return f;
  };
  std::vector<Finding> findings = {make("ORTKIT011", Severity::kInfo, "a", "1"),
                                   make("ORTKIT002", Severity::kWarning, "b", "2"),
                                   make("ORTKIT004", Severity::kError, "z", "3"),
                                   make("ORTKIT001", Severity::kWarning, "c", "4"),
                                   make("ORTKIT002", Severity::kWarning, "a", "5"),
                                   make("ORTKIT002", Severity::kWarning, "a", "6")};
  graph::SortFindings(findings);
  std::string order;
  for (const Finding& f : findings) order += f.message;
  EXPECT_EQ(order, "345621");
}

TEST(CheckEngineTest, ReachesFollowsTheFailOnLevel) {
  CheckReport report;
  EXPECT_FALSE(report.Reaches(Severity::kInfo));
  Finding f;
  f.severity = Severity::kWarning;
  report.findings.push_back(f);
  EXPECT_TRUE(report.Reaches(Severity::kInfo));
  EXPECT_TRUE(report.Reaches(Severity::kWarning));
  EXPECT_FALSE(report.Reaches(Severity::kError));
}

}  // namespace
}  // namespace ortkit::testing
