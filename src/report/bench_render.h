// Renderers of `ortkit bench`: its result, a matrix of configurations, a baseline comparison and
// the progress line, as text for people, JSON, CSV and Markdown.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "bench/baseline.h"
#include "bench/bench_result.h"
#include "bench/matrix.h"
#include "bench/run_bench.h"
#include "report/format.h"

namespace ortkit::report {


/// A titled table as data, so that one builder serves text, Markdown and CSV (also used by
/// profile_render.cc).
struct Table {
  std::string title;
  std::vector<std::string> headers;
  std::vector<bool> numeric;  ///< right-aligned columns (text) / right-aligned (Markdown)
  std::vector<std::vector<std::string>> rows;
};

/// Text: each table under its title, indented; Markdown: a bold title and a pipe table. (CSV and
/// JSON have their own layouts per report.)
void RenderTables(const std::vector<Table>& tables, Format format, std::ostream& out);

/// One CSV line: fields with commas, quotes or line breaks quoted, quotes doubled.
void CsvRow(const std::vector<std::string>& cells, std::ostream& out);

/// The model, providers and settings; the cold start (median, min, max over the fresh processes,
/// and the first-run / second-run ratio); one steady-state row per phase (requests, min, mean,
/// stddev, p50, p90, p95, p99, max in ms, throughput per second); peak RSS; warnings. With
/// `regression`, its table follows.
void RenderBench(const bench::BenchResult& result, const bench::RegressionReport* regression, Format format,
                 std::ostream& out);

/// One row per configuration, best first, with the objective's column marked; failed cells last
/// with their error.
void RenderMatrix(const bench::MatrixResult& matrix, Format format, std::ostream& out);

/// "[#########...........]  45%  cold start 2/5", fitted to `width` columns (no line break).
std::string ProgressLine(const bench::BenchProgress& progress, std::size_t width);

/// Milliseconds as the tables show them: three decimals ("0.123"), so that every measured time
/// has a decimal point (golden tests mask those).
std::string Ms(double ms);

}  // namespace ortkit::report
