// The graph section of the doctor HTML report: `ortkit graph`'s page for this run, embedded.
#include "report/doctor_html_parts.h"

#include <fmt/format.h>

#include "report/doctor_figures.h"

namespace ortkit::report::doctor_html {

void RenderGraph(const DoctorReport& doctor, const std::string& graph_page, PageBuilder& page) {
  if (!doctor.graph_view) return;  // not asked for (doctor without -o, or an older document)
  const doctor::GraphViewInfo& g = *doctor.graph_view;
  page.Raw("<section id=\"graph\"><h2>The graph</h2>\n");
  if (g.status != "ok" || graph_page.empty()) {
    page.Raw("<p class=\"note\">").Text(g.status != "ok" ? "The graph view failed: " + g.message
                                                          : "The graph view was written but could not be read back.")
        .Raw("</p>\n");
  } else {
    page.Raw("<p class=\"muted\">")
        .Text(fmt::format("Overlays: check's findings (static rules), float64 nodes, the post-processing cut, static "
                          "cost{}{}{}. Click a cluster's title to fold it, a node for its details.",
                          g.with_profile ? ", each node's share of this report's profiled kernel time" : "",
                          g.with_node_memory ? ", the memory each node allocated in the profile step's run" : "",
                          doctor.request.provider != "cpu" && !doctor.request.provider.empty()
                              ? ", placement on " + doctor.request.provider
                              : ""))
        .Raw("</p>\n");
    // An iframe keeps the view's script, styles and element ids apart from the report's; srcdoc
    // keeps the file self-contained, and the sandbox gives the page scripts but no access here.
    page.Raw("<iframe class=\"graph-view\" title=\"graph view\" sandbox=\"allow-scripts\" srcdoc=\"")
        .Text(graph_page)
        .Raw("\"></iframe>\n");
  }
  page.Raw("<p class=\"muted\">").Text("Reproduce this view (" + FormatSeconds(g.seconds) + "):").Raw("</p>");
  CommandBlock(page, g.command_line);
  page.Raw("</section>\n");
}

}  // namespace ortkit::report::doctor_html
