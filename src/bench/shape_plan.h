// Which input shapes a benchmark runs, and how often each occurs in the mix: from --dim value
// lists and ranges, or from a shape file that lists real requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ortkit::bench {

/// Sizes of free dimensions by symbol for one request ("batch" -> 4). Unlisted free dimensions are 1.
using DimSizes = std::map<std::string, int64_t>;

struct ShapePlan {
  /// Distinct shapes in first-seen order; empty means one shape, every free dimension 1.
  std::vector<DimSizes> shapes;
  /// Parallel to `shapes`: how many requests of each shape one round of the mix holds.
  std::vector<int64_t> weights;
};

/// At most this many distinct shapes: each one is measured as a phase of its own.
inline constexpr std::size_t kMaxShapes = 4096;

/// "batch=4,seq=5" (symbols in order), or "default" when no free dimension is set.
std::string ShapeLabel(const DimSizes& sizes);

/// Parses one --dim value: "NAME=8", "NAME=1,2,4", "NAME=5..100" (every integer) or
/// "NAME=5..100:5" (stepped). Returns "" and fills the outputs, or says what is wrong.
std::string ParseDimFlag(const std::string& text, std::string* name, std::vector<int64_t>* values);

/// Every combination of the --dim flags (the last flag varies fastest), each of weight 1.
/// Throws Error(kConfig) for bad syntax (ParseDimFlag's text), a symbol given twice, or more than
/// kMaxShapes combinations.
ShapePlan ShapesFromDims(const std::vector<std::string>& flags);

/// A shape file: one request per line as blank-separated NAME=VALUE pairs ("batch=1 seq=37");
/// a line repeated N times weighs N; blank lines and '#' comments are skipped. `label` names the
/// source in errors. Throws Error(kConfig) naming the line for bad syntax or no requests.
ShapePlan ParseShapeText(const std::string& text, const std::string& label);

/// ParseShapeText of the file at `path`; Error(kIo) when it cannot be read.
ShapePlan ReadShapeFile(const std::string& path);

/// One round of the mix: shape i appears weights[i] times, in an order shuffled with `seed`
/// (the same on every platform). Indices into plan.shapes; {0} for an empty plan.
std::vector<std::size_t> MixSequence(const ShapePlan& plan, uint64_t seed);

}  // namespace ortkit::bench
