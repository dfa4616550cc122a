// `ortkit check`: find what will go wrong when deploying a model on ONNX Runtime, with the fix.
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/output.h"
#include "cli/ort_crash_probe.h"
#include "graph/check_engine.h"
#include "graph/checks/provider_ops/op_table.h"
#include "ortkit/findings.h"
#include "ortkit/runtime.h"
#include "ortkit/session_config.h"
#include "report/check_render.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Every finding has a stable rule id (ORTKIT001...; --list-rules shows them all), a severity, where
it is (node, tensor, input, graph), what is wrong, why it matters when deploying, and the fix; when
an `ortkit fix` pass applies, the command is shown. Unless --no-ort, the model is also loaded in
ONNX Runtime with --provider, and a refusal is reported under the rule it matches.

Exit status: 1 when a finding at --fail-on's severity or worse exists (default: error), else 0;
2 when the check itself cannot run (no such file, not a model, bad option).
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit check model.onnx                                   all rules, loads it on the CPU
  ortkit check model.onnx --target nnapi --target coreml    plus coverage on two mobile providers
  ortkit check model.onnx --format sarif --report check.sarif
  ortkit check model.onnx --no-ort --fail-on warning        static rules only; strict for CI
  ortkit check --list-rules
)";

struct Options {
  std::string model;
  std::string provider = "cpu";
  std::vector<std::string> targets;
  std::vector<std::string> custom_op_libraries;
  std::string fail_on = "error";
  bool no_ort = false;
  bool list_rules = false;
  OutputOptions output;
};

std::string Joined(const std::vector<std::string>& items) { return fmt::format("{}", fmt::join(items, ", ")); }

std::string CheckTarget(const std::string& text) {
  if (graph::FindProviderOpTable(text) != nullptr) return {};
  return "unknown target '" + text + "'; ortkit has op tables for " + Joined(graph::KnownTargets());
}

std::string CheckFailOn(const std::string& text) {
  if (text == "never" || ParseSeverity(text)) return {};
  return "expected error, warning, info or never, got '" + text + "'";
}

std::vector<graph::RuleInfo> RuleInfos() {
  std::vector<graph::RuleInfo> infos;
  for (const auto& rule : graph::AllRules()) infos.push_back(rule->info());
  return infos;
}

int Execute(const Options& o, const Context& context) {
  CheckReportPath(o.output);
  std::ostringstream text;
  int code = kExitOk;
  if (o.list_rules) {
    if (o.output.format == Format::kText) {
      report::RenderRuleListText(RuleInfos(), text);
    } else {
      report::RenderRuleListJson(RuleInfos(), text);
    }
  } else {
    graph::CheckOptions options;
    options.providers = {o.provider};
    options.targets = o.targets;
    options.use_ort = !o.no_ort;
    options.custom_op_libraries = o.custom_op_libraries;
    // An ORT crash (a custom-op library's too) becomes a finding, not our death.
    options.ort_crash_probe = [libraries = o.custom_op_libraries](const std::string& model, const std::string& provider) {
      return ProbeOrtLoadInChild(model, provider, libraries);
    };
    options.inference_crash_probe = ProbeInferenceInChild;  // so does one in ONNX's shape inference
    const CheckReport result = graph::RunChecks(o.model, options);
    if (o.output.format == Format::kJson) {
      report::RenderCheckJson(result, text);
    } else if (o.output.format == Format::kSarif) {
      report::RenderCheckSarif(result, RuleInfos(), text);
    } else {
      report::RenderCheckText(result, text);
    }
    const std::optional<Severity> level = ParseSeverity(o.fail_on);  // nullopt: "never"
    if (level && result.Reaches(*level)) code = kExitFindings;
  }
  EmitReport(context, o.output, text.str());
  return code;
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("MODEL", o->model, "The ONNX model to check")->type_name("FILE");
  app.add_option("--provider", o->provider,
                 "Execution provider to load the model with: cpu, webgpu, or another this build has (see "
                 "`ortkit version`). Default: cpu")
      ->type_name("NAME")
      ->check(FlagCheck(CheckProviderFlag));
  AddCustomOpLibraryOption(app, o->custom_op_libraries);
  app.add_option("--target", o->targets,
                 "Deployment provider to report op coverage for: " + Joined(graph::KnownTargets()) + "; repeatable")
      ->type_name("NAME")
      ->allow_extra_args(false)  // one value per flag, so MODEL may follow it
      ->check(FlagCheck(CheckTarget));
  app.add_option("--fail-on", o->fail_on,
                 "Exit with status 1 when a finding of this severity or worse exists: error, warning, info or "
                 "never. Default: error")
      ->type_name("LEVEL")
      ->check(FlagCheck(CheckFailOn));
  app.add_flag("--no-ort", o->no_ort, "Static rules only: do not load the model in ONNX Runtime");
  app.add_flag("--list-rules", o->list_rules, "List the rules (id, name, summary) and exit");
  AddOutputOptions(app, o->output, {Format::kText, Format::kJson, Format::kSarif});  // SARIF 2.1.0
  AddRetiredOption(app, "--output", "use --report FILE (-o names a subcommand's artifact; check has none)");
  // MODEL is required unless --list-rules; checked here so that it fails as a usage error.
  app.parse_complete_callback([o] {
    if (!o->list_rules && o->model.empty()) throw CLI::RequiredError("MODEL");
  });
  app.footer(std::string(kNotes) + kExamples);
  return [o](const Context& context) { return Execute(*o, context); };
}

const CommandRegistration kRegistration{
    Command{"check", "Find deployment problems in a model (types, ops, opsets, float64, shapes, ...) with fixes",
            Needs::kSession, Setup}};

}  // namespace
}  // namespace ortkit::cli
