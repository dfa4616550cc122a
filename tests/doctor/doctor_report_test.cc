// Tests of doctor/doctor_report: the hand-made demo document reads into typed steps, a step's
// result that does not read is an Error naming the step and the key path, and a failed step's
// partial output is kept out of the typed result.
#include "doctor/doctor_report.h"

#include <gtest/gtest.h>

#include "doctor/doctor_documents.h"
#include "doctor/environment.h"
#include "ortkit/error.h"

namespace ortkit::doctor {
namespace {

using nlohmann::json;
using testing::DemoDocument;

std::string ParseError(const json& document) {
  try {
    ParseDoctorReport(document);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    return e.what();
  }
  return "";
}

TEST(DoctorReportTest, TheDemoDocumentReadsIntoTypedSteps) {
  const DoctorReport r = ParseDoctorReport(DemoDocument());
  EXPECT_EQ(r.schema_version, 1);
  EXPECT_EQ(r.model.path, "build/demo/demo.onnx");
  EXPECT_EQ(r.model.file_bytes, 60953);
  EXPECT_EQ(r.environment.onnxruntime, "1.30.0");
  EXPECT_EQ(r.request.dims, std::vector<std::string>{"batch=1,4"});
  EXPECT_FALSE(r.workload.has_value());
  ASSERT_EQ(r.Steps().size(), 6u);
  EXPECT_EQ(r.Steps()[2]->name, "bench");
  ASSERT_TRUE(r.check.result.has_value());
  EXPECT_EQ(r.check.result->findings.size(), 5u);
  ASSERT_TRUE(r.bench.result.has_value());
  EXPECT_EQ(r.bench.result->phases.back().name, "mix");
  EXPECT_DOUBLE_EQ(r.bench.result->phases.back().latency.p50, 1.0);
  ASSERT_TRUE(r.fix.result && r.fix.result->latency);
  EXPECT_DOUBLE_EQ(r.fix.result->latency->speedup, 1.63);
  EXPECT_EQ(r.FindStep("memcheck")->status, "ok");
  EXPECT_EQ(r.FindStep("nonsense"), nullptr);
  ASSERT_TRUE(r.verdicts.has_value());
  EXPECT_TRUE(r.verdicts->empty());
}

TEST(DoctorReportTest, AStepResultOfTheWrongShapeNamesTheStepAndTheKeyPath) {
  json doc = DemoDocument();
  doc["steps"][2]["result"]["steady_state"][0]["latency"]["p50_ms"] = "0.48";
  EXPECT_EQ(ParseError(doc), "doctor step 'bench': result.steady_state[0].latency: 'p50_ms' must be a number, got a string");
  doc = DemoDocument();
  doc["steps"][3]["result"]["analysis"]["verdict"] = 1;
  EXPECT_EQ(ParseError(doc), "doctor step 'memcheck': result.analysis.verdict: expected a string, found an integer");
  doc = DemoDocument();
  doc["steps"][4]["result"].erase("cpu_fallback_nodes");
  EXPECT_EQ(ParseError(doc), "doctor step 'profile': result: 'cpu_fallback_nodes' is missing");
}

TEST(DoctorReportTest, TheDocumentsOwnFieldsAreReadStrictlyToo) {
  json doc = DemoDocument();
  doc["environment"]["cores"] = "2";
  EXPECT_EQ(ParseError(doc), "doctor document.environment.cores: expected an integer, found a string");
  doc = DemoDocument();
  doc["steps"][1]["status"] = nullptr;
  EXPECT_EQ(ParseError(doc), "doctor document.steps[1].status: expected a string, found null");
  doc = DemoDocument();
  doc["steps"][1]["name"] = "lint";
  EXPECT_EQ(ParseError(doc), "doctor document.steps[1].name: unknown step 'lint'");
  doc = DemoDocument();
  doc["steps"][1]["name"] = "check";
  EXPECT_EQ(ParseError(doc), "doctor document.steps[1].name: a second step 'check'");
}

TEST(DoctorReportTest, AFailedStepsPartialOutputIsNotATypedResult) {
  json doc = DemoDocument();
  doc["steps"][2]["status"] = "failed";
  doc["steps"][2]["result"] = {{"format", "ortkit.bench/1"}};  // cut off mid-way
  const DoctorReport r = ParseDoctorReport(doc);
  EXPECT_EQ(r.bench.status, "failed");
  EXPECT_FALSE(r.bench.result.has_value());
  doc["steps"][2]["status"] = "ok";
  EXPECT_EQ(ParseError(doc), "doctor step 'bench': result: 'cold_start' is missing");
  doc["steps"][2]["result"]["format"] = "ortkit.bench/0";
  EXPECT_EQ(ParseError(doc), "doctor step 'bench': result.format: expected \"ortkit.bench/1\", found \"ortkit.bench/0\"");
}

TEST(DoctorReportTest, AMissingStepReadsAsMissing) {
  json doc = DemoDocument();
  doc["steps"].erase(4);
  const DoctorReport r = ParseDoctorReport(doc);
  EXPECT_EQ(r.profile.status, "missing");
  EXPECT_EQ(r.profile.name, "profile");
  EXPECT_EQ(r.FindStep("profile"), nullptr);
  EXPECT_EQ(r.Steps().size(), 5u);
}

TEST(DoctorReportTest, ValidateStepResultThrowsWhatParsingWouldSay) {
  const json doc = DemoDocument();
  EXPECT_NO_THROW(ValidateStepResult("fix", doc["steps"][5]["result"]));
  json fix = doc["steps"][5]["result"];
  fix["verification"]["passed"] = "true";
  try {
    ValidateStepResult("fix", fix);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "doctor step 'fix': result.verification.passed: expected true or false, found a string");
  }
  EXPECT_THROW(ValidateStepResult("check", json::array()), Error);
}

TEST(DoctorReportTest, CompressReadsAsAStepWhenThereAndIsAbsentOtherwise) {
  EXPECT_FALSE(ParseDoctorReport(DemoDocument()).compress.has_value());  // under 1 MB of weights
  json doc = DemoDocument();
  doc["compress"] = testing::CompressEntry();
  const DoctorReport r = ParseDoctorReport(doc);
  ASSERT_TRUE(r.compress && r.compress->result);
  EXPECT_EQ(r.compress->name, "compress");
  EXPECT_EQ(r.Steps().size(), 6u);  // not one of the steps
  const CompressResult& c = *r.compress->result;
  ASSERT_EQ(c.variants.size(), 4u);
  EXPECT_EQ(c.best, std::optional<std::string>("quantize-dynamic"));
  EXPECT_EQ(c.objective, "p50");
  const CompressVariant* int8 = c.Find("quantize-dynamic");
  ASSERT_NE(int8, nullptr);
  EXPECT_TRUE(int8->measured && int8->passes_gate && int8->pareto);
  EXPECT_NEAR(int8->size_ratio, 3.1 / 12, 1e-9);
  ASSERT_NE(int8->At(1), nullptr);
  EXPECT_DOUBLE_EQ(*int8->At(1)->p50_ratio, 0.48);
  EXPECT_DOUBLE_EQ(*int8->At(1)->p50_ratio_noise, 0.02);
  EXPECT_EQ(int8->At(2), nullptr);
  EXPECT_FALSE(c.variants.front().min_cosine.has_value());  // the original is the reference
  const CompressVariant* skipped = c.Find("quantize-static");
  ASSERT_NE(skipped, nullptr);
  EXPECT_FALSE(skipped->measured);
  EXPECT_NE(skipped->skipped.find("--calibration"), std::string::npos);
  EXPECT_EQ(c.Find("float32"), nullptr);
}

TEST(DoctorReportTest, ACompressResultOfTheWrongShapeNamesTheKeyPath) {
  json doc = DemoDocument();
  doc["compress"] = testing::CompressEntry();
  doc["compress"]["result"]["variants"][2]["latency"][0]["p50_ms"] = "3";
  EXPECT_EQ(ParseError(doc),
            "doctor step 'compress': result.variants[2].latency[0].p50_ms: expected a number, found a string");
  doc["compress"]["result"]["variants"] = json::array();
  EXPECT_EQ(ParseError(doc), "doctor step 'compress': result.variants: no variants");
  doc["compress"]["status"] = "timed_out";  // a partial result of a step that did not finish
  EXPECT_FALSE(ParseDoctorReport(doc).compress->result.has_value());
  doc["compress"].erase("status");
  EXPECT_EQ(ParseError(doc), "doctor document.compress: 'status' is missing");
}

TEST(DoctorReportTest, TheEnvironmentCarriesWhatVersionFoundAndWhatCannotRun) {
  const nlohmann::json version = {
      {"ortkit", "0.1.0"},
      {"onnxruntime", "1.30.0"},
      {"ort_api_version", 27},
      {"cpus", {{"online", 4}, {"affinity", 4}, {"quota", 1.5}, {"quota_source", "cpu.max"}, {"usable", 1},
                {"limited_by", "quota"}}},
      {"providers", {{{"name", "CPUExecutionProvider"}, {"usable", true}},
                     {{"name", "CUDAExecutionProvider"}, {"usable", false}, {"reason", "no libcudart"}}}},
      {"ep_devices", {{{"ep_name", "CPUExecutionProvider"}, {"ep_vendor", "Microsoft"}, {"device_type", "cpu"},
                       {"hardware_vendor", "AMD"}, {"vendor_id", 4130}, {"device_id", 0}}}}};
  const nlohmann::json env = Environment(version);
  EXPECT_EQ(env["providers"], nlohmann::json::array({"cpu"}));
  EXPECT_EQ(env["unusable_providers"], nlohmann::json::parse(R"([{"name": "cuda", "reason": "no libcudart"}])"));
  EXPECT_EQ(env["ep_devices"][0]["hardware_vendor"], "AMD");
  EXPECT_EQ(env["usable_cpus"], 1);
  EXPECT_EQ(env["cpu_limit"], "quota");
  // Without `ortkit version`, nothing is invented: no devices, every core usable as far as known.
  const nlohmann::json bare = Environment(nlohmann::json());
  EXPECT_TRUE(bare["ep_devices"].empty());
  EXPECT_EQ(bare["usable_cpus"], bare["cores"]);
}

TEST(DoctorReportTest, VerdictsAndActionsRoundTrip) {
  json doc = DemoDocument();
  const std::vector<Verdict> verdicts = {{"loads", "good", "loads", {"a", "b"}}};
  const std::vector<Action> actions = {{1, "fix it", "not measured", "ortkit fix m.onnx", false}};
  doc["verdicts"] = VerdictsToJson(verdicts);
  doc["actions"] = ActionsToJson(actions);
  const DoctorReport r = ParseDoctorReport(doc);
  ASSERT_EQ(r.verdicts->size(), 1u);
  EXPECT_EQ((*r.verdicts)[0].details, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(r.actions->size(), 1u);
  EXPECT_EQ((*r.actions)[0].command, "ortkit fix m.onnx");
  EXPECT_EQ(ActionsToJson(*r.actions), doc["actions"]);
}

}  // namespace
}  // namespace ortkit::doctor
