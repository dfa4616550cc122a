#include "view/graphviz_layout.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>
#include <string_view>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::view {

namespace {

// Graphviz keeps its error handler in a global: one layout at a time, and messages gathered for
// the exception rather than printed on our stderr.
std::mutex graphviz_mutex;
std::string graphviz_messages;

int CollectMessage(char* message) {
  if (graphviz_messages.size() < 4096) graphviz_messages += message;
  return 0;
}

struct ContextFree {
  void operator()(GVC_t* context) const noexcept { gvFreeContext(context); }
};
struct GraphClose {
  void operator()(Agraph_t* graph) const noexcept { agclose(graph); }
};
struct RenderDataFree {
  void operator()(char* data) const noexcept { gvFreeRenderData(data); }
};

// A computed layout, freed before its graph is closed (declare it after the graph).
class Layout {
 public:
  Layout(GVC_t* context, Agraph_t* graph) : context_(context), graph_(graph) {}
  ~Layout() {
    if (done_) gvFreeLayout(context_, graph_);
  }
  Layout(const Layout&) = delete;
  Layout& operator=(const Layout&) = delete;
  int Run() {
    const int status = gvLayout(context_, graph_, "dot");
    done_ = status == 0;
    return status;
  }

 private:
  GVC_t* context_;
  Agraph_t* graph_;
  bool done_ = false;
};

// cgraph's API predates const: it copies every string it is given.
char* Mutable(const char* text) { return const_cast<char*>(text); }

void Set(void* object, const char* key, const std::string& value) {
  agsafeset(object, Mutable(key), Mutable(value.c_str()), Mutable(""));
}

// dot reads "\n", "\l", "\N" and friends in labels as escapes; names keep their backslashes.
std::string LabelText(std::string_view text, std::size_t max_chars = 28) {
  std::string out;
  for (char c : text.substr(0, max_chars)) {
    if (c == '\\') out += '\\';
    out += c;
  }
  if (text.size() > max_chars) out += "...";
  return out;
}

std::string NodeLabel(const ViewNode& node) {
  if (node.kind != NodeKind::kOp) return LabelText(node.label);
  if (node.label.empty() || node.label == node.op_type) return LabelText(node.op_type);
  return LabelText(node.op_type) + "\\n" + LabelText(node.label);
}

// gvRenderData's length is unsigned int* in Graphviz 2.x and size_t* from 3.0: deduce it.
template <typename Length>
std::string RenderSvg(int (*render)(GVC_t*, graph_t*, const char*, char**, Length*), GVC_t* context, Agraph_t* graph) {
  char* data = nullptr;
  Length length = 0;
  const int status = render(context, graph, "svg", &data, &length);
  std::unique_ptr<char, RenderDataFree> owned(data);
  if (status != 0 || data == nullptr) return {};
  return std::string(data, static_cast<std::size_t>(length));
}

}  // namespace

LayoutOptions LayoutOptionsFor(std::size_t nodes) {
  LayoutOptions options;
  if (nodes > kQuickLayoutNodes) {
    options.nslimit = "0";
    options.nslimit1 = "0";
  }
  return options;
}

std::string LayoutSvg(const GraphView& view, const LayoutOptions& options) {
  std::lock_guard<std::mutex> lock(graphviz_mutex);
  graphviz_messages.clear();
  const agusererrf previous = agseterrf(CollectMessage);
  struct RestoreHandler {
    agusererrf previous;
    ~RestoreHandler() { agseterrf(previous); }
  } restore{previous};
  auto fail = [&view](const std::string& what) {
    return Error(ErrorCategory::kLoad, fmt::format("laying out '{}' with Graphviz dot: {}{}", view.model_path, what,
                                                   graphviz_messages.empty() ? "" : ": " + graphviz_messages));
  };

  std::unique_ptr<GVC_t, ContextFree> context(gvContext());
  if (!context) throw fail("gvContext failed");
  std::unique_ptr<Agraph_t, GraphClose> graph(agopen(Mutable("model"), Agdirected, nullptr));
  if (!graph) throw fail("agopen failed");
  Agraph_t* g = graph.get();
  // Defaults once (agattr), so that each object stores only what differs.
  agattr(g, AGRAPH, Mutable("newrank"), Mutable(options.newrank ? "true" : "false"));
  if (!options.nslimit.empty()) agattr(g, AGRAPH, Mutable("nslimit"), Mutable(options.nslimit.c_str()));
  if (!options.nslimit1.empty()) agattr(g, AGRAPH, Mutable("nslimit1"), Mutable(options.nslimit1.c_str()));
  if (!options.mclimit.empty()) agattr(g, AGRAPH, Mutable("mclimit"), Mutable(options.mclimit.c_str()));
  if (!options.splines.empty()) agattr(g, AGRAPH, Mutable("splines"), Mutable(options.splines.c_str()));
  agattr(g, AGRAPH, Mutable("fontname"), Mutable("Helvetica"));
  agattr(g, AGRAPH, Mutable("fontsize"), Mutable("11"));
  agattr(g, AGRAPH, Mutable("ranksep"), Mutable("0.3"));
  agattr(g, AGRAPH, Mutable("nodesep"), Mutable("0.2"));
  agattr(g, AGRAPH, Mutable("label"), Mutable(""));
  agattr(g, AGRAPH, Mutable("id"), Mutable(""));
  agattr(g, AGNODE, Mutable("shape"), Mutable("box"));
  agattr(g, AGNODE, Mutable("fontname"), Mutable("Helvetica"));
  agattr(g, AGNODE, Mutable("fontsize"), Mutable("10"));
  agattr(g, AGNODE, Mutable("height"), Mutable("0.3"));
  agattr(g, AGNODE, Mutable("margin"), Mutable("0.06,0.03"));
  agattr(g, AGNODE, Mutable("label"), Mutable(""));
  agattr(g, AGNODE, Mutable("id"), Mutable(""));
  agattr(g, AGEDGE, Mutable("arrowsize"), Mutable("0.5"));
  agattr(g, AGEDGE, Mutable("id"), Mutable(""));

  std::vector<Agraph_t*> clusters(view.clusters.size(), nullptr);
  for (std::size_t c = 0; c < view.clusters.size(); ++c) {
    const ViewCluster& cluster = view.clusters[c];
    Agraph_t* parent = cluster.parent < 0 ? g : clusters[static_cast<std::size_t>(cluster.parent)];
    const std::string name = fmt::format("cluster_c{}", c);  // the prefix makes dot draw a box
    clusters[c] = agsubg(parent, Mutable(name.c_str()), 1);
    Set(clusters[c], "id", fmt::format("c{}", c));
    Set(clusters[c], "label", LabelText(cluster.label, 40));
  }
  std::vector<Agnode_t*> nodes(view.nodes.size(), nullptr);
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    const ViewNode& node = view.nodes[n];
    Agraph_t* owner = node.cluster < 0 ? g : clusters[static_cast<std::size_t>(node.cluster)];
    const std::string id = fmt::format("n{}", n);
    nodes[n] = agnode(owner, Mutable(id.c_str()), 1);
    Set(nodes[n], "id", id);
    Set(nodes[n], "label", NodeLabel(node));
    if (node.kind != NodeKind::kOp) Set(nodes[n], "shape", "ellipse");
  }
  for (std::size_t e = 0; e < view.edges.size(); ++e) {
    const std::string id = fmt::format("e{}", e);
    Agedge_t* edge = agedge(g, nodes[view.edges[e].from], nodes[view.edges[e].to], Mutable(id.c_str()), 1);
    Set(edge, "id", id);
  }

  Layout layout(context.get(), g);
  if (layout.Run() != 0) throw fail("layout failed");
  std::string svg = RenderSvg(gvRenderData, context.get(), g);
  if (svg.empty()) throw fail("rendering SVG failed");
  // Inline SVG in HTML takes no XML prolog or doctype.
  const std::size_t start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

}  // namespace ortkit::view
