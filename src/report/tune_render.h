// Renderers of `ortkit tune`: every configuration tried with its figures, best first, the winner
// and its gain over ORT's defaults, as text for people, JSON (everything) and CSV (one row per
// configuration).
#pragma once

#include <ostream>
#include <string>

#include "bench/tune.h"
#include "report/bench_render.h"

namespace ortkit::report {

/// The files `ortkit tune` wrote.
struct TuneFiles {
  std::string profile;  ///< the deployment profile (SessionConfig JSON)
  std::string model;    ///< the saved pre-optimised model the profile must be used with, or ""
};

/// kText, kJson or kCsv (kMarkdown renders as text).
void RenderTune(const bench::TuneResult& result, const TuneFiles& files, Format format, std::ostream& out);

/// How `value` compares with ORT's defaults `reference` on `objective`: "1.17x faster",
/// "1.05x slower", "1.20x less" (memory), "same (within noise)".
std::string VersusDefaults(double value, double reference, bench::Objective objective, double noise);

/// The one-line verdict: "p50 0.480 -> 0.410 ms: 1.17x faster than ORT's defaults (...)" or that
/// nothing beat the defaults beyond the noise.
std::string TuneVerdict(const bench::TuneResult& result);

}  // namespace ortkit::report
