#include "view/graph_view_html.h"

#include <gtest/gtest.h>

#include <regex>

#include "view/graphviz_layout.h"
#include "view/overlays.h"
#include "view/view_test_util.h"

namespace ortkit::view {
namespace {

class GraphViewHtmlTest : public testing::ScopedModelViewTest {};

TEST_F(GraphViewHtmlTest, SvgHasAnElementForEveryNodeEdgeAndCluster) {
  const std::string svg = LayoutSvg(view_);
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);  // no XML prolog: it is inlined in HTML
  for (std::size_t i = 0; i < view_.nodes.size(); ++i) {
    EXPECT_NE(svg.find("<g id=\"n" + std::to_string(i) + "\" class=\"node\""), std::string::npos) << i;
  }
  for (std::size_t i = 0; i < view_.edges.size(); ++i) {
    EXPECT_NE(svg.find("<g id=\"e" + std::to_string(i) + "\" class=\"edge\""), std::string::npos) << i;
  }
  for (std::size_t i = 0; i < view_.clusters.size(); ++i) {
    EXPECT_NE(svg.find("<g id=\"c" + std::to_string(i) + "\" class=\"cluster\""), std::string::npos) << i;
  }
}

TEST_F(GraphViewHtmlTest, LabelsWithBackslashesAndMarkupStayText) {
  view_.nodes[0].label = "a\\nb<script>";
  const std::string svg = LayoutSvg(view_);
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_NE(svg.find("a\\nb&lt;script&gt;"), std::string::npos);
}

TEST_F(GraphViewHtmlTest, PageIsSelfContainedUnderTheReportPolicy) {
  const std::string html = RenderGraphHtml(view_, LayoutSvg(view_), "ortkit graph");
  EXPECT_NE(html.find("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"ortkit-graph-json\""), std::string::npos);
  // Nothing that could fetch: no src= or href= to anything, no @import, no url( outside data:.
  EXPECT_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?(https?:|//))")));
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find('@' + std::string("VIEW_JSON@")), std::string::npos);  // every placeholder filled
  EXPECT_EQ(html.find('@' + std::string("SCRIPT@")), std::string::npos);
}

}  // namespace
}  // namespace ortkit::view
