// Renderers of `ortkit fix`'s report: aligned text for people, JSON for tools.
#include "report/fix_render.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/text_table.h"

namespace ortkit::report {
namespace {

using graph::FixReport;
using graph::PassReport;
using graph::Verification;
using Json = nlohmann::ordered_json;  // keys in the order written, for people reading the output

// Differences in a fixed scientific form, so that columns align and golden tests can mask them.
std::string Sci(double v) { return fmt::format("{:.2e}", v); }

std::string CountsCell(const graph::FixChanges& changes) {
  std::string out;
  for (const auto& c : changes.counts) {
    // "label: n" reads right for any n, where "n label" would need plurals.
    if (c.value != 0) out += fmt::format("{}{}: {}", out.empty() ? "" : ", ", c.label, c.value);
  }
  return out.empty() ? "nothing to change" : out;
}

std::string ToleranceText(const Verification& v) {
  return fmt::format("rtol {}, atol {}, seed {}", Sci(v.tolerance.rtol), Sci(v.tolerance.atol), v.seed);
}

std::string VerificationHeadline(const FixReport& report) {
  const Verification& v = report.verification;
  if (!v.ran) return "skipped (--no-verify)";
  if (!v.failure.empty()) return "FAILED: " + v.failure;
  const auto& outputs = v.comparison.outputs;
  if (v.passed) return fmt::format("passed: all {} outputs match ({})", outputs.size(), ToleranceText(v));
  std::size_t failing = 0;
  for (const auto& o : outputs) failing += o.pass ? 0 : 1;
  return fmt::format("FAILED: {} of {} outputs differ ({})", failing, outputs.size(), ToleranceText(v));
}

void RenderPasses(const FixReport& report, std::ostream& out) {
  out << "\npasses\n";
  TextTable table({"pass", "changes"});
  for (const PassReport& p : report.passes) table.AddRow({p.name, CountsCell(p.changes)});
  table.Render(out, 2);
  for (const PassReport& p : report.passes) {
    const auto& details = p.changes.details;
    if (details.empty()) continue;
    out << "\n" << p.name << "\n";
    for (std::size_t i = 0; i < details.size() && i < kMaxDetailLines; ++i) out << "  " << details[i] << "\n";
    if (details.size() > kMaxDetailLines) {
      out << "  ... and " << details.size() - kMaxDetailLines << " more (--json lists them all)\n";
    }
  }
}

void RenderVerification(const FixReport& report, std::ostream& out) {
  const Verification& v = report.verification;
  out << "\nverification  " << VerificationHeadline(report) << "\n";
  if (!v.inputs.empty()) {
    std::string inputs;
    for (const auto& i : v.inputs) inputs += (inputs.empty() ? "" : "; ") + i;
    out << "  inputs  " << inputs << "\n";
  }
  if (v.comparison.outputs.empty()) return;
  TextTable table({"output", "type", "shape", "max abs", "max rel", "mismatches", "result"},
                  {false, false, false, true, true, true, false});
  for (const auto& o : v.comparison.outputs) {
    std::string result = o.pass ? "ok" : "DIFFERS";
    if (!o.note.empty()) result += " (" + o.note + ")";
    table.AddRow({o.name, o.type_b, ShapeToString(o.shape_b), Sci(o.max_abs), Sci(o.max_rel),
                  fmt::format("{} of {}", o.mismatches, o.elements), result});
  }
  table.Render(out, 2);
}

Json PassJson(const PassReport& p) {
  Json counts = Json::object();
  for (const auto& c : p.changes.counts) counts[c.key] = c.value;
  return Json{{"name", p.name}, {"summary", p.summary}, {"changed", p.changes.changed()},
              {"counts", counts}, {"changes", p.changes.details}};
}

Json VerificationJson(const Verification& v) {
  Json outputs = Json::array();
  for (const auto& o : v.comparison.outputs) {
    outputs.push_back(Json{{"name", o.name},         {"type", o.type_b},          {"fixed_type", o.type_a},
                           {"shape", o.shape_b},     {"fixed_shape", o.shape_a},  {"elements", o.elements},
                           {"max_abs", o.max_abs},   {"max_rel", o.max_rel},      {"mismatches", o.mismatches},
                           {"pass", o.pass},         {"note", o.note}});
  }
  return Json{{"ran", v.ran},       {"passed", v.passed},           {"failure", v.failure},
              {"rtol", v.tolerance.rtol}, {"atol", v.tolerance.atol}, {"seed", v.seed},
              {"inputs", v.inputs}, {"outputs", outputs}};
}

}  // namespace

void RenderFixText(const FixReport& report, std::ostream& out) {
  out << "model    " << report.input_path << "\n";
  out << "output   " << report.output_path << " (" << ToString(report.format) << ", "
      << (report.written ? "written" : "NOT written: verification failed; --keep-unverified writes it anyway")
      << ")\n";
  out << "size     " << report.input_bytes << " -> " << report.output_bytes << " bytes\n";
  if (!report.checker_note.empty()) {
    out << "note     the original model fails onnx::checker, so the result was not held to it: "
        << report.checker_note << "\n";
  }
  RenderPasses(report, out);
  RenderVerification(report, out);
  if (report.latency) {
    const auto& l = *report.latency;
    out << fmt::format("\nlatency (median of {} runs after {} warm-up, 1 intra-op thread)\n", l.runs, l.warmup);
    out << fmt::format("  before   {:.3f} ms\n  after    {:.3f} ms\n  speedup  {:.2f}x\n", l.before_ms, l.after_ms,
                       l.speedup());
  }
}

void RenderFixJson(const FixReport& report, std::ostream& out) {
  Json passes = Json::array();
  for (const PassReport& p : report.passes) passes.push_back(PassJson(p));
  Json doc{{"model", report.input_path},     {"output", report.output_path},
           {"format", ToString(report.format)}, {"written", report.written},
           {"input_bytes", report.input_bytes}, {"output_bytes", report.output_bytes},
           {"checker_note", report.checker_note}, {"changed", report.changed()},
           {"passes", passes},               {"verification", VerificationJson(report.verification)}};
  if (report.latency) {
    const auto& l = *report.latency;
    doc["latency"] = Json{{"runs", l.runs}, {"warmup", l.warmup}, {"before_ms", l.before_ms},
                          {"after_ms", l.after_ms}, {"speedup", l.speedup()}};
  } else {
    doc["latency"] = nullptr;
  }
  out << doc.dump(2) << "\n";
}

}  // namespace ortkit::report
