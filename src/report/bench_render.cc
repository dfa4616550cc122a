// Renderers of `ortkit bench`: one set of tables (as data) printed as text, CSV or Markdown;
// JSON straight from bench_json.h, so that a --json output is a valid --baseline.
#include "report/bench_render.h"

#include <algorithm>
#include <sstream>

#include <fmt/format.h>

#include "bench/bench_json.h"
#include "report/text_table.h"

namespace ortkit::report {
namespace {

using bench::BenchResult;
using bench::Json;
using bench::LatencyStats;

std::string Fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }
std::string Percent(double fraction) { return fmt::format("{:+.1f}%", fraction * 100); }


std::string InputShapes(const bench::PhaseResult& phase) {
  std::vector<std::string> parts;
  for (const auto& [name, shape] : phase.inputs) parts.push_back(name + ShapeToString(shape));
  return parts.empty() ? "(all shapes)" : fmt::format("{}", fmt::join(parts, " "));
}

std::string Settings(const bench::BenchSpec& s) {
  std::string budget;
  if (s.iterations > 0) budget = fmt::format("{} requests", s.iterations);
  if (s.duration_s > 0) budget += (budget.empty() ? "" : " and ") + fmt::format("{} s", s.duration_s);
  return fmt::format("{} thread{}, {} session{}, {}, {} inputs (seed {}), warm-up {}, {} per phase",
                     s.workers(), s.workers() == 1 ? "" : "s", s.sessions, s.sessions == 1 ? "" : "s",
                     s.io_binding ? "IO binding (Runner)" : "Model::run", s.values.empty() ? "random" : fmt::format("random and {} rule-filled", s.values.size()),
                     s.seed, s.warmup, budget);
}

std::vector<std::string> StatCells(const LatencyStats& s) {
  return {Ms(s.min), Ms(s.mean), Ms(s.stddev), Ms(s.p50), Ms(s.p90), Ms(s.p95), Ms(s.p99), Ms(s.max)};
}

Table ColdTable(const BenchResult& r) {
  Table t{fmt::format("cold start ({} fresh process{}; ms)", r.cold.runs, r.cold.runs == 1 ? "" : "es"),
          {"step", "median", "min", "max"}, {false, true, true, true}, {}};
  auto add = [&t](const std::string& step, const LatencyStats& s) { t.rows.push_back({step, Ms(s.p50), Ms(s.min), Ms(s.max)}); };
  add("read file", r.cold.read_file);
  add("session creation", r.cold.session_create);
  add("first run", r.cold.first_run);
  add("second run", r.cold.second_run);
  for (const auto& [shape, stats] : r.cold.new_shape_first_run) add("first run " + shape, stats);
  const LatencyStats& rss = r.cold.peak_rss_mib;
  t.rows.push_back({"peak RSS (MiB)", Fixed(rss.p50, 1), Fixed(rss.min, 1), Fixed(rss.max, 1)});
  return t;
}

Table SteadyTable(const BenchResult& r) {
  Table t{"steady state (per request; ms)",
          {"phase", "inputs", "requests", "min", "mean", "stddev", "p50", "p90", "p95", "p99", "max", "throughput/s"},
          {false, false, true, true, true, true, true, true, true, true, true, true}, {}};
  for (const auto& p : r.phases) {
    std::vector<std::string> row{p.name, InputShapes(p), std::to_string(p.requests)};
    for (auto& cell : StatCells(p.latency)) row.push_back(std::move(cell));
    row.push_back(Fixed(p.throughput_per_s, 1));
    t.rows.push_back(std::move(row));
  }
  return t;
}

Table RegressionTable(const bench::RegressionReport& g) {
  Table t{fmt::format("against baseline {} ({}, {}; limit {:.1f}% worse)", g.baseline_path, ToString(g.objective),
                      bench::ObjectiveUnit(g.objective), g.max_regression * 100),
          {"phase", "baseline", "now", "change", "verdict"}, {false, true, true, true, false}, {}};
  for (const auto& row : g.rows) {
    const int decimals = g.objective == bench::Objective::kThroughput || g.objective == bench::Objective::kPeakRss ? 1 : 3;
    t.rows.push_back({row.phase, Fixed(row.baseline, decimals), Fixed(row.current, decimals),
                      Percent(row.change), row.regressed ? "REGRESSION" : "ok"});
  }
  return t;
}

void TextTables(const std::vector<Table>& tables, std::ostream& out) {
  for (const auto& t : tables) {
    out << "\n" << t.title << "\n";
    TextTable text(t.headers, t.numeric);
    for (const auto& row : t.rows) text.AddRow(row);
    text.Render(out, 2);
  }
}

std::string MarkdownCell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

void MarkdownTables(const std::vector<Table>& tables, std::ostream& out) {
  for (const auto& t : tables) {
    out << "\n**" << t.title << "**\n\n|";
    for (const auto& h : t.headers) out << " " << MarkdownCell(h) << " |";
    out << "\n|";
    for (std::size_t i = 0; i < t.headers.size(); ++i) out << (t.numeric[i] ? " ---: |" : " --- |");
    out << "\n";
    for (const auto& row : t.rows) {
      out << "|";
      for (const auto& cell : row) out << " " << MarkdownCell(cell) << " |";
      out << "\n";
    }
  }
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::vector<std::string> RawStats(const LatencyStats& s) {
  return {std::to_string(s.count), fmt::format("{}", s.min), fmt::format("{}", s.mean), fmt::format("{}", s.stddev),
          fmt::format("{}", s.p50), fmt::format("{}", s.p90),  fmt::format("{}", s.p95),  fmt::format("{}", s.p99),
          fmt::format("{}", s.max)};
}

// CSV: one table of every timing, cold steps and steady phases alike, with full precision.
void BenchCsv(const BenchResult& r, std::ostream& out) {
  CsvRow({"kind", "name", "count", "min_ms", "mean_ms", "stddev_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms",
          "throughput_per_s"}, out);
  auto cold = [&](const std::string& name, const LatencyStats& s) {
    std::vector<std::string> row{"cold", name};
    for (auto& c : RawStats(s)) row.push_back(std::move(c));
    row.push_back("");
    CsvRow(row, out);
  };
  cold("read_file", r.cold.read_file);
  cold("session_create", r.cold.session_create);
  cold("first_run", r.cold.first_run);
  cold("second_run", r.cold.second_run);
  for (const auto& [shape, stats] : r.cold.new_shape_first_run) cold("first_run " + shape, stats);
  for (const auto& p : r.phases) {
    std::vector<std::string> row{"steady", p.name};
    for (auto& c : RawStats(p.latency)) row.push_back(std::move(c));
    row.push_back(fmt::format("{}", p.throughput_per_s));
    CsvRow(row, out);
  }
}

Json RegressionJson(const bench::RegressionReport& g) {
  Json j{{"baseline", g.baseline_path}, {"objective", ToString(g.objective)}, {"max_regression", g.max_regression},
         {"regressed", g.regressed()}, {"rows", Json::array()}, {"unmatched", g.unmatched}};
  for (const auto& row : g.rows) {
    j["rows"].push_back({{"phase", row.phase}, {"baseline", row.baseline}, {"current", row.current},
                         {"change", row.change}, {"regressed", row.regressed}});
  }
  return j;
}

Table MatrixTable(const bench::MatrixResult& m) {
  Table t{fmt::format("{} configurations, best {} first (each in its own processes)", m.cells.size(),
                      ToString(m.objective)),
          {"rank"}, {true}, {}};
  for (const auto& key : m.keys) {
    t.headers.push_back(key);
    t.numeric.push_back(false);
  }
  for (const char* h : {"p50 ms", "p90 ms", "p99 ms", "mean ms", "throughput/s", "cold start ms", "peak RSS MiB"}) {
    t.headers.push_back(h);
    t.numeric.push_back(true);
  }
  int rank = 0;
  for (const auto& cell : m.cells) {
    std::vector<std::string> row{cell.result ? std::to_string(++rank) : "-"};
    for (const auto& setting : cell.settings) row.push_back(setting.second);
    if (cell.result) {
      const auto& r = *cell.result;
      const auto& l = r.headline().latency;
      for (auto& c : {Ms(l.p50), Ms(l.p90), Ms(l.p99), Ms(l.mean), Fixed(r.headline().throughput_per_s, 1),
                      Ms(bench::ColdStartMs(r.cold)), Fixed(r.peak_rss_mib, 1)}) {
        row.push_back(c);
      }
    } else {
      row.push_back("error: " + cell.error);
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

Json MatrixJson(const bench::MatrixResult& m) {
  Json j{{"format", "ortkit.bench_matrix/1"}, {"objective", ToString(m.objective)}, {"keys", m.keys},
         {"cells", Json::array()}};
  for (const auto& cell : m.cells) {
    Json settings = Json::object();
    for (const auto& [key, value] : cell.settings) settings[key] = value;
    j["cells"].push_back({{"settings", settings},
                          {"objective_value", cell.result ? Json(bench::ObjectiveValue(*cell.result, m.objective)) : Json()},
                          {"result", cell.result ? bench::ResultToJson(*cell.result) : Json()},
                          {"error", cell.error}});
  }
  return j;
}

void MatrixCsv(const bench::MatrixResult& m, std::ostream& out) {
  std::vector<std::string> header = m.keys;
  for (const char* h : {"p50_ms", "p90_ms", "p99_ms", "mean_ms", "throughput_per_s", "cold_start_ms", "peak_rss_mib", "error"}) {
    header.push_back(h);
  }
  CsvRow(header, out);
  for (const auto& cell : m.cells) {
    std::vector<std::string> row;
    for (const auto& setting : cell.settings) row.push_back(setting.second);
    if (cell.result) {
      const auto& r = *cell.result;
      const auto& l = r.headline().latency;
      for (double v : {l.p50, l.p90, l.p99, l.mean, r.headline().throughput_per_s, bench::ColdStartMs(r.cold), r.peak_rss_mib}) {
        row.push_back(fmt::format("{}", v));
      }
      row.push_back("");
    } else {
      row.insert(row.end(), 7, "");
      row.push_back(cell.error);
    }
    CsvRow(row, out);
  }
}

}  // namespace

std::string Ms(double ms) { return Fixed(ms, 3); }

void CsvRow(const std::vector<std::string>& cells, std::ostream& out) {
  for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << CsvField(cells[i]);
  out << "\n";
}

void RenderTables(const std::vector<Table>& tables, Format format, std::ostream& out) {
  if (format == Format::kMarkdown) {
    MarkdownTables(tables, out);
  } else {
    TextTables(tables, out);
  }
}

void RenderBench(const BenchResult& r, const bench::RegressionReport* regression, Format format, std::ostream& out) {
  if (format == Format::kJson) {
    Json j = bench::ResultToJson(r);
    if (regression) j["regression"] = RegressionJson(*regression);
    out << j.dump(2) << "\n";
    return;
  }
  if (format == Format::kCsv) return BenchCsv(r, out);
  std::vector<Table> tables{ColdTable(r), SteadyTable(r)};
  if (regression) tables.push_back(RegressionTable(*regression));
  const double first_vs_second = r.cold.second_run.p50 > 0 ? r.cold.first_run.p50 / r.cold.second_run.p50 : 0;
  if (format == Format::kMarkdown) {
    out << "## ortkit bench: " << MarkdownCell(r.spec.model_path) << "\n\n"
        << "- providers: " << fmt::format("{}", fmt::join(r.providers, ", ")) << "\n- onnxruntime: " << r.onnxruntime_version
        << "\n- settings: " << Settings(r.spec) << "\n- first run / second run: " << Fixed(first_vs_second, 1)
        << "x\n- peak RSS (steady state): " << Fixed(r.peak_rss_mib, 1) << " MiB\n";
    MarkdownTables(tables, out);
    if (!r.warnings.empty()) out << "\n**warnings**\n\n";
    for (const auto& w : r.warnings) out << "- " << MarkdownCell(w) << "\n";
    if (!r.notes.empty()) out << "\n**workload**\n\n";
    for (const auto& n : r.notes) out << "- " << MarkdownCell(n) << "\n";
    return;
  }
  TextTable head({"", ""});
  head.AddRow({"model", r.spec.model_path});
  head.AddRow({"providers", fmt::format("{}", fmt::join(r.providers, ", "))});
  head.AddRow({"onnxruntime", r.onnxruntime_version});
  head.AddRow({"settings", Settings(r.spec)});
  head.AddRow({"first / second run", Fixed(first_vs_second, 1) + "x (median first run over median second run)"});
  head.AddRow({"peak RSS", Fixed(r.peak_rss_mib, 1) + " MiB (steady-state process)"});
  std::ostringstream head_text;
  head.Render(head_text);
  // The header row of a two-column key/value table is empty: drop that first line.
  const std::string text = head_text.str();
  out << text.substr(text.find('\n') + 1);
  TextTables(tables, out);
  if (!r.warnings.empty()) out << "\nwarnings\n";
  for (const auto& w : r.warnings) out << "  " << w << "\n";
  if (!r.notes.empty()) out << "\nworkload\n";
  for (const auto& n : r.notes) out << "  " << n << "\n";
}

void RenderMatrix(const bench::MatrixResult& m, Format format, std::ostream& out) {
  switch (format) {
    case Format::kJson: out << MatrixJson(m).dump(2) << "\n"; return;
    case Format::kCsv: MatrixCsv(m, out); return;
    case Format::kMarkdown: MarkdownTables({MatrixTable(m)}, out); return;
    case Format::kText: TextTables({MatrixTable(m)}, out); return;
  }
}

std::string ProgressLine(const bench::BenchProgress& progress, std::size_t width) {
  const double fraction = std::clamp(progress.fraction, 0.0, 1.0);
  constexpr std::size_t kBar = 24;
  const auto filled = static_cast<std::size_t>(fraction * kBar + 0.5);
  std::string line = "[" + std::string(filled, '#') + std::string(kBar - filled, '.') + "] " +
                     fmt::format("{:3.0f}%  ", fraction * 100) + progress.what;
  if (line.size() > width) line.resize(width);
  return line;
}

}  // namespace ortkit::report
