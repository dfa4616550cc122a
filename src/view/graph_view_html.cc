#include "view/graph_view_html.h"

#include <fmt/format.h>

#include "report/assets/embedded_assets.h"
#include "report/html_escape.h"
#include "report/html_template.h"
#include "view/graph_view_json.h"

namespace ortkit::view {

namespace {

std::string Header(const GraphView& view) {
  std::size_t ops = 0;
  for (const ViewNode& node : view.nodes) ops += node.kind == NodeKind::kOp ? 1 : 0;
  std::string html = "<header><h1>" + report::EscapeHtml(view.model_path) + "</h1><p class=\"muted\">";
  html += fmt::format("{} nodes in {} graph{}, {} clusters", ops, view.graphs.size(), view.graphs.size() == 1 ? "" : "s",
                      view.clusters.size());
  if (!view.graph_name.empty()) html += " &middot; graph " + report::EscapeHtml(view.graph_name);
  html += "</p>";
  if (!view.inference_note.empty()) html += "<p class=\"note\">" + report::EscapeHtml(view.inference_note) + "</p>";
  return html + "</header>\n";
}

}  // namespace

std::string RenderGraphHtml(const GraphView& view, const std::string& svg, const std::string& generator) {
  // The SVG is Graphviz's output: it escapes every label it writes, and holds no script.
  std::string body = Header(view);
  body += "<div id=\"toolbar\"></div>\n<main><div id=\"canvas\">" + svg + "</div>\n<aside id=\"details\"></aside></main>\n";
  return report::FillTemplate(report::assets::kGraphPage,
                              {{"GENERATOR", report::EscapeHtml(generator)},
                               {"TITLE", report::EscapeHtml("ortkit graph: " + view.model_path)},
                               {"CSS", std::string(report::assets::kGraphCss)},
                               {"BODY", body},
                               {"VIEW_JSON", report::ScriptSafeJson(GraphViewJson(view))},
                               {"SCRIPT", report::ScriptSafeJavaScript(report::assets::kGraphJs)}});
}

}  // namespace ortkit::view
