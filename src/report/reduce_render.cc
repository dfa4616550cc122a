// Text and JSON renderers of `ortkit reduce`'s summary.
#include "report/reduce_render.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/text_table.h"

namespace ortkit::report {
namespace {

using Json = nlohmann::ordered_json;  // keys in the order written, for people reading the output


// "fails (exit 1)", "passes (exit 0)", or "not built: <why>".
std::string Verdict(const graph::ReduceStep& step) {
  if (!step.checked) return "not built: " + step.detail;
  return std::string(step.fails ? "fails" : "passes") + (step.detail.empty() ? "" : " (" + step.detail + ")");
}

}  // namespace

void RenderReduceText(const graph::ReduceSummary& summary, std::ostream& out) {
  out << fmt::format("model  {} ({} node{})\n", summary.model, summary.original_nodes,
                     summary.original_nodes == 1 ? "" : "s");
  out << fmt::format("check  {}\n", summary.check);

  out << "\nsteps\n";
  TextTable steps({"#", "phase", "candidate", "nodes", "check"}, {true, false, false, true, false});
  for (std::size_t i = 0; i < summary.steps.size(); ++i) {
    const graph::ReduceStep& s = summary.steps[i];
    steps.AddRow({std::to_string(i + 1), s.phase, s.candidate, s.checked ? std::to_string(s.nodes) : "-", Verdict(s)});
  }
  steps.Render(out, 2);
  if (summary.step_limit_reached) out << "  (stopped at the step limit: the result may not be minimal)\n";

  out << fmt::format("\nresult  {} of {} node{}\n", summary.nodes.size(), summary.original_nodes,
                     summary.original_nodes == 1 ? "" : "s");
  TextTable result({"what", "names"});
  result.AddRow({"nodes", fmt::format("{}", fmt::join(summary.nodes, ", "))});
  result.AddRow({"inputs", fmt::format("{}", fmt::join(summary.inputs, ", "))});
  result.AddRow({"outputs", fmt::format("{}", fmt::join(summary.outputs, ", "))});
  result.Render(out, 2);
  if (!summary.written.empty()) out << "\nwrote  " << summary.written << "\n";
}

void RenderReduceJson(const graph::ReduceSummary& summary, std::ostream& out) {
  Json steps = Json::array();
  for (const graph::ReduceStep& s : summary.steps) {
    Json j{{"phase", s.phase}, {"candidate", s.candidate}, {"checked", s.checked}};
    if (s.checked) {
      j["nodes"] = s.nodes;
      j["fails"] = s.fails;
    }
    j["detail"] = s.detail;
    steps.push_back(std::move(j));
  }
  Json doc{{"model", summary.model},
           {"check", summary.check},
           {"original_nodes", summary.original_nodes},
           {"steps", std::move(steps)},
           {"step_limit_reached", summary.step_limit_reached},
           {"result", Json{{"node_count", summary.nodes.size()},
                           {"nodes", summary.nodes},
                           {"inputs", summary.inputs},
                           {"outputs", summary.outputs}}}};
  if (!summary.written.empty()) doc["written"] = summary.written;
  // Names come from the model: invalid UTF-8 is replaced rather than thrown on.
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace ortkit::report
