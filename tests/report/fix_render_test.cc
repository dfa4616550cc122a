// Tests of the `ortkit fix` renderers on hand-made reports: every state the text can be in.
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "report/fix_render.h"

namespace ortkit::testing {
namespace {

graph::FixReport SmallReport() {
  graph::FixReport r;
  r.input_path = "in.onnx";
  r.output_path = "out.onnx";
  r.input_bytes = 100;
  r.output_bytes = 90;
  graph::PassReport pass{"remove-unused", "Remove nodes", {}};
  pass.changes.Add("nodes", "nodes removed", 2);
  pass.changes.Add("initializers", "initializers removed", 0);
  pass.changes.details = {"node 'a' (Neg) removed", "node 'b' (Abs) removed"};
  r.passes.push_back(pass);
  r.verification.ran = true;
  r.verification.passed = true;
  r.verification.inputs = {"x: float32[2]"};
  compare::OutputDiff y;
  y.name = "y";
  y.type_a = y.type_b = "float32";
  y.shape_a = y.shape_b = {2};
  y.elements = 2;
  y.max_abs = 0.5;
  y.max_rel = 0.25;
  r.verification.comparison.outputs = {y};
  r.written = true;
  return r;
}

std::string Text(const graph::FixReport& r) {
  std::ostringstream out;
  report::RenderFixText(r, out);
  return out.str();
}

nlohmann::json Json(const graph::FixReport& r) {
  std::ostringstream out;
  report::RenderFixJson(r, out);
  return nlohmann::json::parse(out.str());
}

TEST(FixRenderTest, TextShowsNonZeroCountsChangesAndTheComparison) {
  EXPECT_EQ(Text(SmallReport()),
            "model    in.onnx\n"
            "output   out.onnx (onnx, written)\n"
            "size     100 -> 90 bytes\n"
            "\n"
            "passes\n"
            "  pass           changes\n"
            "  remove-unused  nodes removed: 2\n"
            "\n"
            "remove-unused\n"
            "  node 'a' (Neg) removed\n"
            "  node 'b' (Abs) removed\n"
            "\n"
            "verification  passed: all 1 outputs match (rtol 1.00e-03, atol 1.00e-05, seed 0)\n"
            "  inputs  x: float32[2]\n"
            "  output  type     shape   max abs   max rel  mismatches  result\n"
            "  y       float32  [2]    5.00e-01  2.50e-01      0 of 2  ok\n");
}

TEST(FixRenderTest, LongChangeListsAreCutInTextButNotInJson) {
  graph::FixReport r = SmallReport();
  r.passes[0].changes.details.assign(25, "a change");
  const std::string text = Text(r);
  EXPECT_NE(text.find("  ... and 5 more (--json lists them all)\n"), std::string::npos) << text;
  EXPECT_EQ(Json(r)["passes"][0]["changes"].size(), 25u);
}

TEST(FixRenderTest, FailedVerificationSaysWhyAndThatNothingWasWritten) {
  graph::FixReport r = SmallReport();
  r.verification.passed = false;
  r.verification.failure = "the fixed model does not load in ONNX Runtime: bad";
  r.verification.comparison.outputs.clear();
  r.written = false;
  const std::string text = Text(r);
  EXPECT_NE(text.find("output   out.onnx (onnx, NOT written: verification failed; --keep-unverified writes it anyway)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nverification  FAILED: the fixed model does not load in ONNX Runtime: bad\n"), std::string::npos)
      << text;
  const auto doc = Json(r);
  EXPECT_EQ(doc["written"], false);
  EXPECT_EQ(doc["verification"]["failure"], "the fixed model does not load in ONNX Runtime: bad");
}

TEST(FixRenderTest, DifferingOutputsAreCountedInTheHeadline) {
  graph::FixReport r = SmallReport();
  r.verification.passed = false;
  r.verification.comparison.outputs[0].pass = false;
  r.verification.comparison.outputs[0].mismatches = 1;
  const std::string text = Text(r);
  EXPECT_NE(text.find("verification  FAILED: 1 of 1 outputs differ (rtol"), std::string::npos) << text;
  EXPECT_NE(text.find("1 of 2  DIFFERS"), std::string::npos) << text;
}

TEST(FixRenderTest, SkippedVerificationCheckerNoteAndLatency) {
  graph::FixReport r = SmallReport();
  r.verification = {};
  r.checker_note = "ir_version too new";
  r.latency = graph::LatencyComparison{10, 3, 2.0, 0.5, 0.031};
  r.format = graph::ModelFormat::kOrt;
  const std::string text = Text(r);
  EXPECT_NE(text.find("output   out.onnx (ort, written)"), std::string::npos) << text;
  EXPECT_NE(text.find("note     the original model fails onnx::checker, so the result was not held to it: "
                      "ir_version too new\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\nverification  skipped (--no-verify)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency (median of 10 runs after 3 warm-up, 1 intra-op thread)\n"
                      "  before   2.000 ms\n  after    0.500 ms\n  speedup  4.00x (noise +-3.1%)\n"),
            std::string::npos)
      << text;
  const auto doc = Json(r);
  EXPECT_EQ(doc["format"], "ort");
  EXPECT_EQ(doc["latency"]["speedup"], 4.0);
  EXPECT_EQ(doc["verification"]["ran"], false);
}

TEST(FixRenderTest, JsonKeepsZeroCountsAndMarksUnchangedPasses) {
  graph::FixReport r = SmallReport();
  r.passes[0].changes.counts[0].value = 0;
  const auto doc = Json(r);
  EXPECT_EQ(doc["passes"][0]["changed"], false);
  EXPECT_EQ(doc["passes"][0]["counts"]["initializers"], 0);
  EXPECT_EQ(doc["changed"], false);
  EXPECT_TRUE(doc["latency"].is_null());
  EXPECT_NE(Text(r).find("  remove-unused  nothing to change\n"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::testing
