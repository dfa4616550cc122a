// Tests of doctor/actions on hand-made documents: the ranking, measured effects only where a step
// measured them, and actions for failed steps.
#include "doctor/actions.h"

#include <gtest/gtest.h>

#include "doctor/doctor_documents.h"

namespace ortkit::doctor {
namespace {

using nlohmann::json;
using testing::ActionsJson;
using testing::DemoDocument;
using testing::WithStep;

TEST(ActionsTest, TheVerifiedFixComesFirstWithItsMeasuredGain) {
  const json actions = ActionsJson(DemoDocument());
  ASSERT_GE(actions.size(), 3u);
  const json& first = actions[0];
  EXPECT_EQ(first["rank"], 1);
  EXPECT_EQ(first["title"], "remove 8 initializers from the graph inputs, make the float64 branch float32");
  EXPECT_EQ(first["effect"], "p50 0.48 ms -> 0.29 ms (1.63x), outputs within 4.5e-08");
  EXPECT_EQ(first["command"], "ortkit fix build/demo/demo.onnx -o build/demo/demo.fixed.onnx");
  EXPECT_TRUE(first["measured"].get<bool>());
}

TEST(ActionsTest, TheFreeDimensionAndPostProcessingFollowUnmeasured) {
  const json actions = ActionsJson(DemoDocument());
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[1]["title"],
            "fix the free dimension 'batch' if deployment uses one size (static-shape providers need it)");
  EXPECT_EQ(actions[1]["command"], "ortkit fix build/demo/demo.onnx -o build/demo/demo.static.onnx --dim batch=1");
  EXPECT_EQ(actions[1]["effect"], "not measured");
  EXPECT_FALSE(actions[1]["measured"].get<bool>());
  EXPECT_EQ(actions[2]["title"], "move the post-processing (/TopK) out of the graph into application code");
  EXPECT_EQ(actions[2]["command"], "ortkit extract demo.onnx -o backbone.onnx --outputs probabilities");
  EXPECT_EQ(actions[2]["rank"], 3);
}

TEST(ActionsTest, IdenticalOutputsAreSaidSo) {
  json doc = DemoDocument();
  doc["steps"][5]["result"]["verification"]["outputs"][0]["max_abs"] = 0.0;
  EXPECT_EQ(ActionsJson(doc)[0]["effect"], "p50 0.48 ms -> 0.29 ms (1.63x), outputs identical");
}

TEST(ActionsTest, AFixThatDidNotFinishIsStillSuggestedButNotMeasured) {
  const json doc = WithStep(DemoDocument(), "fix", "timed_out", "timed out after 7 s and was killed");
  const json actions = ActionsJson(doc);
  ASSERT_GE(actions.size(), 1u);
  // The timed-out step is not an action (the steps report it); the fix is, unmeasured.
  EXPECT_EQ(actions[0]["title"], "fix initializer-in-inputs, float64");
  EXPECT_EQ(actions[0]["effect"], "not measured");
  EXPECT_FALSE(actions[0]["measured"].get<bool>());
  for (const json& a : actions) EXPECT_EQ(a["title"].get<std::string>().find("timed out"), std::string::npos) << a;
}

TEST(ActionsTest, AFailedVerificationIsNotPresentedAsAGain) {
  json doc = DemoDocument();
  doc["steps"][5]["result"]["verification"]["passed"] = false;
  doc["steps"][5]["result"]["verification"]["failure"] = "output 'probabilities' differs by 0.2";
  const json first = ActionsJson(doc)[0];
  EXPECT_FALSE(first["measured"].get<bool>());
  EXPECT_EQ(first["effect"], "not applied: output 'probabilities' differs by 0.2");
}

TEST(ActionsTest, AMeasuredMemorySettingBecomesAnAction) {
  json doc = DemoDocument();
  doc["steps"][3]["command_line"] = "ortkit memcheck demo.onnx --dim batch=1..4 --runs 150 --variants --format json";
  doc["steps"][3]["result"]["recommendation"] = {{"variant", "shrink+trim"},
                                                 {"headline", "Use shrink+trim"},
                                                 {"trade_off", ""},
                                                 {"steady_saving", 2 * 1048576.0},
                                                 {"peak_saving", 1048576.0},
                                                 {"latency_change", 0.05}};
  const json actions = ActionsJson(doc);
  const json* memory = nullptr;
  for (const json& a : actions) {
    if (a["title"].get<std::string>().find("memory settings") != std::string::npos) memory = &a;
  }
  ASSERT_NE(memory, nullptr);
  EXPECT_EQ((*memory)["effect"], "steady memory -2.0 MiB, peak -1.0 MiB, latency +5%");
  EXPECT_EQ((*memory)["command"],
            "ortkit memcheck demo.onnx --dim batch=1..4 --runs 150 --variants -o deployment.json");
  EXPECT_TRUE((*memory)["measured"].get<bool>());
}

TEST(ActionsTest, ACrashedStepIsNeverAnAction) {
  const json doc = WithStep(DemoDocument(), "profile", "failed", "killed by signal 6 (Aborted)");
  EXPECT_EQ(ActionsJson(doc), ActionsJson(DemoDocument()));
}

// Not a measured gain, so not "do first": the first of the optional actions, after the fix.
TEST(ActionsTest, ProbedSizesComeFirstAmongTheOptionalWithTheCommandThatGivesThem) {
  json doc = DemoDocument();
  doc["workload"] = {{"command_line", "ortkit run demo.onnx --provider cpu --json"},
                     {"status", "ok"},
                     {"message", ""},
                     {"sizes", {{"T", 8}}},
                     {"probed", {"T"}},
                     {"notes", {"T=1 failed in Conv 'c' (bad); T=8 is the smallest power of two that runs; using T=8."}},
                     {"dims", {"T=8,32,128"}}};
  const json actions = ActionsJson(doc);
  EXPECT_EQ(actions[0]["tier"], "do first");
  const json first = actions[1];
  EXPECT_EQ(first["title"], "give the real sizes of T (this run measured sizes ortkit probed: T=1 failed in Conv 'c' "
                            "(bad); T=8 is the smallest power of two that runs; using T=8.)");
  EXPECT_EQ(first["command"], "ortkit doctor build/demo/demo.onnx --dim T=8,32,128");
  EXPECT_FALSE(first["measured"].get<bool>());
  EXPECT_EQ(first["tier"], "optional");
  EXPECT_EQ(first["reason"], "every figure of this run is for sizes ortkit chose, not yours");
}

TEST(ActionsTest, NoInputsThatRunIsTheFirstAction) {
  json doc = DemoDocument();
  doc["workload"] = {{"command_line", "ortkit run demo.onnx --json"}, {"status", "failed"},
                     {"message", "ortkit: error: no size of T up to 4096 runs"}, {"sizes", json::object()},
                     {"probed", json::array()}, {"notes", json::array()}, {"dims", json::array()}};
  const json first = ActionsJson(doc)[0];
  EXPECT_EQ(first["title"], "give the sizes and values your model runs on (--dim, --value, --input): ortkit found none "
                            "that run: ortkit: error: no size of T up to 4096 runs");
  EXPECT_EQ(first["command"], "ortkit run demo.onnx --json");
}

TEST(ActionsTest, CoverageActionsCheckTheTargetPlacementActionsTheProvider) {
  json doc = DemoDocument();
  doc["request"]["provider"] = "webgpu";
  doc["request"]["targets"] = {"nnapi"};
  doc["steps"][0]["result"]["findings"] =
      json::array({testing::Finding("ORTKIT009", "provider-coverage", "warning", "graph", "g",
                                    "nnapi takes none of the 14 nodes", "", ""),
                   testing::Finding("ORTKIT009", "provider-coverage", "warning", "graph", "g",
                                    "ONNX Runtime 1.30.0 with --provider webgpu placed 15 nodes", "", "")});
  const json actions = ActionsJson(doc);
  ASSERT_EQ(actions.size(), 3u);
  EXPECT_EQ(actions[0]["effect"],
            "p50 0.48 ms -> 0.29 ms (1.63x on cpu), outputs within 4.5e-08");  // fix times on the CPU
  EXPECT_EQ(actions[1]["command"], "ortkit check build/demo/demo.onnx --target nnapi");
  EXPECT_EQ(actions[2]["command"], "ortkit check build/demo/demo.onnx --provider webgpu");
}

TEST(ActionsTest, NothingToDoGivesNoActions) {
  json doc = DemoDocument();
  doc["steps"][0]["result"]["findings"] = json::array();
  doc["steps"][5] = testing::SkippedStep("fix", "check found nothing that fix's default passes repair");
  EXPECT_TRUE(ActionsJson(doc).empty());
}

}  // namespace
}  // namespace ortkit::doctor
