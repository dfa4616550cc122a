// `ortkit doctor`: check, inspect, bench, memcheck, profile and fix run as child processes within
// a time budget; one verdict per area, ranked actions with measured effects, HTML and JSON reports.
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "cli/output.h"
#include "cli/workload_options.h"
#include "core/atomic_file.h"
#include "core/scratch_dir.h"
#include "doctor/budget.h"
#include "doctor/doctor.h"
#include "doctor/doctor_report.h"
#include "graph/checks/provider_ops/op_table.h"
#include "ortkit/error.h"
#include "process/child_process.h"
#include "report/doctor_text.h"

// The HTML renderer (src/report/doctor_html.h) is written beside this command; where a tree
// lacks it, -o writes nothing and says so. -DORTKIT_DOCTOR_HTML=0 turns it off explicitly.
#ifndef ORTKIT_DOCTOR_HTML
#if __has_include("report/doctor_html.h")
#define ORTKIT_DOCTOR_HTML 1
#else
#define ORTKIT_DOCTOR_HTML 0
#endif
#endif
#if ORTKIT_DOCTOR_HTML
#include "report/doctor_html.h"
#endif

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
Each step is `ortkit <subcommand> ... --format json` run as a child process of this executable, so a
crash inside ONNX Runtime is reported as that step's failure (signal, last stderr lines) and the
other steps still run; the report shows each step's exact command to reproduce its figures. The
budget is split: bench 40%, memcheck 30%, fix 12%, check 8%, profile 8%, inspect 2%; a step
gets more when the ones before it finished early, and is killed (timed_out) past its deadline.
Steps: check (--target), inspect, then, when the model loads, one `ortkit run` that settles the
workload (sizes that run: a free dimension given no size that fails at 1 is probed, and the size
found is measured at x1, x4 and x16; the inputs ortkit guessed), bench (cold starts in fresh
processes, steady percentiles per --dim shape), memcheck (with the variant table when the budget
allows), profile (at the largest --dim sizes), and fix with --bench on a temporary copy when check
found what fix repairs. When the model's weights are 1 MB or more, 20% of the budget goes to
`ortkit compress` (float16 and int8 variants, gated against the original and timed beside it),
run after the steps at profile's sizes with the latency blocks and fresh processes that fit; it
is skipped, with the budget that would run it, when even the smallest settings do not fit.
An action's effect is stated only when a step measured it; otherwise it says "not measured".
Progress goes to stderr, only when stdout is a terminal.
Exit status: 0 when every area is good, 1 when there are warnings or problems or a step failed,
2 on errors (missing model, bad option).
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit doctor model.onnx                                   2-minute check-up on the CPU
  ortkit doctor model.onnx --dim batch=1,4 -o report.html
  ortkit doctor model.onnx --format json --report doctor.json
  ortkit doctor encoder.onnx --dim T=100,400,1600 --value speech_lengths=@T
  ortkit doctor model.onnx --target nnapi --target coreml --budget 5m
  ortkit doctor model.onnx --provider webgpu --budget 90s --keep-dir fixed/
  ortkit doctor model.onnx --json | jq '.verdicts[] | select(.status != "good")'
)";

struct Options {
  doctor::DoctorRequest request;
  std::string budget = "2m";
  std::string html_path;
  OutputOptions report;
};

std::string CheckTarget(const std::string& text) {
  if (graph::FindProviderOpTable(text) != nullptr) return {};
  std::string known;
  for (const auto& t : graph::KnownTargets()) known += (known.empty() ? "" : ", ") + t;
  return "unknown target '" + text + "'; ortkit has op tables for " + known;
}

std::string CheckBudget(const std::string& text) {
  try {
    doctor::ParseBudget(text);
    return {};
  } catch (const Error& e) {
    return e.what();
  }
}

bool WriteHtml(const doctor::DoctorReport& report, const nlohmann::json& document, const std::string& graph_page,
               const std::string& path, core::Overwrite overwrite) {
#if ORTKIT_DOCTOR_HTML
  core::WriteFileAtomically(path, report::RenderDoctorHtml(report, document, graph_page), overwrite);
  return true;
#else
  (void)report;
  (void)document;
  (void)graph_page;
  (void)path;
  (void)overwrite;
  return false;
#endif
}

// "[3/6] bench ..." while a step runs, then its status and time on the same line.
doctor::DoctorProgress TerminalProgress(std::ostream& err) {
  return [&err](const doctor::StepEvent& e) {
    if (!e.done) {
      // compress comes after the steps (index == count), when the model has weights to compress.
      const std::string place = e.index < e.count ? fmt::format("{}/{}", e.index + 1, e.count) : "+";
      err << fmt::format("[{}] {:<9} (up to {:.0f} s) ...", place, e.name, e.seconds) << std::flush;
    } else {
      err << fmt::format(" {} in {:.1f} s\n", e.status, e.seconds) << std::flush;
    }
  };
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  doctor::DoctorRequest& r = o->request;
  app.add_option("MODEL", r.model_path, "The ONNX model to examine")->required()->type_name("FILE");
  app.add_option("--provider", r.provider, "Execution provider to run on (cpu, webgpu, ...). Default: cpu")
      ->type_name("NAME")
      ->check(FlagCheck(CheckProviderFlag));
  AddCustomOpLibraryOption(app, r.custom_op_libraries);
  app.add_option("--target", r.targets, "Deployment provider to check op coverage for (nnapi, coreml, ...); repeatable")
      ->type_name("NAME")
      ->allow_extra_args(false)
      ->check(FlagCheck(CheckTarget));
  AddSizeAndValueOptions(app, r.dims, r.values, SizeUse::kMany);
  app.add_option("--budget", o->budget, "Time for all steps together: 90s, 2m, 1m30s (default 2m)")
      ->type_name("TIME")
      ->check(FlagCheck(CheckBudget));
  app.add_option("-o,--output", o->html_path, "Write the HTML report (one self-contained file) here")
      ->type_name("FILE");
  AddOutputOptions(app, o->report, {Format::kText, Format::kJson});
  app.add_option("--keep-dir", r.keep_dir,
                 "Keep fix's model in DIR, replacing an earlier one there (default: a temporary directory, removed)")
      ->type_name("DIR");
  app.footer(std::string(kNotes) + kWorkloadHelp + kExamples);
  return [o](const Context& context) {
    doctor::DoctorRequest request = o->request;
    request.budget_s = doctor::ParseBudget(o->budget);
    request.executable = process::CurrentExecutable();
    // Reports that cannot be written should say so before the steps spend the budget, not after.
    const core::Overwrite overwrite = OverwriteRule(o->report);
    if (!o->html_path.empty()) core::CheckWritable(o->html_path, overwrite, "-o");
    CheckReportPath(o->report);
    const doctor::DoctorProgress progress =
        context.interactive ? TerminalProgress(context.err) : doctor::DoctorProgress{};
    // The HTML report embeds the graph view, which `ortkit graph` writes here during the run.
    std::optional<core::ScratchDir> graph_dir;
    if (!o->html_path.empty()) {
      graph_dir.emplace("doctor-view");
      request.graph_page_path = graph_dir->path() + "/graph.html";
    }
    const nlohmann::json document = doctor::RunDoctor(request, progress);
    // Read once, strictly: the reports render typed data, never the JSON.
    const doctor::DoctorReport report = doctor::ParseDoctorReport(document);

    std::vector<std::pair<std::string, std::string>> written;
    if (!o->html_path.empty()) {
      std::string graph_page;
      if (report.graph_view && report.graph_view->status == "ok") graph_page = core::ReadWholeFile(request.graph_page_path);
      if (WriteHtml(report, document, graph_page, o->html_path, overwrite)) {
        written.emplace_back("HTML", o->html_path);
      } else {
        context.err << "ortkit: note: this build has no HTML report renderer; " << o->html_path << " not written\n";
      }
    }
    std::ostringstream text;
    if (o->report.format == Format::kJson) {
      text << document.dump(2) << "\n";
    } else {
      report::RenderDoctorText(report, written, text);
    }
    EmitReport(context, o->report, text.str());
    return doctor::DoctorExitCode(document);
  };
}

const CommandRegistration kRegistration{
    Command{"doctor", "The whole deployment health of a model: verdicts, ranked actions, HTML and JSON report",
            Needs::kNothing, Setup}};

}  // namespace
}  // namespace ortkit::cli
