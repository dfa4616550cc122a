// Tests of doctor/verdicts on hand-made documents: every area's good path, and what a failed,
// timed-out or skipped step makes of it.
#include "doctor/verdicts.h"

#include <gtest/gtest.h>

#include "doctor/doctor.h"
#include "doctor/doctor_documents.h"

namespace ortkit::doctor {
namespace {

using nlohmann::json;
using testing::DemoDocument;
using testing::VerdictOf;
using testing::VerdictsJson;
using testing::WithStep;

bool Mentions(const json& verdict, const std::string& text) {
  if (verdict["headline"].get<std::string>().find(text) != std::string::npos) return true;
  for (const json& d : verdict["details"]) {
    if (d.get<std::string>().find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(VerdictsTest, FourAreasInOrder) {
  const json v = VerdictsJson(DemoDocument());
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0]["area"], "loads");
  EXPECT_EQ(v[1]["area"], "speed");
  EXPECT_EQ(v[2]["area"], "memory");
  EXPECT_EQ(v[3]["area"], "portability");
}

TEST(VerdictsTest, DemoLoadsWithItsSessionTime) {
  const json loads = VerdictOf(VerdictsJson(DemoDocument()), "loads");
  EXPECT_EQ(loads["status"], "good");
  EXPECT_EQ(loads["headline"], "loads in ONNX Runtime 1.30.0 on cpu in 10.0 ms; check found no errors");
}

TEST(VerdictsTest, SpeedWarnsWhenFixMeasuredAGainAndNamesTheInitializers) {
  const json speed = VerdictOf(VerdictsJson(DemoDocument()), "speed");
  EXPECT_EQ(speed["status"], "warning");
  EXPECT_EQ(speed["headline"], "p50 1.00 ms, p99 2.40 ms (mix); cold start 13.0 ms; ortkit fix makes it 1.63x faster");
  EXPECT_TRUE(Mentions(speed, "8 initializers are also listed as graph inputs"));
  EXPECT_TRUE(Mentions(speed, "first run at new shape batch=4: 5.00 ms"));
  EXPECT_TRUE(Mentions(speed, "FusedConv takes 92%"));
}

TEST(VerdictsTest, SpeedIsGoodWithoutAGainOrAFinding) {
  json doc = DemoDocument();
  doc["steps"][5]["result"]["latency"]["speedup"] = 1.02;
  doc["steps"][0]["result"]["findings"].erase(0);  // no initializers as inputs
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "speed")["status"], "good");
}

TEST(VerdictsTest, SpeedWarnsWhenOrtsDefaultPoolWouldExceedTheUsableCpus) {
  json doc = DemoDocument();
  EXPECT_FALSE(Mentions(VerdictOf(VerdictsJson(doc), "speed"), "intra_op_threads"));
  doc["environment"]["cores"] = 8;
  doc["environment"]["usable_cpus"] = 2;
  doc["environment"]["cpu_limit"] = "quota";
  const json speed = VerdictOf(VerdictsJson(doc), "speed");
  EXPECT_EQ(speed["status"], "warning");
  EXPECT_TRUE(Mentions(speed, "only 2 of 8 CPUs are usable here (limited by quota), and ONNX Runtime's default "
                              "intra-op pool starts a thread per core: set intra_op_threads=2"))
      << speed.dump(2);
}

TEST(VerdictsTest, PortabilityNamesFloat64PostProcessingAndTheFreeDimension) {
  const json p = VerdictOf(VerdictsJson(DemoDocument()), "portability");
  EXPECT_EQ(p["status"], "warning");
  EXPECT_EQ(p["headline"], "needs work before moving to other providers: float64, post-processing, dynamic-dims");
}

TEST(VerdictsTest, PortabilityIsAProblemWhenATargetCannotRunAnOp) {
  json doc = DemoDocument();
  doc["request"]["targets"] = {"nnapi"};
  doc["steps"][0]["result"]["findings"].push_back(
      testing::Finding("ORTKIT004", "unknown-op", "error", "node", "n", "no kernel", "", ""));
  const json p = VerdictOf(VerdictsJson(doc), "portability");
  EXPECT_EQ(p["status"], "problem");
  EXPECT_NE(p["headline"].get<std::string>().find("not portable to nnapi"), std::string::npos) << p["headline"];
}

TEST(VerdictsTest, MemoryFollowsMemchecksVerdict) {
  json doc = DemoDocument();
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "memory")["status"], "good");
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "memory")["headline"],
            "plateau: grew +3.1 MiB during the warm-up, then flat; peak 44.0 MiB");
  doc["steps"][3]["result"]["analysis"]["verdict"] = "leak";
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "memory")["status"], "problem");
  doc["steps"][3]["result"]["analysis"]["verdict"] = "allocator growth";
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "memory")["status"], "warning");
  doc["steps"][3]["result"]["analysis"]["verdict"] = "step growth";
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "memory")["status"], "warning");
}

// A healthy plateau with memory settings to offer is an action, not a warning; a peak out of
// proportion to the weights is (the demo's weights are 0.06 MiB: the limit is 256 MiB).
TEST(VerdictsTest, MemoryWarnsForGrowthOrAPeakLargeForTheWeightsNotForSettingsToOffer) {
  json doc = DemoDocument();
  doc["steps"][3]["result"]["recommendation"] = {{"variant", "shrink+trim"},   {"headline", "Use shrink+trim"},
                                                 {"trade_off", ""},            {"steady_saving", 2097152.0},
                                                 {"peak_saving", 1048576.0},   {"latency_change", 0.09}};
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "memory")["status"], "good");
  doc["steps"][2]["result"]["peak_rss_mib"] = 300.0;
  const json memory = VerdictOf(VerdictsJson(doc), "memory");
  EXPECT_EQ(memory["status"], "warning");
  EXPECT_NE(memory["headline"].get<std::string>().find("; the peak is large for 0.1 MiB of weights"), std::string::npos)
      << memory["headline"];
}

TEST(VerdictsTest, AModelThatDoesNotLoadIsAProblem) {
  json doc = DemoDocument();
  doc["steps"][0]["result"]["loads_in_ort"] = false;
  doc["steps"][0]["result"]["findings"].push_back(testing::Finding(
      "ORTKIT010", "ort-load", "error", "graph", "g", "Type parameter (T) bound to different types", "", ""));
  const json loads = VerdictOf(VerdictsJson(doc), "loads");
  EXPECT_EQ(loads["status"], "problem");
  EXPECT_EQ(loads["headline"],
            "does not load in ONNX Runtime 1.30.0 on cpu: Type parameter (T) bound to different types");
}

TEST(VerdictsTest, ACrashedBenchLeavesSpeedNotMeasuredAndSaysWhy) {
  const json doc = WithStep(DemoDocument(), "bench", "failed", "killed by signal 6 (Aborted)");
  const json speed = VerdictOf(VerdictsJson(doc), "speed");
  EXPECT_EQ(speed["status"], "not_measured");
  EXPECT_EQ(speed["headline"], "bench failed: killed by signal 6 (Aborted)");
  EXPECT_EQ(DoctorExitCode(json{{"verdicts", json::array()}, {"steps", doc["steps"]}}), 1);
}

TEST(VerdictsTest, ATimedOutMemcheckLeavesMemoryNotMeasured) {
  const json doc = WithStep(DemoDocument(), "memcheck", "timed_out", "timed out after 18 s and was killed");
  const json memory = VerdictOf(VerdictsJson(doc), "memory");
  EXPECT_EQ(memory["status"], "not_measured");
  EXPECT_EQ(memory["headline"], "memcheck timed out: timed out after 18 s and was killed");
}

TEST(VerdictsTest, ACrashedCheckIsAProblemUnlessBenchLoadedTheModel) {
  json doc = WithStep(DemoDocument(), "check", "failed", "killed by signal 11 (Segmentation fault)");
  const json loads = VerdictOf(VerdictsJson(doc), "loads");
  EXPECT_EQ(loads["status"], "good");  // bench ran it
  EXPECT_NE(loads["headline"].get<std::string>().find("check failed"), std::string::npos);
  doc = WithStep(doc, "bench", "failed", "exit 2");
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "loads")["status"], "problem");
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "portability")["status"], "not_measured");
  doc = WithStep(DemoDocument(), "check", "timed_out", "timed out");
  doc = WithStep(doc, "bench", "timed_out", "timed out");
  EXPECT_EQ(VerdictOf(VerdictsJson(doc), "loads")["status"], "not_measured");
}

TEST(VerdictsTest, ExitCodeIsZeroOnlyWhenEverythingIsGoodAndEveryStepRan) {
  json doc = DemoDocument();
  doc["verdicts"] = json::array({{{"status", "good"}}, {{"status", "not_measured"}}});
  EXPECT_EQ(DoctorExitCode(doc), 0);
  doc["verdicts"].push_back({{"status", "warning"}});
  EXPECT_EQ(DoctorExitCode(doc), 1);
  doc["verdicts"] = json::array();
  doc["steps"][4]["status"] = "timed_out";
  EXPECT_EQ(DoctorExitCode(doc), 1);
  doc["steps"][4]["status"] = "skipped";
  EXPECT_EQ(DoctorExitCode(doc), 0);
}

}  // namespace
}  // namespace ortkit::doctor
