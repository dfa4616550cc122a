// `ortkit graph`'s page: the laid-out SVG, the view's data and the script that pans, zooms,
// collapses clusters, toggles overlays and shows node details, in one self-contained HTML file
// under the same Content-Security-Policy as doctor's report (no request of any kind).
#pragma once

#include <string>

#include "view/graph_view.h"

namespace ortkit::view {

/// The whole page for `view`, with `svg` from LayoutSvg. `generator` names the program (plain text).
std::string RenderGraphHtml(const GraphView& view, const std::string& svg, const std::string& generator);

}  // namespace ortkit::view
