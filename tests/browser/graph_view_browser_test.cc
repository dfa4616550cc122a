// `ortkit graph`'s page in a real headless Chromium (issue 17): every node is drawn, clusters
// collapse and expand, each overlay toggles, clicking a node shows its details, a big model opens
// collapsed to about 200 boxes, the memory heat follows ORT's node memory statistics, and the
// page makes no console message, exception or request. The interactions are real DOM events
// (click, change) dispatched on the page's own elements.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "browser/headless_chromium.h"
#include "graph/check_engine.h"
#include "profile/node_memory.h"
#include "testing/temp_dir.h"
#include "view/collapse_level.h"
#include "view/graph_view_builder.h"
#include "view/graph_view_html.h"
#include "view/graphviz_layout.h"
#include "view/overlays.h"
#include "view/view_models.h"

namespace ortkit::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// Runs in the page: what the test judges, gathered by the test's own script.
constexpr const char* kProbe = R"JS(JSON.stringify((function () {
  var data = JSON.parse(document.getElementById('ortkit-graph-json').textContent);
  var drawn = 0;
  data.nodes.forEach(function (_, i) {
    var g = document.getElementById('n' + i);
    var s = g && g.querySelector('polygon, ellipse');
    if (s && s.getBBox().width > 0 && getComputedStyle(g).display !== 'none') drawn++;
  });
  return {state: document.body.getAttribute('data-report-state'),
          errors: document.body.getAttribute('data-page-errors') || '',
          nodes: data.nodes.length, drawn: drawn, clusters: data.clusters.length,
          boxes: Number(document.body.getAttribute('data-visible-boxes'))};
})()))JS";

class GraphViewBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto found = FindChromium();
    if (!found) GTEST_SKIP() << "Chromium is not installed (apt-get install chromium, or set ORTKIT_CHROMIUM)";
    chromium_ = *found;
    fs::create_directories(ORTKIT_BROWSER_ARTIFACTS);
  }

  // The page for a scoped model of `layers` layers with every overlay that has data.
  std::string WritePage(int layers, const std::string& name) {
    const std::string model = dir_.File(name + ".onnx");
    std::ofstream(model, std::ios::binary) << ScopedModelBytes(layers);
    const view::LoadedGraph loaded = view::LoadGraph(model);
    view_ = view::BuildGraphView(loaded);
    graph::CheckOptions options;
    options.use_ort = false;
    view::AddFindings(view_, loaded, graph::RunChecks(model, options).findings);
    view::AddPlacement(view_, loaded, "webgpu");
    profile::ProfileTrace trace;
    trace.source = "fake.json";
    for (const view::ViewNode& node : view_.nodes) {
      if (node.kind == view::NodeKind::kOp && node.graph == 0) {
        profile::KernelEvent k;
        k.node = node.name;
        k.dur_us = 10 + static_cast<int64_t>(node.op_type.size());
        trace.kernels.push_back(k);
      }
    }
    view::AddProfile(view_, trace);
    // Memory: the Relu of layer 0 has the most (1 MiB out + 512 KiB scratch), the Relu of layer 1
    // a quarter of it, and a fused node 96 KiB that no box shows.
    view::AddNodeMemory(view_,
                        profile::ParseNodeMemoryStats("/layers.0/mlp/Relu_1,2048,0,1048576,524288\n"
                                                      "/layers.1/mlp/Relu_2,4096,512,393216,0\n"
                                                      "MatMulAddFusion_3,0,0,98304,0\n",
                                                      "fake.csv"),
                        "fake.csv");
    view::NodeCostFigures cost;
    cost.flops = 4096;
    view::AddStaticCost(view_, {{"/layers.0/self_attn/q_proj/MatMul", cost}});
    const std::string html_path = dir_.File(name + ".html");
    std::ofstream(html_path, std::ios::binary) << view::RenderGraphHtml(
        view_, view::LayoutSvg(view_, view::LayoutOptionsFor(view_.nodes.size())), "ortkit graph");
    return html_path;
  }

  void Open(const std::string& html_path) {
    browser_ = std::make_unique<HeadlessChromium>(chromium_, profile_dir_.path());
    for (const char* domain : {"Runtime.enable", "Log.enable", "Network.enable", "Page.enable"}) browser_->Page(domain);
    browser_->Page("Emulation.setDeviceMetricsOverride",
                   {{"width", 1280}, {"height", 900}, {"deviceScaleFactor", 1}, {"mobile", false}});
    url_ = "file://" + fs::absolute(html_path).string();
    browser_->Page("Page.navigate", {{"url", url_}});
    browser_->WaitForEvent("Page.loadEventFired");
  }

  json Eval(const std::string& expression) {
    const json result = browser_->Page("Runtime.evaluate", {{"expression", expression}, {"returnByValue", true}});
    if (result.contains("exceptionDetails")) ADD_FAILURE() << "script failed: " << result["exceptionDetails"].dump();
    return result.at("result").value("value", json());
  }
  json Probe() { return json::parse(Eval(kProbe).get<std::string>()); }

  // Every console message, exception, warning or error log entry and request of the page.
  std::vector<std::string> Problems() {
    std::vector<std::string> problems;
    for (const json& event : browser_->events()) {
      const std::string method = event["method"];
      const json& params = event["params"];
      if (method == "Runtime.consoleAPICalled") {
        problems.push_back("console: " + params.dump());
      } else if (method == "Runtime.exceptionThrown") {
        problems.push_back("exception: " + params.dump());
      } else if (method == "Log.entryAdded") {
        const std::string level = params.at("entry").value("level", "");
        if (level == "error" || level == "warning") problems.push_back("log: " + params.dump());
      } else if (method == "Network.requestWillBeSent" && params.at("request").value("url", "") != url_) {
        problems.push_back("request: " + params.at("request").value("url", ""));
      }
    }
    return problems;
  }

  int NodeIndex(const std::string& name) const {
    for (std::size_t i = 0; i < view_.nodes.size(); ++i) {
      if (view_.nodes[i].name == name) return static_cast<int>(i);
    }
    return -1;
  }

  std::string chromium_;
  TempDir dir_;
  TempDir profile_dir_;
  std::unique_ptr<HeadlessChromium> browser_;
  std::string url_;
  view::GraphView view_;
};

const char* kClick = "new MouseEvent('click', {bubbles: true})";

TEST_F(GraphViewBrowserTest, EveryNodeIsDrawnAndThePageIsQuiet) {
  Open(WritePage(2, "small"));
  const json probe = Probe();
  EXPECT_EQ(probe["state"], "ready") << probe["errors"];
  EXPECT_EQ(probe["errors"], "");
  EXPECT_EQ(probe["nodes"], view_.nodes.size());
  EXPECT_EQ(probe["drawn"], view_.nodes.size());  // opens expanded: every box visible
  EXPECT_EQ(probe["boxes"], view_.nodes.size());
  const json shot = browser_->Page("Page.captureScreenshot", {{"format", "png"}});
  std::ofstream(std::string(ORTKIT_BROWSER_ARTIFACTS) + "/graph_view.png", std::ios::binary)
      << DecodeBase64(shot.at("data").get<std::string>());
  const auto problems = Problems();
  EXPECT_TRUE(problems.empty()) << ::testing::PrintToString(problems);
}

TEST_F(GraphViewBrowserTest, ClustersCollapseAndExpand) {
  Open(WritePage(2, "small"));
  // layers.0 is a top-level scope: its title collapses it into one box.
  int layer0 = -1;
  for (std::size_t c = 0; c < view_.clusters.size(); ++c) {
    if (view_.clusters[c].path == "/layers.0") layer0 = static_cast<int>(c);
  }
  ASSERT_GE(layer0, 0);
  const int inside = NodeIndex("/layers.0/self_attn/q_proj/MatMul");
  const std::string click_title = "document.querySelector('#c" + std::to_string(layer0) + " > text').dispatchEvent(" + kClick + ")";
  const std::string hidden = "getComputedStyle(document.getElementById('n" + std::to_string(inside) + "')).display === 'none'";
  Eval(click_title);
  EXPECT_EQ(Eval(hidden), true);
  EXPECT_EQ(Eval("document.getElementById('c" + std::to_string(layer0) + "').classList.contains('collapsed')"), true);
  EXPECT_EQ(Probe()["boxes"], view_.nodes.size() - 7 + 1);  // 7 nodes became one box
  Eval(click_title);
  EXPECT_EQ(Eval(hidden), false);
  EXPECT_EQ(Probe()["boxes"], view_.nodes.size());
  // The level control collapses every cluster at a depth, as the C++ side counts it.
  Eval("var s = document.getElementById('collapse-level'); s.value = '2'; s.dispatchEvent(new Event('change'))");
  EXPECT_EQ(Probe()["boxes"], view::VisibleBoxes(view_.nodes, view_.clusters, 2));
  Eval("document.getElementById('expand-all').click()");
  EXPECT_EQ(Probe()["boxes"], view_.nodes.size());
  EXPECT_TRUE(Problems().empty()) << ::testing::PrintToString(Problems());
}

TEST_F(GraphViewBrowserTest, EachOverlayToggles) {
  Open(WritePage(2, "small"));
  // Per overlay: the node whose look it changes, and what to read of that look.
  const int f64 = NodeIndex("/head/Mul"), post = NodeIndex("/post/TopK"), relu = NodeIndex("/layers.0/mlp/Relu"),
            q = NodeIndex("/layers.0/self_attn/q_proj/MatMul");
  const std::vector<std::pair<std::string, int>> overlays = {
      {"float64", f64}, {"post", post}, {"placement", relu}, {"time", relu}, {"memory", relu}, {"cost", q}};
  for (const auto& [key, node] : overlays) {
    const std::string fill = "getComputedStyle(document.querySelector('#n" + std::to_string(node) + " > polygon')).fill";
    const std::string box = "document.getElementById('overlay-" + key + "')";
    ASSERT_EQ(Eval(box + " !== null"), true) << key;
    const json before = Eval(fill);
    Eval(box + ".click()");
    EXPECT_EQ(Eval("document.body.classList.contains('show-" + key + "')"), true) << key;
    EXPECT_NE(Eval(fill), before) << key;
    EXPECT_EQ(Eval("getComputedStyle(document.getElementById('legend-" + key + "')).display !== 'none'"), true) << key;
    Eval(box + ".click()");
    EXPECT_EQ(Eval(fill), before) << key;
  }
  // Findings are on at open: their badges show, and hide with the checkbox.
  const std::string badge_shown = "getComputedStyle(document.querySelector('.badge')).display !== 'none'";
  EXPECT_EQ(Eval(badge_shown), true);
  Eval("document.getElementById('overlay-findings').click()");
  EXPECT_EQ(Eval(badge_shown), false);
  Eval("document.getElementById('overlay-findings').click()");
  EXPECT_EQ(Eval(badge_shown), true);
  // Crossing and cut edges are marked while their overlays are on.
  EXPECT_GT(Eval("document.querySelectorAll('.edge.ov-cross').length"), 0);
  EXPECT_GT(Eval("document.querySelectorAll('.edge.ov-cut').length"), 0);
  EXPECT_TRUE(Problems().empty()) << ::testing::PrintToString(Problems());
}

// The memory heat is allocated bytes (outputs + scratch) over the largest drawn node's, by its
// square root: 1.5 MiB is full red, 384 KiB a quarter (half-way), a node not in the file unpainted.
TEST_F(GraphViewBrowserTest, MemoryHeatScalesToTheLargestNodeAndTheLegendCountsTheRest) {
  Open(WritePage(2, "small"));
  const auto fill = [&](const std::string& node) {
    return Eval("getComputedStyle(document.querySelector('#n" + std::to_string(NodeIndex(node)) + " > polygon')).fill");
  };
  const json untouched = fill("/embed/Mul");
  Eval("document.getElementById('overlay-memory').click()");
  EXPECT_EQ(fill("/layers.0/mlp/Relu"), "rgb(192, 57, 43)");
  EXPECT_EQ(fill("/layers.1/mlp/Relu"), "rgb(224, 156, 149)");  // 255 + (192 - 255) / 2, ... rounded
  EXPECT_EQ(fill("/embed/Mul"), untouched);
  const std::string legend = Eval("document.getElementById('legend-memory').textContent");
  for (const char* text : {"1.5 MiB", "memory per node: outputs and scratch ORT allocated at run time, from its node "
                           "memory statistics", "96.0 KiB of 2.0 MiB on nodes not in the file"}) {
    EXPECT_NE(legend.find(text), std::string::npos) << text << " in: " << legend;
  }
  EXPECT_TRUE(Problems().empty()) << ::testing::PrintToString(Problems());
}

TEST_F(GraphViewBrowserTest, ClickingANodeShowsItsDetails) {
  Open(WritePage(2, "small"));
  const int topk = NodeIndex("/post/TopK");
  Eval("document.getElementById('n" + std::to_string(topk) + "').dispatchEvent(" + kClick + ")");
  const std::string details = Eval("document.getElementById('details').textContent");
  for (const char* text : {"TopK", "/post/TopK", "axis", "-1", "/head/Cast_1_output_0", "float32[batch,seq,8]",
                           "int64[batch,seq,3]", "ORTKIT007", "% of kernel time", "webgpu"}) {
    EXPECT_NE(details.find(text), std::string::npos) << text << " in: " << details;
  }
  // A finding's badge opens its node with that finding marked.
  Eval("document.querySelector('.badge').dispatchEvent(" + std::string(kClick) + ")");
  EXPECT_EQ(Eval("document.querySelectorAll('#details .finding.target').length"), 1);
  const int q = NodeIndex("/layers.0/self_attn/q_proj/MatMul");
  Eval("document.getElementById('n" + std::to_string(q) + "').dispatchEvent(" + kClick + ")");
  const std::string q_details = Eval("document.getElementById('details').textContent");
  EXPECT_NE(q_details.find("4,096"), std::string::npos) << q_details;  // static cost, where given
  EXPECT_NE(q_details.find("not in the node memory statistics"), std::string::npos) << q_details;
  // Memory figures, human-readable, where the statistics have the node.
  Eval("document.getElementById('n" + std::to_string(NodeIndex("/layers.0/mlp/Relu")) + "').dispatchEvent(" + kClick + ")");
  const std::string relu_details = Eval("document.getElementById('details').textContent");
  for (const char* text :
       {"outputs allocated1.0 MiB", "scratch allocated512.0 KiB", "input bytes2.0 KiB", "initializer bytes0 B"}) {
    EXPECT_NE(relu_details.find(text), std::string::npos) << text << " in: " << relu_details;
  }
  EXPECT_TRUE(Problems().empty()) << ::testing::PrintToString(Problems());
}

TEST_F(GraphViewBrowserTest, BigModelOpensCollapsedToAbout200Boxes) {
  Open(WritePage(80, "big"));  // 570 nodes: over kQuickLayoutNodes, so dot's quick settings too
  ASSERT_GT(view_.collapse_depth, 0);
  const json probe = Probe();
  EXPECT_EQ(probe["state"], "ready") << probe["errors"];
  EXPECT_LE(probe["boxes"].get<int>(), 200);
  EXPECT_EQ(probe["boxes"], view::VisibleBoxes(view_.nodes, view_.clusters, view_.collapse_depth));
  Eval("document.getElementById('expand-all').click()");
  EXPECT_EQ(Probe()["drawn"], view_.nodes.size());
  EXPECT_TRUE(Problems().empty()) << ::testing::PrintToString(Problems());
}

}  // namespace
}  // namespace ortkit::testing
