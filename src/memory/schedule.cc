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

namespace ortkit::memory {
namespace {

// A non-negative decimal integer that fits int64_t, digits only.
bool ParseSize(const std::string& text, int64_t* out) {
  if (text.empty() || text.size() > 18) return false;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

std::string DimError(const std::string& text, const std::string& why) {
  return "expected NAME=VALUE or NAME=MIN..MAX, got '" + text + "'" + (why.empty() ? "" : " (" + why + ")");
}

// Parses into `out` and returns "" or what is wrong: the one place that knows the syntax.
std::string Parse(const std::string& text, DimSpec* out) {
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return DimError(text, "");
  out->name = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  const std::size_t dots = value.find("..");
  if (dots == std::string::npos) {
    if (!ParseSize(value, &out->min)) return DimError(text, "VALUE must be a non-negative integer");
    out->max = out->min;
    return {};
  }
  if (!ParseSize(value.substr(0, dots), &out->min) || !ParseSize(value.substr(dots + 2), &out->max)) {
    return DimError(text, "MIN and MAX must be non-negative integers");
  }
  if (out->min > out->max) return DimError(text, "MIN is above MAX");
  return {};
}

// Portable: std::uniform_int_distribution's algorithm differs between standard libraries.
int64_t Draw(std::mt19937_64& rng, const DimSpec& spec) {
  const uint64_t span = static_cast<uint64_t>(spec.max - spec.min) + 1;
  return spec.min + static_cast<int64_t>(rng() % span);
}

int64_t RoundUp(int64_t value, int64_t multiple) {
  if (value <= 0) return multiple;  // a bucket never holds an empty dimension
  return (value + multiple - 1) / multiple * multiple;
}

}  // namespace

std::string CheckDimSpec(const std::string& text) {
  DimSpec spec;
  return Parse(text, &spec);
}

DimSpec ParseDimSpec(const std::string& text) {
  DimSpec spec;
  const std::string error = Parse(text, &spec);
  if (!error.empty()) throw Error(ErrorCategory::kConfig, "--dim: " + error);
  return spec;
}

std::vector<Dims> ReadShapeFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCategory::kIo, "cannot read shape file '" + path + "': " + std::strerror(errno));
  std::vector<Dims> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (const std::size_t hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    for (char& c : line) {
      if (c == ',' || c == '\t' || c == '\r') c = ' ';
    }
    std::istringstream words(line);
    Dims row;
    for (std::string word; words >> word;) {
      DimSpec spec;
      const std::string error = Parse(word, &spec);
      if (!error.empty() || spec.range()) {
        throw Error(ErrorCategory::kConfig, "shape file '" + path + "' line " + std::to_string(number) +
                                                ": expected NAME=VALUE, got '" + word + "'");
      }
      if (!row.emplace(spec.name, spec.min).second) {
        throw Error(ErrorCategory::kConfig, "shape file '" + path + "' line " + std::to_string(number) +
                                                ": '" + spec.name + "' is given twice");
      }
    }
    if (!row.empty()) rows.push_back(std::move(row));
  }
  if (rows.empty()) throw Error(ErrorCategory::kConfig, "shape file '" + path + "' has no rows");
  return rows;
}

void ScheduleSpec::Validate() const {
  auto fail = [](const std::string& message) { throw Error(ErrorCategory::kConfig, message); };
  if (iterations < 10) {
    fail("--iterations must be at least 10 (a warm-up and a steady phase), got " + std::to_string(iterations));
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
    any_range = any_range || d.range();
  }
  if (any_range && !rows.empty()) fail("--shape-file and a --dim range (MIN..MAX) can't be combined");
  if (random && !any_range) fail("--random needs at least one --dim NAME=MIN..MAX range");
}

Schedule BuildSchedule(const ScheduleSpec& spec) {
  spec.Validate();
  Schedule schedule;
  schedule.warmup = spec.warmup >= 0 ? spec.warmup : std::max<int64_t>(5, spec.iterations / 10);
  std::set<std::string> varying;
  for (const DimSpec& d : spec.dims) {
    if (d.range()) varying.insert(d.name);
  }
  for (const Dims& row : spec.rows) {
    for (const auto& entry : row) varying.insert(entry.first);
  }
  if (!spec.rows.empty()) {
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
      if (!d.range()) {
        it.dims[d.name] = d.min;
      } else {
        it.dims[d.name] = spec.random ? Draw(rng, d) : d.min + i % (d.max - d.min + 1);
      }
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
