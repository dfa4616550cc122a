// `ortkit graph`: the model as one self-contained HTML page: the graph laid out by Graphviz, name
// scopes and subgraphs as collapsible clusters, check's findings, float64, the post-processing
// cut, predicted placement, profiled time, static cost and ORT's memory per node as overlays, and
// every node's details.
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "cli/ort_crash_probe.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "graph/check_engine.h"
#include "graph/checks/provider_ops/op_table.h"
#include "graph/model_summary.h"
#include "ortkit/error.h"
#include "profile/node_memory.h"
#include "profile/profile_trace.h"
#include "view/collapse_level.h"
#include "view/graph_view_builder.h"
#include "view/graph_view_html.h"
#include "view/graphviz_layout.h"
#include "view/model_explorer_json.h"
#include "view/overlays.h"
#include "workload/dim_flag.h"

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
The page needs no network and no other file: open it in any browser. Nodes are grouped by the
exporter's name scopes (/layers.0/self_attn/...) and subgraphs (If, Loop, Scan bodies) into
clusters; click a cluster's title to collapse or expand it. Graphviz lays the fully expanded graph
out once, so a collapsed cluster is drawn as one box over the area its contents take. A model with
more than --max-boxes nodes opens collapsed at the deepest level that keeps at most that many boxes.

Overlays, each with a checkbox and a legend: check's findings (static rules, as `ortkit check
--no-ort` finds them) as badges with the rule id; float64 nodes; the post-processing tail and the
tensors to cut it at (rule ORTKIT007); with --provider, which nodes that provider's op table takes
and which fall back to CPU, with the crossing edges marked; with --profile, each node's share of
the kernel time as a heat colour; the static cost of each main-graph node (FLOPs, as `ortkit inspect
--cost` counts them, at the --dim sizes; a node whose shapes depend on a free dimension without a
size is "cost unknown") as a heat colour; with --node-memory, the bytes ORT allocated for each
node's outputs and scratch buffers at run time (its node memory statistics, which `ortkit profile
--node-memory-stats` keeps) as a heat colour, the bytes on nodes ORT fused or renamed counted in
the legend. Click a box for its op, attributes, inputs and outputs with their inferred types,
findings, time, cost and memory.

--format model-explorer prints one overlay's figures per main-graph node as Google Model Explorer
node-data JSON (load it with --node_data_paths): --node-data time (kernel microseconds, needs
--profile), memory (bytes allocated for outputs and scratch, needs --node-memory), cost (FLOPs),
findings (count) or placement (1 taken, 0 CPU fallback, needs --provider); by default the first
of those the page has. Nodes are keyed by name (an unnamed node by its first output), the graph
by its name, as Model Explorer's ONNX adapter keys them.

The model is read without its weight payloads. Exit status: 0 when the page was written, 2 when it
could not be (no such file, not a model, -o exists without --force, bad option, a --profile or
--node-memory file that is not what it should be, a --node-data figure the page has no data for).
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit graph model.onnx -o graph.html
  ortkit graph model.onnx -o graph.html --provider nnapi         placement and CPU fallback on NNAPI
  ortkit profile model.onnx --trace prof.json && ortkit graph model.onnx -o graph.html --profile prof.json
  ortkit profile model.onnx --node-memory-stats mem.csv && ortkit graph model.onnx -o graph.html --node-memory mem.csv
  ortkit graph model.onnx -o graph.html --force --max-boxes 400
  ortkit graph model.onnx -o graph.html --dim batch=1 --dim seq=128    static cost at these sizes
  ortkit graph model.onnx -o graph.html --profile prof.json --format model-explorer --report time.json
  ortkit graph model.onnx -o graph.html --node-memory mem.csv --format model-explorer --node-data memory
)";

struct Options {
  std::string model;
  std::string html_path;
  std::string provider;
  std::string profile_path;
  std::string node_memory_path;  // ORT's node memory statistics (CSV)
  std::size_t max_boxes = 200;
  bool no_check = false;
  std::vector<std::string> dims;  // --dim (workload/dim_flag.h), one size each: the cost's shapes
  std::string node_data;          // --node-data, for --format model-explorer
  OutputOptions output;
};

std::string CheckTarget(const std::string& text) {
  if (graph::FindProviderOpTable(text) != nullptr) return {};
  return fmt::format("unknown provider '{}'; the placement overlay has op tables for {}", text,
                     fmt::join(graph::KnownTargets(), ", "));
}

int Execute(const Options& o, const Context& context) {
  CheckReportPath(o.output);
  core::CheckWritable(o.html_path, OverwriteRule(o.output), "-o");
  if (!o.node_data.empty() && o.output.format != Format::kModelExplorer) {
    throw Error(ErrorCategory::kConfig, "--node-data picks what --format model-explorer exports: give that too");
  }
  const auto dim_sizes = workload::SingleSizes(workload::ParseDimFlags(o.dims), "graph");
  // Read the profile and the memory statistics first: a wrong file fails before the layout's
  // seconds are spent.
  std::optional<profile::ProfileTrace> trace;
  if (!o.profile_path.empty()) trace = profile::ReadOrtProfile(o.profile_path);
  std::optional<std::vector<profile::NodeMemory>> node_memory;
  if (!o.node_memory_path.empty()) node_memory = profile::ReadNodeMemoryStats(o.node_memory_path);

  // The view and check run the same inference on the same model: one child probes it for both.
  const std::optional<std::string> inference_crash = ProbeInferenceInChild(o.model);
  const auto probed = [&inference_crash](const std::string&) { return inference_crash; };
  view::LoadOptions load;
  load.inference_crash_probe = probed;  // a crash in ONNX's inference is reported, not ours
  const view::LoadedGraph loaded = view::LoadGraph(o.model, load);
  view::GraphView graph_view = view::BuildGraphView(loaded);
  graph_view.collapse_depth = view::ChooseCollapseDepth(graph_view.nodes, graph_view.clusters, o.max_boxes);
  if (!o.no_check) {
    graph::CheckOptions options;
    options.use_ort = false;  // static rules: no session, as the view itself needs none
    // RunChecks reads the model without its payloads too (CheckOptions::parse_payloads stays off):
    // duplicate initializers are found from hashes taken while stripping, so the findings overlay
    // costs memory that follows the graph, not the weights.
    options.inference_crash_probe = probed;
    view::AddFindings(graph_view, loaded, graph::RunChecks(o.model, options).findings);
  }
  if (!o.provider.empty()) view::AddPlacement(graph_view, loaded, o.provider);
  if (trace) view::AddProfile(graph_view, *trace);
  if (node_memory) view::AddNodeMemory(graph_view, *node_memory, o.node_memory_path);
  {
    // Static cost, as `inspect --cost` computes it: inference on the model without its payloads,
    // in a crash-guard child first, at the --dim sizes.
    graph::SummaryOptions cost_options;
    cost_options.cost = true;
    cost_options.dim_sizes = dim_sizes;
    cost_options.inference_crash_probe = [dims = o.dims](const std::string& path) {
      return ProbeStrippedInferenceInChild(path, dims);
    };
    const graph::ModelSummary summary = graph::SummarizeModel(o.model, cost_options);
    if (summary.cost) view::AddModelCost(graph_view, *summary.cost);
  }
  std::optional<view::NodeDataMetric> metric;
  if (o.output.format == Format::kModelExplorer) {
    metric = o.node_data.empty() ? view::DefaultNodeDataMetric(graph_view) : view::ParseNodeDataMetric(o.node_data);
    if (!metric) throw Error(ErrorCategory::kConfig, "--format model-explorer: the view has no per-node figures to export");
  }
  // Built before the page is written: a metric without data fails with nothing written.
  const std::string node_data = metric ? view::ModelExplorerNodeData(graph_view, *metric).dump(2) + "\n" : "";

  const std::string html = view::RenderGraphHtml(graph_view, view::LayoutSvg(graph_view, view::LayoutOptionsFor(graph_view.nodes.size())), "ortkit graph");
  core::WriteFileAtomically(o.html_path, html, OverwriteRule(o.output));

  std::size_t ops = 0;
  for (const view::ViewNode& node : graph_view.nodes) ops += node.kind == view::NodeKind::kOp ? 1 : 0;
  const std::size_t boxes = view::VisibleBoxes(graph_view.nodes, graph_view.clusters, graph_view.collapse_depth);
  std::size_t costed = 0;
  for (const view::ViewNode& node : graph_view.nodes) costed += node.cost && node.cost->flops ? 1 : 0;
  std::ostringstream text;
  if (o.output.format == Format::kModelExplorer) {
    text << node_data;
  } else if (o.output.format == Format::kJson) {
    text << nlohmann::json{{"html", o.html_path},
                           {"bytes", html.size()},
                           {"nodes", ops},
                           {"clusters", graph_view.clusters.size()},
                           {"findings", graph_view.findings.size()},
                           {"costed_nodes", costed},
                           {"collapse_depth", graph_view.collapse_depth},
                           {"boxes_at_open", boxes}}
                .dump(2)
         << "\n";
  } else {
    text << fmt::format("Wrote {} ({} bytes): {} nodes ({} costed), {} clusters, {} findings; opens with {} boxes{}\n",
                        o.html_path, html.size(), ops, costed, graph_view.clusters.size(), graph_view.findings.size(), boxes,
                        graph_view.collapse_depth > 0 ? fmt::format(" (clusters collapsed at depth {})", graph_view.collapse_depth)
                                                      : "");
  }
  EmitReport(context, o.output, text.str());
  return kExitOk;
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.add_option("MODEL", o->model, "The ONNX model to draw")->type_name("FILE")->required();
  app.add_option("-o,--output", o->html_path, "The HTML page to write (refused if it exists, unless --force)")
      ->type_name("FILE")
      ->required();
  app.add_option("--provider", o->provider,
                 "Show where this provider would run each node, from its op table: " +
                     fmt::format("{}", fmt::join(graph::KnownTargets(), ", ")))
      ->type_name("NAME")
      ->check(FlagCheck(CheckTarget));
  app.add_option("--profile", o->profile_path,
                 "ONNX Runtime profile JSON (`ortkit profile --trace`, or SessionOptions profiling) for the time overlay")
      ->type_name("FILE");
  app.add_option("--node-memory", o->node_memory_path,
                 "ORT's node memory statistics CSV (`ortkit profile --node-memory-stats`, or the session config key " +
                     std::string(profile::kNodeMemoryStatsKey) + ") for the memory overlay")
      ->type_name("FILE");
  app.add_option("--max-boxes", o->max_boxes, "Open collapsed to keep at most about this many boxes on screen. Default: 200")
      ->type_name("N")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app.add_flag("--no-check", o->no_check, "Skip check's static rules (no findings overlay)");
  app.add_option("--dim", o->dims,
                 "Size of free dimension NAME (or INPUT:AXIS) for the static cost: one size; repeatable")
      ->type_name("NAME=SIZE")
      ->allow_extra_args(false);
  app.add_option("--node-data", o->node_data,
                 "With --format model-explorer: the figure exported, one of " +
                     fmt::format("{}", fmt::join(view::NodeDataMetricNames(), ", ")) +
                     " (default: the first the page has)")
      ->type_name("METRIC")
      ->check(CLI::IsMember(view::NodeDataMetricNames()));
  AddOutputOptions(app, o->output, {Format::kText, Format::kJson, Format::kModelExplorer});
  app.footer(std::string(kNotes) + kExamples);
  return [o](const Context& context) { return Execute(*o, context); };
}

const CommandRegistration kRegistration{
    Command{"graph", "Draw the model as one HTML page: scopes as clusters; findings, placement, time, memory overlaid",
            Needs::kGraph, Setup}};

}  // namespace
}  // namespace ortkit::cli
