// The doctor report's compression section, from `ortkit compress --json`: each variant's size,
// latency against the original (paired, in the same process), peak RSS, cold start and accuracy,
// the gate's verdict, the Pareto front and the variant compress would write.
#include <fmt/format.h>

#include "report/doctor_html_parts.h"
#include "report/human_size.h"

namespace ortkit::report::doctor_html {
namespace {

using doctor::CompressLatency;
using doctor::CompressVariant;

std::string Ratio(const std::optional<double>& ratio) { return ratio ? fmt::format("{:.2f}x", *ratio) : "-"; }

// "0.48x +-2%" at a thread setting: the paired p50 ratio and how far its blocks moved.
std::string LatencyCell(const CompressVariant& v, int64_t threads) {
  const CompressLatency* l = v.At(threads);
  if (l == nullptr) return "-";
  std::string cell = fmt::format("{:.2f} ms", l->p50_ms);
  if (l->p50_ratio && *l->p50_ratio != 1) {
    cell += " (" + Ratio(l->p50_ratio);
    if (l->p50_ratio_noise && *l->p50_ratio_noise > 0) cell += fmt::format(" +-{:.0f}%", 100 * *l->p50_ratio_noise);
    cell += ")";
  }
  return cell;
}

std::string Accuracy(const CompressVariant& v) {
  if (!v.min_cosine) return "reference";
  std::string text = fmt::format("cosine {:.5f}", *v.min_cosine);
  if (v.worst_top1_disagreement && *v.worst_top1_disagreement > 0) {
    text += fmt::format(", top-1 {:.1f}% differ", 100 * *v.worst_top1_disagreement);
  }
  return text;
}

}  // namespace

void RenderCompress(const DoctorReport& doctor, PageBuilder& page) {
  if (!doctor.compress) return;  // weights under 1 MB, or an older document
  const doctor::CompressResult* c = OpenStepSection(*doctor.compress, "compress", "Compression", page);
  if (c == nullptr) return;
  page.Raw("<p class=\"muted\">")
      .Text("Each variant is made by the ortkit fix pass of its name and judged against the original by the "
            "accuracy gate. Latency is the p50 with the ratio to the original's, both run alternately in one process; "
            "+- is how far that ratio moved between the blocks. Peak RSS and cold start come from fresh processes. "
            "* marks the Pareto front over size, p50 at 1 thread and peak RSS among the variants that pass.")
      .Raw("</p>\n");
  page.Raw("<table><thead><tr><th>variant</th><th class=\"num\">size</th><th class=\"num\">p50, 1 thread</th>"
           "<th class=\"num\">p50, default threads</th><th class=\"num\">peak RSS</th><th class=\"num\">cold start</th>"
           "<th>accuracy</th><th>gate</th></tr></thead><tbody>\n");
  for (const CompressVariant& v : c->variants) {
    const bool best = c->best && *c->best == v.name;
    page.Raw(best ? "<tr class=\"chosen\"><td>" : "<tr><td>").Text(v.name + (v.pareto ? " *" : ""));
    if (!v.measured) {
      page.Raw("</td><td colspan=\"7\">").Text("skipped: " + v.skipped).Raw("</td></tr>\n");
      continue;
    }
    const bool original = &v == &c->variants.front();
    page.Raw("</td><td class=\"num\">")
        .Text(HumanBytes(static_cast<uint64_t>(v.file_bytes)) + (original ? "" : fmt::format(" ({:.2f}x)", v.size_ratio)));
    page.Raw("</td><td class=\"num\">").Text(LatencyCell(v, 1));
    page.Raw("</td><td class=\"num\">").Text(LatencyCell(v, 0));
    page.Raw("</td><td class=\"num\">").Text(fmt::format("{:.0f} MiB", v.peak_rss_mib));
    page.Raw("</td><td class=\"num\">").Text(fmt::format("{:.0f} ms", v.cold_start_ms));
    page.Raw("</td><td>").Text(Accuracy(v));
    page.Raw("</td><td>").Text(original ? "" : v.passes_gate ? "passes" : "fails: " + v.gate_failure);
    page.Raw("</td></tr>\n");
  }
  page.Raw("</tbody></table>\n");
  page.Raw("<p>")
      .Text(c->best ? "Best by " + c->objective + ": " + *c->best + "; the actions give the command that writes it."
                    : "No compressed variant passes the gate: none is recommended.")
      .Raw("</p>\n");
  for (const std::string& note : c->notes) page.Raw("<p class=\"muted\">").Text(note).Raw("</p>\n");
  Reproduce(page, *doctor.compress);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
