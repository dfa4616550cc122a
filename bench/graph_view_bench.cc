// `ortkit graph`'s cost on a 2,000-node model (issue 17: view built in <= 5 s, HTML <= 5 MB): each
// phase alone (read + infer, checks, Graphviz layout, HTML), the whole pipeline, and dot's
// attributes that trade layout quality for time (newrank, nslimit, mclimit).
//
//   build/bench/ortkit_graph_view_bench --benchmark_counters_tabular=true
#include <benchmark/benchmark.h>

#include <fstream>

#include "graph/check_engine.h"
#include "testing/temp_dir.h"
#include "view/graph_view_builder.h"
#include "view/graph_view_html.h"
#include "view/graphviz_layout.h"
#include "view/overlays.h"
#include "view/view_models.h"

namespace {

using namespace ortkit;

// 285 scoped layers: 2,005 nodes in 1,429 clusters (4 levels deep), as a transformer export.
constexpr int kLayers = 285;

const std::string& ModelPath() {
  static testing::TempDir dir;
  static const std::string path = [] {
    const std::string p = dir.File("scoped_2000.onnx");
    std::ofstream(p, std::ios::binary) << testing::ScopedModelBytes(kLayers);
    return p;
  }();
  return path;
}

view::GraphView FullView(const view::LoadedGraph& loaded) {
  view::GraphView v = view::BuildGraphView(loaded);
  graph::CheckOptions options;
  options.use_ort = false;
  view::AddFindings(v, loaded, graph::RunChecks(ModelPath(), options).findings);
  return v;
}

void BM_LoadAndBuild(benchmark::State& state) {
  for (auto _ : state) {
    view::GraphView v = view::BuildGraphView(view::LoadGraph(ModelPath()));
    benchmark::DoNotOptimize(v.nodes.data());
  }
}
BENCHMARK(BM_LoadAndBuild)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_StaticChecks(benchmark::State& state) {
  graph::CheckOptions options;
  options.use_ort = false;
  for (auto _ : state) benchmark::DoNotOptimize(graph::RunChecks(ModelPath(), options).findings.size());
}
BENCHMARK(BM_StaticChecks)->Unit(benchmark::kMillisecond)->Iterations(3);

// Arg 0: dot's defaults less newrank; 1: newrank (ortkit's default); 2: newrank + nslimit=2,
// mclimit=0.5; 3: no clusters at all (what clusters cost); 4: newrank + splines=polyline;
// 5: newrank + splines=line; 6: newrank + mclimit=0.1 + splines=polyline; 7: newrank +
// nslimit=0 + nslimit1=0 (network simplex stops at its first feasible tree).
void BM_Layout(benchmark::State& state) {
  const view::LoadedGraph loaded = view::LoadGraph(ModelPath());
  view::GraphView v = view::BuildGraphView(loaded);
  view::LayoutOptions options;
  options.newrank = state.range(0) != 0;
  if (state.range(0) == 2) {
    options.nslimit = "2";
    options.mclimit = "0.5";
  }
  if (state.range(0) == 4 || state.range(0) == 6) options.splines = "polyline";
  if (state.range(0) == 5) options.splines = "line";
  if (state.range(0) == 6) options.mclimit = "0.1";
  if (state.range(0) == 7) {
    options.nslimit = "0";
    options.nslimit1 = "0";
  }
  if (state.range(0) == 3) {
    for (view::ViewNode& node : v.nodes) node.cluster = -1;
    v.clusters.clear();
  }
  std::size_t bytes = 0;
  for (auto _ : state) bytes = view::LayoutSvg(v, options).size();
  state.counters["svg_MB"] = static_cast<double>(bytes) / 1e6;
  state.counters["nodes"] = static_cast<double>(v.nodes.size());
  state.counters["clusters"] = static_cast<double>(v.clusters.size());
}
BENCHMARK(BM_Layout)->DenseRange(0, 7)->Unit(benchmark::kMillisecond)->Iterations(1);

// What `ortkit graph MODEL -o graph.html` does, end to end (without writing the file), with the
// layout options it picks for this size (LayoutOptionsFor).
void BM_WholeView(benchmark::State& state) {
  std::size_t bytes = 0;
  for (auto _ : state) {
    const view::LoadedGraph loaded = view::LoadGraph(ModelPath());
    const view::GraphView v = FullView(loaded);
    bytes = view::RenderGraphHtml(v, view::LayoutSvg(v, view::LayoutOptionsFor(v.nodes.size())), "ortkit graph").size();
  }
  state.counters["html_MB"] = static_cast<double>(bytes) / 1e6;
}
BENCHMARK(BM_WholeView)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
