// What `ortkit compress` is asked to do, checked before any work.
#include "compress/compress_options.h"

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::compress {
namespace {

void CheckAtLeast(const char* flag, int value, int least) {
  if (value < least) {
    throw Error(ErrorCategory::kConfig, fmt::format("{} must be at least {}, got {}", flag, least, value));
  }
}

}  // namespace

std::optional<Objective> ParseObjective(const std::string& name) {
  for (Objective o : {Objective::kP50, Objective::kSize, Objective::kPeakMemory}) {
    if (name == ToString(o)) return o;
  }
  return std::nullopt;
}

void CompressOptions::Validate() const {
  CheckAtLeast("--runs", runs, 1);
  CheckAtLeast("--repeats", repeats, 1);
  CheckAtLeast("--warmup", warmup, 0);
  CheckAtLeast("--cold-runs", cold_runs, 1);
  CheckAtLeast("--rss-runs", rss_runs, 1);
  fix.gate.Validate();
}

}  // namespace ortkit::compress
