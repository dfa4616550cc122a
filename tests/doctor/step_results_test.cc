// Tests of doctor/step_results: what each subcommand's JSON writer prints reads back into doctor's
// typed result (so renaming a key in a writer fails here), and a renamed key or a wrong type in
// each step's JSON is an Error naming the key path.
#include "doctor/step_results.h"

#include <functional>
#include <sstream>

#include <gtest/gtest.h>

#include "cli/run_report.h"
#include "cli/version_info.h"
#include "graph/demo_model.h"
#include "graph/fix_report.h"
#include "graph/model_summary.h"
#include "memory/memcheck.h"
#include "ortkit/error.h"
#include "profile/run_profile.h"
#include "report/check_render.h"
#include "report/fix_render.h"
#include "report/inspect_render.h"
#include "report/memcheck_render.h"
#include "report/profile_render.h"

namespace ortkit::doctor {
namespace {

// What a writer printed, as the doctor sees a step's stdout.
Json Printed(const std::function<void(std::ostream&)>& write) {
  std::ostringstream out;
  write(out);
  return Json::parse(out.str());
}

// The message of the Error that reading `json` as T throws ("" when it reads).
template <typename T>
std::string ReadError(const Json& json) {
  try {
    FromJson<T>(json, "doctor step 'x': result");
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    return e.what();
  }
  return "";
}

// `json` with the member at `path` (keys and array indices) renamed to `to`, or replaced by `value`.
Json Renamed(Json json, const std::vector<std::string>& path, const std::string& to) {
  Json* at = &json;
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    at = at->is_array() ? &(*at)[std::stoul(path[i])] : &(*at)[path[i]];
  }
  (*at)[to] = (*at)[path.back()];
  at->erase(path.back());
  return json;
}

Json Replaced(Json json, const std::vector<std::string>& path, Json value) {
  Json* at = &json;
  for (const std::string& key : path) at = at->is_array() ? &(*at)[std::stoul(key)] : &(*at)[key];
  *at = std::move(value);
  return json;
}

Json CheckJson() {
  CheckReport report;
  report.model = "m.onnx";
  report.loads_in_ort = true;
  Finding f;
  f.rule_id = "ORTKIT006";
  f.rule = "float64";
  f.severity = Severity::kWarning;
  f.location_kind = "graph";
  f.location = "g";
  f.message = "4 float64 tensors";
  f.fix_pass = "float64-to-float32";
  report.findings = {f};
  return Printed([&](std::ostream& out) { report::RenderCheckJson(report, out); });
}

TEST(StepResultsTest, CheckJsonReadsBack) {
  const CheckResult r = FromJson<CheckResult>(CheckJson(), "check");
  EXPECT_EQ(r.model, "m.onnx");
  EXPECT_EQ(r.loads_in_ort, true);
  EXPECT_EQ(r.summary.warnings, 1);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule_id, "ORTKIT006");
  EXPECT_EQ(r.findings[0].severity, "warning");
  EXPECT_EQ(r.findings[0].fix_pass, "float64-to-float32");
}

TEST(StepResultsTest, CheckJsonWithoutOrtReadsLoadsAsUnknown) {
  Json json = CheckJson();
  json["loads_in_ort"] = nullptr;
  EXPECT_EQ(FromJson<CheckResult>(json, "check").loads_in_ort, std::nullopt);
}

TEST(StepResultsTest, CheckJsonWithARenamedOrMistypedKeyNamesIt) {
  EXPECT_EQ(ReadError<CheckResult>(Renamed(CheckJson(), {"findings", "0", "rule_id"}, "ruleId")),
            "doctor step 'x': result.findings[0]: 'rule_id' is missing");
  EXPECT_EQ(ReadError<CheckResult>(Replaced(CheckJson(), {"loads_in_ort"}, "yes")),
            "doctor step 'x': result.loads_in_ort: expected true or false, found a string");
  EXPECT_EQ(ReadError<CheckResult>(Replaced(CheckJson(), {"findings"}, Json::object())),
            "doctor step 'x': result.findings: expected an array, found an object");
}

Json InspectJson() {
  const graph::ModelSummary summary =
      graph::SummarizeModelBytes(graph::MakeDemoModel().SerializeAsString(), "demo.onnx");
  return Printed([&](std::ostream& out) { report::RenderInspectJson(summary, out); });
}

TEST(StepResultsTest, InspectJsonReadsBack) {
  const InspectResult r = FromJson<InspectResult>(InspectJson(), "inspect");
  EXPECT_EQ(r.model, "demo.onnx");
  EXPECT_GT(r.ir_version, 0);
  EXPECT_GT(r.totals.nodes, 0);
  EXPECT_GT(r.totals.parameters, 0);
}

TEST(StepResultsTest, InspectJsonWithARenamedOrMistypedKeyNamesIt) {
  EXPECT_EQ(ReadError<InspectResult>(Renamed(InspectJson(), {"totals", "nodes"}, "node_count")),
            "doctor step 'x': result.totals: 'nodes' is missing");
  EXPECT_EQ(ReadError<InspectResult>(Replaced(InspectJson(), {"ir_version"}, "8")),
            "doctor step 'x': result.ir_version: expected a number, found a string");
}

Json MemcheckJson() {
  memory::MemcheckReport report;
  report.model = "m.onnx";
  memory::Recommendation rec;
  rec.variant = "shrink";
  rec.headline = "Use shrink";
  rec.steady_saving = 2 << 20;
  rec.latency_change = 0.05;
  report.recommendation = rec;
  return Printed([&](std::ostream& out) { report::RenderMemcheckJson(report, out); });
}

TEST(StepResultsTest, MemcheckJsonReadsBack) {
  const MemcheckResult r = FromJson<MemcheckResult>(MemcheckJson(), "memcheck");
  EXPECT_EQ(r.model, "m.onnx");
  EXPECT_FALSE(r.analysis.verdict.empty());
  ASSERT_TRUE(r.recommendation.has_value());
  EXPECT_EQ(r.recommendation->variant, "shrink");
  EXPECT_EQ(r.recommendation->steady_saving, 2 << 20);
  EXPECT_DOUBLE_EQ(r.recommendation->latency_change, 0.05);
}

TEST(StepResultsTest, MemcheckJsonWithoutARecommendationReadsAsNone) {
  Json json = MemcheckJson();
  json.erase("recommendation");
  EXPECT_FALSE(FromJson<MemcheckResult>(json, "memcheck").recommendation.has_value());
}

TEST(StepResultsTest, MemcheckJsonWithARenamedOrMistypedKeyNamesIt) {
  EXPECT_EQ(ReadError<MemcheckResult>(Renamed(MemcheckJson(), {"analysis", "verdict"}, "outcome")),
            "doctor step 'x': result.analysis: 'verdict' is missing");
  EXPECT_EQ(ReadError<MemcheckResult>(Replaced(MemcheckJson(), {"recommendation", "steady_saving"}, "2 MiB")),
            "doctor step 'x': result.recommendation.steady_saving: expected a number, found a string");
}

Json ProfileJson() {
  profile::ProfileRun run;
  profile::TimeRow row;
  row.name = "Conv";
  row.op_type = "Conv";
  row.provider = "CPUExecutionProvider";
  row.count = 4;
  row.total_us = 400;
  row.share = 0.8;
  run.summary.ops = {row};
  run.summary.cpu_fallback_nodes = {row};
  return Printed([&](std::ostream& out) { report::RenderProfile(run, 10, report::Format::kJson, out); });
}

TEST(StepResultsTest, ProfileJsonReadsBack) {
  const ProfileResult r = FromJson<ProfileResult>(ProfileJson(), "profile");
  EXPECT_EQ(r.format, "ortkit.profile/1");
  ASSERT_EQ(r.ops.size(), 1u);
  EXPECT_EQ(r.ops[0].name, "Conv");
  EXPECT_DOUBLE_EQ(r.ops[0].share, 0.8);
  EXPECT_EQ(r.cpu_fallback_nodes.size(), 1u);
  EXPECT_TRUE(r.memcpy_nodes.empty());
}

TEST(StepResultsTest, ProfileJsonWithARenamedOrMistypedKeyNamesIt) {
  EXPECT_EQ(ReadError<ProfileResult>(Renamed(ProfileJson(), {"ops", "0", "share"}, "fraction")),
            "doctor step 'x': result.ops[0]: 'share' is missing");
  EXPECT_EQ(ReadError<ProfileResult>(Replaced(ProfileJson(), {"cpu_fallback_nodes"}, 1)),
            "doctor step 'x': result.cpu_fallback_nodes: expected an array, found an integer");
  EXPECT_EQ(ReadError<ProfileResult>(Replaced(ProfileJson(), {"format"}, "ortkit.profile_diff/1")),
            "doctor step 'x': result.format: expected \"ortkit.profile/1\", found \"ortkit.profile_diff/1\"");
}

Json FixJson(bool with_latency) {
  graph::FixReport report;
  report.input_path = "m.onnx";
  graph::PassReport pass;
  pass.name = "remove-initializers-from-inputs";
  pass.summary = "8 removed";
  pass.changes.Add("inputs_removed", "inputs removed", 8);
  report.passes = {pass};
  report.verification.ran = true;
  report.verification.passed = true;
  if (with_latency) report.latency = graph::LatencyComparison{20, 5, 0.477, 0.292};
  return Printed([&](std::ostream& out) { report::RenderFixJson(report, out); });
}

TEST(StepResultsTest, FixJsonReadsBack) {
  const FixResult r = FromJson<FixResult>(FixJson(true), "fix");
  EXPECT_EQ(r.model, "m.onnx");
  ASSERT_EQ(r.passes.size(), 1u);
  EXPECT_TRUE(r.passes[0].changed);
  EXPECT_EQ(r.passes[0].counts.at("inputs_removed"), 8);
  EXPECT_TRUE(r.verification.passed);
  ASSERT_TRUE(r.latency.has_value());
  EXPECT_DOUBLE_EQ(r.latency->before_ms, 0.477);
  EXPECT_NEAR(r.latency->speedup, 0.477 / 0.292, 1e-9);
  EXPECT_FALSE(FromJson<FixResult>(FixJson(false), "fix").latency.has_value());  // "latency": null
}

TEST(StepResultsTest, FixJsonWithARenamedOrMistypedKeyNamesIt) {
  EXPECT_EQ(ReadError<FixResult>(Renamed(FixJson(true), {"latency", "speedup"}, "gain")),
            "doctor step 'x': result.latency: 'speedup' is missing");
  EXPECT_EQ(ReadError<FixResult>(Replaced(FixJson(true), {"passes", "0", "counts", "inputs_removed"}, "8")),
            "doctor step 'x': result.passes[0].counts.inputs_removed: expected a number, found a string");
}

Json RunJson() {
  cli::RunReport report;
  report.model = "m.onnx";
  report.sizes = {{"T", 8}};
  report.probed = {"T"};
  report.notes = {"T=8 is the smallest power of two that runs"};
  return Printed([&](std::ostream& out) { cli::RenderRunJson(report, out); });
}

TEST(StepResultsTest, RunJsonReadsBack) {
  const RunResult r = FromJson<RunResult>(RunJson(), "run");
  EXPECT_EQ(r.model, "m.onnx");
  EXPECT_EQ(r.sizes.at("T"), 8);
  EXPECT_EQ(r.probed, std::vector<std::string>{"T"});
  EXPECT_EQ(r.notes.size(), 1u);
}

TEST(StepResultsTest, RunJsonWithARenamedOrMistypedKeyNamesIt) {
  EXPECT_EQ(ReadError<RunResult>(Renamed(RunJson(), {"probed"}, "probed_dims")),
            "doctor step 'x': result: 'probed' is missing");
  EXPECT_EQ(ReadError<RunResult>(Replaced(RunJson(), {"sizes", "T"}, 8.5)),
            "doctor step 'x': result.sizes.T: expected an integer, found a number");
}

Json VersionJson() {
  cli::VersionInfo info;
  info.ortkit_version = "0.1.0";
  info.ort_version = "1.30.0";
  info.providers = {{"CPUExecutionProvider", true, ""}, {"WebGpuExecutionProvider", false, "no adapter"}};
  return Printed([&](std::ostream& out) { cli::RenderVersionJson(info, out); });
}

TEST(StepResultsTest, VersionJsonReadsBack) {
  const VersionResult r = FromJson<VersionResult>(VersionJson(), "version");
  EXPECT_EQ(r.ortkit, "0.1.0");
  EXPECT_EQ(r.onnxruntime, "1.30.0");
  ASSERT_EQ(r.providers.size(), 2u);
  EXPECT_TRUE(r.providers[0].usable);
  EXPECT_FALSE(r.providers[1].usable);
}

TEST(StepResultsTest, VersionJsonWithARenamedOrMistypedKeyNamesIt) {
  EXPECT_EQ(ReadError<VersionResult>(Renamed(VersionJson(), {"providers", "1", "usable"}, "ok")),
            "doctor step 'x': result.providers[1]: 'usable' is missing");
  EXPECT_EQ(ReadError<VersionResult>(Replaced(VersionJson(), {"onnxruntime"}, 1.3)),
            "doctor step 'x': result.onnxruntime: expected a string, found a number");
}

TEST(StepResultsTest, UnknownKeysAreIgnored) {
  Json json = CheckJson();
  json["added_later"] = {{"anything", 1}};
  EXPECT_EQ(ReadError<CheckResult>(json), "");
}

}  // namespace
}  // namespace ortkit::doctor
