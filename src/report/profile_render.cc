// Renderers of `ortkit profile`.
#include "report/profile_render.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "report/human_size.h"

namespace ortkit::report {
namespace {

using profile::DiffRow;
using profile::TimeRow;
using Json = nlohmann::ordered_json;

std::string UsAsMs(double us) { return Ms(us / 1000.0); }
std::string Share(double share) { return fmt::format("{:.1f}%", share * 100); }
std::string Short(const std::string& provider) {
  // "CPUExecutionProvider" -> "CPU": the suffix only widens the tables.
  const std::string suffix = "ExecutionProvider";
  const auto at = provider.find(suffix);
  return at == std::string::npos ? provider : provider.substr(0, at) + provider.substr(at + suffix.size());
}

std::size_t Limit(std::size_t size, std::size_t top) { return top == 0 ? size : std::min(size, top); }

Table TimeTable(const std::string& title, const char* first_column, const std::vector<TimeRow>& rows, std::size_t top,
                bool node_columns, const char* count_header = "count") {
  Table t{title, {first_column}, {false}, {}};
  if (node_columns) {
    t.headers.push_back("op type");
    t.numeric.push_back(false);
  }
  // A provider's own row needs no provider column.
  const bool provider_column = std::string(first_column) != "provider";
  for (const char* h : {"provider", count_header, "total ms", "per run ms", "share", "first run ms"}) {
    if (!provider_column && std::string(h) == "provider") continue;
    t.headers.push_back(h);
    t.numeric.push_back(std::string(h) != "provider");
  }
  for (std::size_t i = 0; i < Limit(rows.size(), top); ++i) {
    const TimeRow& r = rows[i];
    std::vector<std::string> row{r.name};
    if (node_columns) row.push_back(r.op_type);
    std::string providers;
    for (std::size_t at = 0, next; at <= r.provider.size(); at = next + 1) {
      next = std::min(r.provider.find(',', at), r.provider.size());
      providers += (providers.empty() ? "" : ",") + Short(r.provider.substr(at, next - at));
    }
    if (provider_column) row.push_back(providers);
    for (auto& cell : {std::to_string(r.count), UsAsMs(static_cast<double>(r.total_us)), UsAsMs(r.mean_us), Share(r.share),
                       UsAsMs(static_cast<double>(r.first_us))}) {
      row.push_back(cell);
    }
    t.rows.push_back(std::move(row));
  }
  if (rows.size() > t.rows.size()) t.title += fmt::format(" (top {} of {})", t.rows.size(), rows.size());
  return t;
}

Json RowsJson(const std::vector<TimeRow>& rows) {
  Json list = Json::array();
  for (const auto& r : rows) {
    list.push_back({{"name", r.name}, {"op_type", r.op_type}, {"provider", r.provider}, {"count", r.count},
                    {"total_us", r.total_us}, {"mean_us", r.mean_us}, {"share", r.share}, {"first_run_us", r.first_us}});
  }
  return list;
}

Json DiffRowsJson(const std::vector<DiffRow>& rows) {
  Json list = Json::array();
  for (const auto& r : rows) {
    list.push_back({{"name", r.name}, {"op_type", r.op_type}, {"a_us", r.a_us}, {"b_us", r.b_us},
                    {"delta_us", r.delta_us}, {"only_a", r.only_a}, {"only_b", r.only_b}});
  }
  return list;
}

std::string Change(double a, double b) { return a > 0 ? fmt::format("{:+.1f}%", (b - a) / a * 100) : "new"; }

Table DiffTable(const std::string& title, const std::vector<DiffRow>& rows, std::size_t top, bool node_columns) {
  Table t{title, {node_columns ? "node" : "op type"}, {false}, {}};
  if (node_columns) {
    t.headers.push_back("op type");
    t.numeric.push_back(false);
  }
  for (const char* h : {"A ms", "B ms", "change ms", "change"}) {
    t.headers.push_back(h);
    t.numeric.push_back(true);
  }
  for (std::size_t i = 0; i < Limit(rows.size(), top); ++i) {
    const DiffRow& r = rows[i];
    std::vector<std::string> row{r.name};
    if (node_columns) row.push_back(r.op_type);
    row.push_back(r.only_b ? "-" : UsAsMs(r.a_us));
    row.push_back(r.only_a ? "-" : UsAsMs(r.b_us));
    row.push_back(UsAsMs(r.delta_us));
    row.push_back(r.only_a ? "gone" : r.only_b ? "new" : Change(r.a_us, r.b_us));
    t.rows.push_back(std::move(row));
  }
  if (rows.size() > t.rows.size()) t.title += fmt::format(" (top {} of {})", t.rows.size(), rows.size());
  return t;
}

Json NodeMemoryJson(const std::vector<profile::NodeMemory>& nodes) {
  Json list = Json::array();
  for (const auto& n : nodes) {
    list.push_back({{"name", n.node}, {"op_type", n.op_type}, {"input_bytes", n.input_bytes},
                    {"initializer_bytes", n.initializer_bytes}, {"output_bytes", n.output_bytes},
                    {"temp_bytes", n.temp_bytes}});
  }
  return list;
}

Table NodeMemoryTable(const std::vector<profile::NodeMemory>& nodes, std::size_t top) {
  Table t{"memory per node (one run, ORT's node statistics; most allocated first)",
          {"node", "op type", "outputs", "temporary", "inputs", "initializers"},
          {false, false, true, true, true, true},
          {}};
  for (std::size_t i = 0; i < Limit(nodes.size(), top); ++i) {
    const auto& n = nodes[i];
    t.rows.push_back({n.node, n.op_type, HumanBytes(static_cast<uint64_t>(n.output_bytes)),
                      HumanBytes(static_cast<uint64_t>(n.temp_bytes)), HumanBytes(static_cast<uint64_t>(n.input_bytes)),
                      HumanBytes(static_cast<uint64_t>(n.initializer_bytes))});
  }
  if (nodes.size() > t.rows.size()) t.title += fmt::format(" (top {} of {})", t.rows.size(), nodes.size());
  return t;
}

void ProfileCsv(const profile::ProfileSummary& s, std::ostream& out) {
  CsvRow({"kind", "name", "op_type", "provider", "count", "total_us", "mean_us", "share", "first_run_us"}, out);
  const std::pair<const char*, const std::vector<TimeRow>*> groups[] = {
      {"op", &s.ops}, {"node", &s.nodes}, {"provider", &s.providers}, {"memcpy", &s.memcpy_nodes},
      {"cpu_fallback", &s.cpu_fallback_nodes}};
  for (const auto& [kind, rows] : groups) {
    for (const auto& r : *rows) {
      CsvRow({kind, r.name, r.op_type, r.provider, std::to_string(r.count), std::to_string(r.total_us), fmt::format("{}", r.mean_us),
              fmt::format("{}", r.share), std::to_string(r.first_us)}, out);
    }
  }
}

}  // namespace

void RenderProfile(const profile::ProfileRun& run, std::size_t top, Format format, std::ostream& out,
                   const profile::Roofline* roofline) {
  const profile::ProfileSummary& s = run.summary;
  if (format == Format::kCsv) return ProfileCsv(s, out);
  if (format == Format::kJson) {
    Json j{{"format", "ortkit.profile/1"}, {"source", s.source}, {"layout", ToString(s.layout)},
           {"providers", run.providers}, {"load_us", run.load_us}, {"model_load_us", s.model_load_us},
           {"session_init_us", s.session_init_us}, {"runs", s.runs}, {"warmup_runs", run.warmup},
           {"steady_runs", s.steady_runs}, {"first_run_us", s.first_run_us},
           {"first_run_kernel_us", s.first_run_kernel_us}, {"steady_run_us", s.steady_run_us},
           {"steady_kernel_us", s.steady_kernel_us}, {"ops", RowsJson(s.ops)}, {"nodes", RowsJson(s.nodes)},
           {"by_provider", RowsJson(s.providers)}, {"memcpy_nodes", RowsJson(s.memcpy_nodes)},
           {"requested_providers", s.requested_providers}, {"cpu_fallback_nodes", RowsJson(s.cpu_fallback_nodes)},
           {"node_memory", NodeMemoryJson(run.node_memory)}, {"notes", s.notes}, {"workload", run.notes}};
    if (roofline != nullptr) j["roofline"] = RooflineJson(*roofline);
    out << j.dump(2) << "\n";
    return;
  }
  const std::string providers = fmt::format("{}", fmt::join(run.providers, ", "));
  const double kernel_share = s.steady_run_us > 0 ? s.steady_kernel_us / s.steady_run_us : 0;
  const std::vector<std::pair<std::string, std::string>> head = {
      {"trace", s.source + " (layout " + ToString(s.layout) + ")"},
      {"providers", providers},
      {"runs", s.runs > 1 ? fmt::format("{} profiled, each alone (the first apart; {} steady, after {} unprofiled "
                                        "warm-up)", s.runs, s.steady_runs, run.warmup)
                          : fmt::format("{} profiled (the first run: no warm-up before it)", s.runs)},
      {"load", UsAsMs(static_cast<double>(run.load_us)) +
                   " ms (model load and session initialisation, timed by ortkit; not in the per-run traces)"},
      {"first run", UsAsMs(static_cast<double>(s.first_run_us)) + " ms, " +
                        UsAsMs(static_cast<double>(s.first_run_kernel_us)) + " ms in kernels"},
      {"steady run", UsAsMs(s.steady_run_us) + " ms (mean), " + UsAsMs(s.steady_kernel_us) + " ms in kernels (" +
                         Share(kernel_share) + ")"}};
  std::vector<Table> tables{
      TimeTable("by op type (steady runs)", "op type", s.ops, 0, false),
      TimeTable("by node (steady runs)", "node", s.nodes, top, true),
      TimeTable("by provider (steady runs)", "provider", s.providers, 0, false, "nodes")};
  if (!run.node_memory.empty()) tables.push_back(NodeMemoryTable(run.node_memory, top));
  if (!s.memcpy_nodes.empty()) tables.push_back(TimeTable("Memcpy nodes", "node", s.memcpy_nodes, 0, true));
  if (!s.cpu_fallback_nodes.empty()) {
    std::string asked;
    for (const auto& p : s.requested_providers) asked += (asked.empty() ? "" : ", ") + Short(p);
    tables.push_back(TimeTable("CPU fallback (asked for " + asked + ")", "node", s.cpu_fallback_nodes, 0, true));
  }
  if (format == Format::kMarkdown) {
    out << "## ortkit profile\n\n";
    for (const auto& [key, value] : head) out << "- " << key << ": " << value << "\n";
  } else {
    std::size_t width = 0;
    for (const auto& kv : head) width = std::max(width, kv.first.size());
    for (const auto& [key, value] : head) out << key << std::string(width + 2 - key.size(), ' ') << value << "\n";
  }
  RenderTables(tables, format, out);
  if (s.memcpy_nodes.empty()) out << "\nMemcpy nodes: none\n";
  if (s.cpu_fallback_nodes.empty()) out << "CPU fallback: none\n";
  for (const auto& note : s.notes) out << "note: " << note << "\n";
  for (const auto& note : run.notes) out << "workload: " << note << "\n";
  if (roofline != nullptr) RenderRoofline(*roofline, top, format, out);
}

void RenderProfileDiff(const profile::ProfileDiff& d, std::size_t top, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    Json j{{"format", "ortkit.profile_diff/1"}, {"a", d.a_source}, {"b", d.b_source}, {"a_run_us", d.a_run_us},
           {"b_run_us", d.b_run_us}, {"a_kernel_us", d.a_kernel_us}, {"b_kernel_us", d.b_kernel_us},
           {"ops", DiffRowsJson(d.ops)}, {"nodes", DiffRowsJson(d.nodes)}};
    out << j.dump(2) << "\n";
    return;
  }
  if (format == Format::kCsv) {
    CsvRow({"kind", "name", "op_type", "a_us", "b_us", "delta_us"}, out);
    for (const auto& [kind, rows] : {std::make_pair("op", &d.ops), std::make_pair("node", &d.nodes)}) {
      for (const auto& r : *rows) {
        CsvRow({kind, r.name, r.op_type, r.only_b ? "" : fmt::format("{}", r.a_us), r.only_a ? "" : fmt::format("{}", r.b_us),
                fmt::format("{}", r.delta_us)}, out);
      }
    }
    return;
  }
  Table head{"steady run (mean)", {"", "trace", "run ms", "kernels ms"}, {false, false, true, true}, {}};
  head.rows.push_back({"A", d.a_source, UsAsMs(d.a_run_us), UsAsMs(d.a_kernel_us)});
  head.rows.push_back({"B", d.b_source, UsAsMs(d.b_run_us), UsAsMs(d.b_kernel_us)});
  head.rows.push_back({"change", "", Change(d.a_run_us, d.b_run_us), Change(d.a_kernel_us, d.b_kernel_us)});
  RenderTables({head, DiffTable("by op type (largest change first)", d.ops, 0, false),
                DiffTable("by node (largest change first)", d.nodes, top, true)},
               format, out);
}

}  // namespace ortkit::report
