// End-to-end doctor runs on small models with small budgets: the real ortkit runs every step. A
// launcher (misbehaving_ortkit_main.cc) makes one step crash or hang to show doctor survives it.
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "doctor/doctor.h"
#include "doctor/doctor_report.h"
#include "doctor/mini_schema.h"
#include "graph/demo_model.h"
#include "ortkit/error.h"
#include "sanitizers/sanitizer_build.h"
#include "testing/temp_dir.h"
#include "testing/compress_models.h"
#include "testing/test_models.h"
#include "testing/workload_models.h"
#include "testing/time_scale.h"

namespace ortkit::doctor {
namespace {

using nlohmann::json;

// Sets an environment variable for one test; the launcher reads it in the step processes.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

// `budget_s` is what a plain Release build needs; sanitizer builds scale it (time_scale.h).
DoctorRequest Request(const std::string& model, double budget_s, const char* executable = ORTKIT_CLI_PATH) {
  DoctorRequest r;
  r.model_path = model;
  r.budget_s = testing::Scaled(budget_s);  // 0 stays 0: the refusal test
  r.executable = executable;
  return r;
}

json Schema() {
  std::ifstream in(ORTKIT_DOCTOR_SCHEMA);
  return json::parse(in);
}

const json* StepOf(const json& doc, const std::string& name) {
  for (const json& step : doc["steps"]) {
    if (step["name"] == name) return &step;
  }
  return nullptr;
}

const json* ResultOf(const json& doc, const std::string& name) {
  const json* step = StepOf(doc, name);
  return step != nullptr && (*step)["result"].is_object() ? &(*step)["result"] : nullptr;
}

std::string StatusOf(const json& doc, const std::string& name) {
  const json* step = StepOf(doc, name);
  return step != nullptr ? (*step)["status"].get<std::string>() : "missing";
}

std::string TextAt(const json& object, const char* key) { return object[key].get<std::string>(); }

std::string Titles(const json& doc) {
  std::string all;
  for (const json& a : doc["actions"]) all += a["title"].get<std::string>() + "\n";
  return all;
}

TEST(DoctorRunTest, DemoModelSurfacesAllFourProblemsAndMatchesTheSchema) {
  testing::TempDir dir;
  const std::string model = dir.File("demo.onnx");
  testing::WriteFile(model, graph::MakeDemoModel().SerializeAsString());
  DoctorRequest r = Request(model, 20);
  r.dims = {"batch=1,2"};
  r.keep_dir = dir.File("kept");
  std::vector<std::string> events;
  const json doc = RunDoctor(r, [&](const StepEvent& e) { events.push_back(e.name + (e.done ? ":" + e.status : "")); });

  const auto errors = testing::SchemaErrors(Schema(), doc);
  EXPECT_TRUE(errors.empty()) << errors.front();
  ASSERT_EQ(doc["steps"].size(), 6u);
  for (const json& step : doc["steps"]) {
    EXPECT_TRUE(step["status"] == "ok" || step["status"] == "findings") << step.dump().substr(0, 500);
  }
  EXPECT_EQ(events.size(), 12u);  // a start and an end per step
  EXPECT_EQ(events.front(), "check");
  // Every step's real output reads strictly as doctor's typed contract.
  const DoctorReport report = ParseDoctorReport(doc);
  ASSERT_TRUE(report.check.result && report.inspect.result && report.bench.result && report.memcheck.result &&
              report.profile.result && report.fix.result);
  EXPECT_EQ(report.bench.result->phases.back().name, "mix");

  // The four problems: initializers as inputs and float64 (fixed, measured), the free batch
  // dimension, and the TopK post-processing.
  const json& first = doc["actions"][0];
  EXPECT_TRUE(first["measured"].get<bool>());
  EXPECT_NE(first["title"].get<std::string>().find("remove 8 initializers from the graph inputs"), std::string::npos);
  EXPECT_NE(first["title"].get<std::string>().find("float64"), std::string::npos);
  EXPECT_NE(first["effect"].get<std::string>().find(" -> "), std::string::npos) << first["effect"];
  EXPECT_NE(Titles(doc).find("free dimension 'batch'"), std::string::npos) << Titles(doc);
  EXPECT_NE(Titles(doc).find("post-processing (/TopK)"), std::string::npos) << Titles(doc);
  EXPECT_TRUE(std::ifstream(dir.File("kept/demo.fixed.onnx")).good());  // --keep-dir kept it

  // The charts' data: a histogram per bench phase, memcheck's series.
  const json* bench = ResultOf(doc, "bench");
  ASSERT_NE(bench, nullptr);
  for (const json& phase : (*bench)["steady_state"]) {
    const json& h = phase["histogram"];
    ASSERT_EQ(h["edges_ms"].size(), h["counts"].size() + 1);
    int64_t sum = 0;
    for (const json& c : h["counts"]) sum += c.get<int64_t>();
    EXPECT_EQ(sum, phase["requests"].get<int64_t>());
  }
  const json* memcheck = ResultOf(doc, "memcheck");
  ASSERT_NE(memcheck, nullptr);
  ASSERT_FALSE((*memcheck)["series"].empty());
  EXPECT_EQ((*memcheck)["series"][0]["iteration"], 0);
  EXPECT_EQ((*memcheck)["series"].back()["iteration"], (*memcheck)["schedule"]["iterations"]);
  EXPECT_EQ(DoctorExitCode(doc), 1);  // the demo has warnings on purpose
}

TEST(DoctorRunTest, ACrashingStepIsReportedAndTheOthersStillRun) {
  testing::TempDir dir;
  const std::string model = dir.File("add.onnx");
  testing::WriteFile(model, testing::AddModel());
  ScopedEnv crash("ORTKIT_TEST_CRASH_STEP", "profile");
  const json doc = RunDoctor(Request(model, 12, ORTKIT_MISBEHAVING_PATH));

  EXPECT_TRUE(testing::SchemaErrors(Schema(), doc).empty());
  const json* profile = StepOf(doc, "profile");
  ASSERT_NE(profile, nullptr);
  EXPECT_EQ((*profile)["status"], "failed");
  EXPECT_TRUE((*profile)["result"].is_null());
  const std::string message = (*profile)["message"];
  EXPECT_NE(message.find("killed by signal 6"), std::string::npos) << message;
  EXPECT_NE(message.find("simulated crash inside the runtime"), std::string::npos) << message;
  EXPECT_EQ(StatusOf(doc, "check"), "ok");
  EXPECT_EQ(StatusOf(doc, "bench"), "ok");
  if (ORTKIT_SANITIZER_BUILD) {
    // The sanitizer's allocator hides glibc's heap counters and grows resident memory, which
    // memcheck rightly calls growth: "findings" there.
    EXPECT_NE(StatusOf(doc, "memcheck"), "failed");
  } else {
    EXPECT_EQ(StatusOf(doc, "memcheck"), "ok");
  }
  EXPECT_EQ(StatusOf(doc, "fix"), "skipped");  // Add has nothing fix repairs
  // A failed step is reported with the steps, never as an action to take.
  EXPECT_EQ(Titles(doc).find("profile failed"), std::string::npos) << Titles(doc);
  EXPECT_EQ(DoctorExitCode(doc), 1);
}

TEST(DoctorRunTest, AStepWhoseJsonHasTheWrongShapeFailsNamingTheKey) {
  testing::TempDir dir;
  const std::string model = dir.File("add.onnx");
  testing::WriteFile(model, testing::AddModel());
  ScopedEnv wrong("ORTKIT_TEST_WRONG_JSON_STEP", "inspect");
  const json doc = RunDoctor(Request(model, 12, ORTKIT_MISBEHAVING_PATH));

  EXPECT_TRUE(testing::SchemaErrors(Schema(), doc).empty());
  EXPECT_EQ(StatusOf(doc, "inspect"), "failed");
  const std::string message = TextAt(*StepOf(doc, "inspect"), "message");
  EXPECT_NE(message.find("exited with 0"), std::string::npos) << message;
  EXPECT_NE(message.find("doctor step 'inspect': result.model: expected a string, found an integer"),
            std::string::npos)
      << message;
  EXPECT_EQ(StatusOf(doc, "check"), "ok");
  EXPECT_EQ(StatusOf(doc, "bench"), "ok");  // the steps after it still ran
  // The document still reads: the failed step has no typed result, so nothing is judged by it.
  const DoctorReport report = ParseDoctorReport(doc);
  EXPECT_FALSE(report.inspect.result.has_value());
  EXPECT_EQ(report.inspect.status, "failed");
  EXPECT_EQ(DoctorExitCode(doc), 1);
}

TEST(DoctorRunTest, AHangingStepIsKilledAtItsDeadline) {
  testing::TempDir dir;
  const std::string model = dir.File("add.onnx");
  testing::WriteFile(model, testing::AddModel());
  ScopedEnv hang("ORTKIT_TEST_HANG_STEP", "memcheck");
  const json doc = RunDoctor(Request(model, 8, ORTKIT_MISBEHAVING_PATH));
  const json* memcheck = StepOf(doc, "memcheck");
  ASSERT_NE(memcheck, nullptr);
  EXPECT_EQ((*memcheck)["status"], "timed_out");
  EXPECT_NE((*memcheck)["message"].get<std::string>().find("timed out after"), std::string::npos);
  EXPECT_EQ(StatusOf(doc, "profile"), "ok");  // the steps after it still ran
  for (const json& v : doc["verdicts"]) {
    if (v["area"] == "memory") {
      EXPECT_EQ(v["status"], "not_measured");
    }
  }
  // 8 s of budget; memcheck's deadline is what bench left of its share plus its own.
  EXPECT_LT(doc["elapsed_s"].get<double>(), testing::Scaled(30));
}

TEST(DoctorRunTest, AnEncoderThatFailsAtOneIsMeasuredAtProbedSizesAndTheFirstActionAsksForTheRealOnes) {
  testing::TempDir dir;
  const std::string model = dir.File("encoder.onnx");
  testing::WriteFile(model, testing::SpeechEncoderModel());
  const json doc = RunDoctor(Request(model, 20));
  const auto errors = testing::SchemaErrors(Schema(), doc);
  EXPECT_TRUE(errors.empty()) << errors.front();

  const json& w = doc["workload"];
  EXPECT_EQ(w["status"], "ok") << w.dump();
  EXPECT_EQ(w["probed"], json::array({"T"}));
  EXPECT_EQ(w["dims"], json::array({"T=8,32,128"}));
  EXPECT_EQ(w["notes"][0], "speech_lengths = T (a lengths input; override with --value)");
  for (const char* name : {"bench", "memcheck", "profile"}) {
    EXPECT_TRUE(StatusOf(doc, name) == "ok" || StatusOf(doc, name) == "findings") << name << ": " << StepOf(doc, name)->dump();
  }
  EXPECT_NE(TextAt(*StepOf(doc, "bench"), "command_line").find("--dim T=8,32,128"), std::string::npos);
  EXPECT_NE(TextAt(*StepOf(doc, "profile"), "command_line").find("--dim T=128"), std::string::npos);
  const json* bench = ResultOf(doc, "bench");
  ASSERT_NE(bench, nullptr);
  std::vector<std::string> phases;
  for (const json& phase : (*bench)["steady_state"]) phases.push_back(phase["name"]);
  EXPECT_EQ(phases, (std::vector<std::string>{"T=8", "T=32", "T=128", "mix"}));

  const std::string first = doc["actions"][0]["title"];
  EXPECT_EQ(first.rfind("give the real sizes of T (this run measured sizes ortkit probed: T=1 failed in ", 0), 0u)
      << first;
  EXPECT_EQ(doc["actions"][0]["command"], "ortkit doctor " + model + " --dim T=8,32,128");
}

// 1.6 MB of weights (two layers of width 128, a score head of 32): doctor compresses it.
std::string EncoderWithWeights(const testing::TempDir& dir) {
  const std::string model = dir.File("encoder.onnx");
  testing::WriteFile(model, testing::ExportedEncoderModel(128, 2, 4, 32));
  return model;
}

TEST(DoctorRunTest, AModelWithAMegabyteOfWeightsGetsItsVariantsComparedInTheBudget) {
  testing::TempDir dir;
  DoctorRequest r = Request(EncoderWithWeights(dir), 60);
  r.dims = {"batch=1", "seq=16"};
  std::vector<std::string> events;
  const json doc = RunDoctor(r, [&](const StepEvent& e) {
    if (e.name == "compress") events.push_back(fmt::format("{}/{}", e.index, e.count));
  });
  const auto errors = testing::SchemaErrors(Schema(), doc);
  EXPECT_TRUE(errors.empty()) << errors.front();
  EXPECT_EQ(events, (std::vector<std::string>{"6/6", "6/6"}));  // after the six steps
  ASSERT_TRUE(doc.contains("compress"));
  const json& c = doc["compress"];
  ASSERT_TRUE(c["status"] == "ok" || c["status"] == "findings") << c.dump().substr(0, 800);
  EXPECT_NE(TextAt(c, "command_line").find("compress " + r.model_path + " --dim batch=1 --dim seq=16 --runs "),
            std::string::npos)
      << c["command_line"];
  const DoctorReport report = ParseDoctorReport(doc);
  ASSERT_TRUE(report.compress && report.compress->result);
  const CompressResult& result = *report.compress->result;
  for (const char* name : {"original", "float16", "quantize-dynamic"}) {
    const CompressVariant* v = result.Find(name);
    ASSERT_NE(v, nullptr) << name;
    EXPECT_TRUE(v->measured) << name << ": " << v->skipped;
    EXPECT_GT(v->peak_rss_mib, 0) << name;
  }
  EXPECT_FALSE(result.Find("quantize-static")->measured);  // doctor has no calibration data
  EXPECT_LT(result.Find("quantize-dynamic")->size_ratio, 0.35);
  // Within the budget: compress had what the steps left.
  EXPECT_LT(doc["elapsed_s"].get<double>(), testing::Scaled(60) + 10);
}

TEST(DoctorRunTest, CompressIsSkippedWithTheBudgetThatWouldRunItWhenItDoesNotFit) {
  testing::TempDir dir;
  DoctorRequest r = Request(EncoderWithWeights(dir), 6);
  // Not scaled for a sanitizer build: compress's 20% (1.2 s) must stay below its fixed costs alone
  // (3 s: a process, two passes, three fresh processes), whatever the runs take. Steps that
  // overrun it are recorded as such; this test is about compress.
  r.budget_s = 6;
  r.dims = {"batch=1", "seq=16"};
  const json doc = RunDoctor(r);
  ASSERT_TRUE(doc.contains("compress"));
  EXPECT_EQ(doc["compress"]["status"], "skipped") << doc["compress"].dump().substr(0, 500);
  const std::string why = TextAt(doc["compress"], "message");
  EXPECT_NE(why.find("it needs about "), std::string::npos) << why;
  EXPECT_NE(why.find("a --budget of about "), std::string::npos) << why;
  const auto errors = testing::SchemaErrors(Schema(), doc);
  EXPECT_TRUE(errors.empty()) << errors.front();
}

TEST(DoctorRunTest, AModelOrtRefusesIsAProblemAndTheSessionStepsAreSkipped) {
  testing::TempDir dir;
  const std::string model = dir.File("div.onnx");
  testing::WriteFile(model, testing::DoubleFloatDivModel());
  const json doc = RunDoctor(Request(model, 10));
  EXPECT_EQ(StatusOf(doc, "check"), "findings");  // an error finding: check exits 1
  EXPECT_EQ(StatusOf(doc, "inspect"), "ok");
  for (const char* name : {"bench", "memcheck", "profile", "fix"}) {
    EXPECT_EQ(StatusOf(doc, name), "skipped") << name;
    EXPECT_EQ(TextAt(*StepOf(doc, name), "message"), "the model does not load in ONNX Runtime (see the check step)");
  }
  EXPECT_EQ(doc["verdicts"][0]["status"], "problem");
  EXPECT_NE(doc["verdicts"][0]["headline"].get<std::string>().find("does not load in ONNX Runtime"), std::string::npos)
      << doc["verdicts"][0]["headline"];
  EXPECT_EQ(doc["verdicts"][1]["status"], "not_measured");
  EXPECT_EQ(DoctorExitCode(doc), 1);
}

TEST(DoctorRunTest, AMissingModelIsAnErrorBeforeAnyStep) {
  bool ran = false;
  EXPECT_THROW(RunDoctor(Request("/nonexistent/model.onnx", 10), [&](const StepEvent&) { ran = true; }), Error);
  EXPECT_FALSE(ran);
  testing::TempDir dir;
  EXPECT_THROW(RunDoctor(Request(dir.path(), 10)), Error);  // a directory
}

TEST(DoctorRunTest, BadBudgetOrDimIsAnErrorBeforeAnyStep) {
  testing::TempDir dir;
  const std::string model = dir.File("add.onnx");
  testing::WriteFile(model, testing::AddModel());
  EXPECT_THROW(RunDoctor(Request(model, 0)), Error);
  DoctorRequest r = Request(model, 10);
  r.dims = {"batch=0"};
  EXPECT_THROW(RunDoctor(r), Error);
}

}  // namespace
}  // namespace ortkit::doctor
