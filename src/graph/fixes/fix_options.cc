// FixOptions: validation and the resolved list of passes.
#include "graph/fixes/fix_options.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "graph/fixes/pass.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

[[noreturn]] void Fail(const std::string& field, const std::string& what) {
  throw Error(ErrorCategory::kConfig, "fix option " + field + ": " + what);
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

void FixOptions::Validate() const {
  for (const std::string& name : passes) FindPass(name);  // throws, listing the names
  if (Contains(passes, "fix-dims") && dims.empty() && shapes.empty()) {
    Fail("passes", "'fix-dims' needs the sizes to set: give --dim NAME=VALUE or --shape INPUT=DIMS");
  }
  for (const auto& [symbol, size] : dims) {
    if (symbol.empty()) Fail("dims", "a dimension name is empty");
    if (size < 0) Fail("dims", "'" + symbol + "' = " + std::to_string(size) + ": sizes must be >= 0");
  }
  for (const auto& [input, shape] : shapes) {
    if (input.empty()) Fail("shapes", "an input name is empty");
    for (int64_t d : shape) {
      if (d < 0) Fail("shapes", "'" + input + "' = " + ShapeToString(shape) + ": sizes must be >= 0");
    }
  }
  if (level && *level == OptimizationLevel::kDisabled) {
    Fail("level", "'disabled' saves nothing worth saving; use basic, extended, layout or all");
  }
  for (const std::string& op : deformable_conv_ops) {
    const auto colon = op.rfind(':');
    if (colon == std::string::npos || colon + 1 == op.size()) {
      Fail("deformable_conv_ops", "'" + op + "': expected DOMAIN:NAME, e.g. com.example:DCNv2");
    }
  }
  tolerance.Validate();
  gate.Validate();
  if (quantize_min_weight_bytes < 0) {
    Fail("quantize_min_weight_bytes", std::to_string(quantize_min_weight_bytes) + ": must be >= 0");
  }
  for (const auto* patterns : {&include_nodes, &exclude_nodes}) {
    for (const std::string& p : *patterns) {
      if (p.empty()) Fail(patterns == &include_nodes ? "include_nodes" : "exclude_nodes", "a node pattern is empty");
    }
  }
  if (Contains(passes, "quantize-static") && calibration_dir.empty()) {
    Fail("calibration_dir", "quantize-static needs calibration data: --calibration DIR, one subdirectory per input "
                            "set with a .npy or .pb file per input (ranges from random inputs would be meaningless)");
  }
  if (!(calibration_percentile > 50 && calibration_percentile <= 100)) {
    Fail("calibration_percentile", fmt::format("{}: must be in (50, 100]", calibration_percentile));
  }
  for (const std::string& op : float16_block_ops) {
    if (op.empty()) Fail("float16_block_ops", "an op type is empty");
  }
  if (bench_runs < 1) Fail("bench_runs", std::to_string(bench_runs) + ": at least 1 timed run is needed");
  if (bench_warmup < 0) Fail("bench_warmup", std::to_string(bench_warmup) + ": must be >= 0");
}

std::vector<std::string> FixOptions::ResolvedPasses() const {
  std::set<std::string> wanted;
  for (const std::string& name : passes.empty() ? DefaultPassNames() : passes) wanted.insert(name);
  if (!dims.empty() || !shapes.empty()) wanted.insert("fix-dims");
  if (level || format == ModelFormat::kOrt) wanted.insert("ort-optimize");
  std::vector<std::string> ordered;
  for (const auto& pass : AllPasses()) {
    if (wanted.count(pass->info().name)) ordered.push_back(pass->info().name);
  }
  return ordered;
}

}  // namespace ortkit::graph
