// The GraphView as the page's JSON data island: what graph_view.js draws overlays, clusters and
// details from. Short keys: a 2,000-node model's page stays small.
#pragma once

#include <nlohmann/json.hpp>

#include "view/graph_view.h"

namespace ortkit::view {

/// The view's data for the page (keys documented at the top of report/assets/graph_view.js).
nlohmann::json GraphViewJson(const GraphView& view);

}  // namespace ortkit::view
