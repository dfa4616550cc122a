// What memcheck feeds the model, iteration by iteration: the sizes of its free dimensions, from
// fixed values, sweeps, seeded random draws or a shape file, with the iterations that bring a new
// shape or a new largest shape marked (where arena and memory-pattern growth is expected).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ortkit::memory {

/// Free dimension symbol -> size, for one iteration.
using Dims = std::map<std::string, int64_t>;

/// One --dim (workload/dim_flag.h): the sizes it names, swept in turn or drawn with --random.
struct DimSpec {
  std::string name;
  std::vector<int64_t> values;  ///< at least one
  bool varies() const noexcept { return values.size() > 1; }
};

/// Parses one --dim in the one grammar (NAME=8, NAME=1,2,4, NAME=5..100[:STEP], INPUT:AXIS=...);
/// throws Error(kConfig) as workload::ParseDimFlag does.
DimSpec ParseDimSpec(const std::string& text);

struct ScheduleSpec {
  std::vector<DimSpec> dims;  ///< fixed sizes, lists and ranges
  /// Dimensions with several sizes draw one at random (seeded, uniform over the sizes) each
  /// iteration instead of sweeping them in turn (1,2,4,1,2,4,... or MIN, MIN+1, ..., MAX, MIN, ...)
  bool random = false;
  uint64_t seed = 0;
  /// From a shape file (workload/shape_file.h): iteration i uses rows[i % rows.size()], over the
  /// fixed sizes of `dims`.
  std::vector<Dims> rows;
  /// The rows are the sizes of an application's saved runs (--inputs-from), in run order: the
  /// inputs come from those files, which can't be padded (no bucketing variant).
  bool rows_are_saved_runs = false;
  int64_t iterations = 300;
  int64_t warmup = -1;  ///< iterations of warm-up; -1: a tenth of them, at least 5
  /// > 0: the varying dims are padded up to a multiple of this (the shape-bucketing variant).
  int64_t bucket = 0;

  /// Throws Error(kConfig) naming the setting: fewer than 10 iterations, a warm-up that leaves
  /// fewer than 5 steady ones, several sizes together with rows, --random with nothing to draw, a negative
  /// bucket, or a name given twice.
  void Validate() const;
};

struct Iteration {
  Dims dims;
  bool new_shape = false;  ///< these dims were not seen before
  bool new_max = false;    ///< the product of the dims is above every earlier one
};

struct Schedule {
  std::vector<Iteration> iterations;
  int64_t warmup = 0;           ///< iterations [0, warmup) are the warm-up phase
  int64_t distinct_shapes = 0;
  bool varies() const noexcept { return distinct_shapes > 1; }
  /// "fixed", "sweep", "random (seed 3)", "shape file (12 rows)" or "saved runs (10)".
  std::string kind;
  bool saved_runs = false;  ///< ScheduleSpec::rows_are_saved_runs: inputs change every iteration
};

/// Validates `spec` and lays out every iteration. The same spec gives the same schedule anywhere
/// (random draws use std::mt19937_64 and a portable mapping to the range).
Schedule BuildSchedule(const ScheduleSpec& spec);

/// "batch=4 seq=17" ("" for no dims).
std::string DescribeDims(const Dims& dims);

}  // namespace ortkit::memory
