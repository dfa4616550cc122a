// The doctor summary for people.
#include "doctor/actions.h"
#include "report/doctor_text.h"

#include <algorithm>

#include <fmt/format.h>

#include "report/human_size.h"

namespace ortkit::report {
namespace {

// "not_measured" reads better as "not measured" on a terminal.
std::string StatusWord(std::string status) {
  for (char& c : status) c = c == '_' ? ' ' : c;
  return status;
}

// Long step messages (a crash's stderr) would push the summary off the screen.
std::string Clip(const std::string& text, std::size_t max) {
  return text.size() <= max ? text : text.substr(0, max - 3) + "...";
}

constexpr std::size_t kTopActions = 3;

// One line per variant compress measured (ratios to the original), or why it did not run.
void RenderCompressLines(const doctor::Step<doctor::CompressResult>& step, std::ostream& out) {
  out << "\ncompress\n";
  const bool finished = step.status == "ok" || step.status == "findings";
  if (!finished || !step.result) {
    out << fmt::format("  {}: {}\n", StatusWord(step.status), Clip(step.message, 200));
    return;
  }
  const doctor::CompressResult& c = *step.result;
  for (const doctor::CompressVariant& v : c.variants) {
    if (!v.measured) {
      out << fmt::format("  {:<17} skipped: {}\n", v.name, Clip(v.skipped, 160));
      continue;
    }
    const doctor::CompressLatency* one = v.At(1);
    const std::string p50 = one && one->p50_ratio ? fmt::format("{:.2f}x", *one->p50_ratio) : "-";
    const std::string gate = v.name == c.variants.front().name ? ""
                             : v.passes_gate                   ? "passes the gate"
                                                               : "fails: " + Clip(v.gate_failure, 80);
    std::string line = fmt::format("  {:<17} size {:.2f}x  p50 {} (1 thread)  peak RSS {:.0f} MiB", v.name,
                                   v.size_ratio, p50, v.peak_rss_mib);
    if (!gate.empty()) line += "  " + gate;
    if (c.best && *c.best == v.name) line += "  (best)";
    out << line << "\n";
  }
}

}  // namespace

void RenderDoctorText(const doctor::DoctorReport& doctor,
                      const std::vector<std::pair<std::string, std::string>>& written, std::ostream& out) {
  out << fmt::format("ortkit doctor  {}  ({}, {:.1f} s of a {:.0f} s budget)\n\n", doctor.model.path,
                     HumanBytes(static_cast<uint64_t>(std::max<int64_t>(doctor.model.file_bytes, 0))),
                     doctor.elapsed_s.value_or(0), doctor.request.budget_s);

  for (const doctor::Verdict& v : doctor.verdicts.value_or(std::vector<doctor::Verdict>{})) {
    out << fmt::format("  {:<12} {:<13} {}\n", v.area, StatusWord(v.status), v.headline);
  }

  // Where the sizes and input values came from, when ortkit chose them.
  if (doctor.workload && !doctor.workload->notes.empty()) {
    out << "\nworkload\n";
    for (const std::string& note : doctor.workload->notes) out << "  " << note << "\n";
  }

  const std::vector<doctor::Action> actions = doctor.actions.value_or(std::vector<doctor::Action>{});
  if (!actions.empty()) {
    out << "\ntop actions\n";
    for (std::size_t i = 0; i < actions.size() && i < kTopActions; ++i) {
      const doctor::Action& a = actions[i];
      out << fmt::format("  {}. [{}] {}\n", a.rank, a.tier, a.title);
      out << fmt::format("     effect: {}\n", a.effect);
      if (!a.reason.empty()) out << fmt::format("     why {}: {}\n", a.tier, a.reason);
      if (!a.command.empty()) out << fmt::format("     run:    {}\n", a.command);
    }
    if (actions.size() > kTopActions) {
      out << fmt::format("  ({} more in the report)\n", actions.size() - kTopActions);
    }
    out << "  " << doctor::DescribeThresholds(doctor::ActionThresholds{}) << "\n";
  }

  if (doctor.compress) RenderCompressLines(*doctor.compress, out);

  bool header = false;
  for (const doctor::StepInfo* s : doctor.Steps()) {
    if (s->status == "ok" || s->status == "findings") continue;
    if (!header) out << "\nsteps not completed\n";
    header = true;
    out << fmt::format("  {:<9} {:<10} {}\n", s->name, StatusWord(s->status), Clip(s->message, 200));
  }

  if (!written.empty()) {
    out << "\nreports\n";
    for (const auto& [kind, path] : written) out << fmt::format("  {:<5} {}\n", kind, path);
  }
}

}  // namespace ortkit::report
