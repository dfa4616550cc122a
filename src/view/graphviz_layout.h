// The GraphView laid out by Graphviz's dot (clusters for scopes and subgraphs) and rendered to
// SVG in memory. All Graphviz calls of ortkit are in graphviz_layout.cc.
#pragma once

#include <cstddef>
#include <string>

#include "view/graph_view.h"

namespace ortkit::view {

/// Graph attributes dot is run with. The defaults are what `ortkit graph` uses; the benchmark
/// (bench/graph_view_bench.cc) measures the others.
struct LayoutOptions {
  /// newrank=true ranks the whole graph at once, ignoring clusters while ranking: faster and
  /// more robust on deep cluster trees than the default per-cluster ranking.
  bool newrank = true;
  /// dot's network-simplex and crossing-minimisation effort limits ("" leaves dot's default).
  std::string nslimit;   ///< network simplex iterations for x coordinates, times the node count
  std::string nslimit1;  ///< the same for ranking
  std::string mclimit;
  /// Edge routing: "" is dot's default (splines through the rank gaps), "line" straight segments
  /// and "polyline" bent ones; routing is most of dot's time on large graphs.
  std::string splines;
};

/// Nodes above which LayoutOptionsFor stops network simplex at its first feasible tree.
inline constexpr std::size_t kQuickLayoutNodes = 500;

/// What `ortkit graph` runs dot with for a view of `nodes` boxes: the defaults, and above
/// kQuickLayoutNodes also nslimit=0 and nslimit1=0. Measured on a 2,005-node scoped model
/// (bench/graph_view_bench.cc, Graphviz 2.42): dot's network simplex took about two thirds of the
/// layout (3.5 s of CPU), and stopping it at the first feasible tree cut the layout to 1.2 s; ranks
/// stay valid and boxes never overlap, only edges get longer and the drawing less compact.
LayoutOptions LayoutOptionsFor(std::size_t nodes);

/// The SVG element dot draws for `view` (no XML prolog, ready to inline in HTML). SVG ids: node
/// i is "n<i>", edge i "e<i>", cluster i "c<i>", as GraphView numbers them. Throws
/// Error(kLoad) naming the model and dot's message when layout or rendering fails.
std::string LayoutSvg(const GraphView& view, const LayoutOptions& options = {});

}  // namespace ortkit::view
