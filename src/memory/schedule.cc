// Schedules: parsing --dim and shape files, and laying out the iterations.
#include "memory/schedule.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "ortkit/error.h"
#include "workload/dim_flag.h"

namespace ortkit::memory {
namespace {

int64_t RoundUp(int64_t value, int64_t multiple) {
  if (value <= 0) return multiple;  // a bucket never holds an empty dimension
  return (value + multiple - 1) / multiple * multiple;
}

}  // namespace

DimSpec ParseDimSpec(const std::string& text) {
  workload::DimFlag flag = workload::ParseDimFlag(text);
  return DimSpec{std::move(flag.name), std::move(flag.values)};
}

void ScheduleSpec::Validate() const {
  auto fail = [](const std::string& message) { throw Error(ErrorCategory::kConfig, message); };
  if (iterations < 10) {
    fail("--runs must be at least 10 (a warm-up and a steady phase), got " + std::to_string(iterations));
  }
  if (warmup != -1 && (warmup < 0 || iterations - warmup < 5)) {
    fail("--warmup must leave at least 5 steady iterations of " + std::to_string(iterations) + ", got " +
         std::to_string(warmup));
  }
  if (bucket < 0) fail("bucket must be positive, got " + std::to_string(bucket));
  std::set<std::string> names;
  bool any_range = false;
  for (const DimSpec& d : dims) {
    if (!names.insert(d.name).second) fail("--dim '" + d.name + "' is given twice");
    if (d.values.empty()) fail("--dim '" + d.name + "' has no sizes");
    any_range = any_range || d.varies();
  }
  if (any_range && !rows.empty()) fail("--shape-file and a --dim with several sizes can't be combined");
  if (random && !any_range) fail("--random needs at least one --dim with several sizes (NAME=1,2,4 or NAME=MIN..MAX)");
}

Schedule BuildSchedule(const ScheduleSpec& spec) {
  spec.Validate();
  Schedule schedule;
  schedule.warmup = spec.warmup >= 0 ? spec.warmup : std::max<int64_t>(5, spec.iterations / 10);
  std::set<std::string> varying;
  for (const DimSpec& d : spec.dims) {
    if (d.varies()) varying.insert(d.name);
  }
  for (const Dims& row : spec.rows) {
    for (const auto& entry : row) varying.insert(entry.first);
  }
  schedule.saved_runs = spec.rows_are_saved_runs;
  if (spec.rows_are_saved_runs) {
    schedule.kind = "saved runs (" + std::to_string(spec.rows.size()) + ")";
  } else if (!spec.rows.empty()) {
    schedule.kind = "shape file (" + std::to_string(spec.rows.size()) + " rows)";
  } else if (varying.empty()) {
    schedule.kind = "fixed";
  } else {
    schedule.kind = spec.random ? "random (seed " + std::to_string(spec.seed) + ")" : "sweep";
  }
  if (spec.bucket > 0 && !varying.empty()) schedule.kind += ", padded to multiples of " + std::to_string(spec.bucket);

  std::mt19937_64 rng(spec.seed);
  std::set<Dims> seen;
  long double largest = -1;
  schedule.iterations.reserve(static_cast<std::size_t>(spec.iterations));
  for (int64_t i = 0; i < spec.iterations; ++i) {
    Iteration it;
    for (const DimSpec& d : spec.dims) {
      const auto n = static_cast<uint64_t>(d.values.size());
      // Portable: std::uniform_int_distribution's algorithm differs between standard libraries.
      const uint64_t pick = spec.random && d.varies() ? rng() % n : static_cast<uint64_t>(i) % n;
      it.dims[d.name] = d.values[pick];
    }
    if (!spec.rows.empty()) {
      for (const auto& [name, size] : spec.rows[static_cast<std::size_t>(i) % spec.rows.size()]) it.dims[name] = size;
    }
    if (spec.bucket > 0) {
      for (const std::string& name : varying) it.dims[name] = RoundUp(it.dims[name], spec.bucket);
    }
    // The product of the sizes stands for the activation sizes: what makes an arena extend.
    long double size = 1;
    for (const auto& entry : it.dims) size *= static_cast<long double>(entry.second);
    it.new_shape = seen.insert(it.dims).second;
    it.new_max = size > largest;
    if (it.new_max) largest = size;
    schedule.iterations.push_back(std::move(it));
  }
  schedule.distinct_shapes = static_cast<int64_t>(seen.size());
  return schedule;
}

std::string DescribeDims(const Dims& dims) {
  std::string out;
  for (const auto& [name, size] : dims) out += (out.empty() ? "" : " ") + name + "=" + std::to_string(size);
  return out;
}

}  // namespace ortkit::memory
