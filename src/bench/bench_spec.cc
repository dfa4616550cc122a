// BenchSpec: validation and names.
#include "bench/bench_spec.h"

#include <cmath>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

[[noreturn]] void Invalid(const std::string& field, const std::string& allowed, const std::string& got) {
  throw Error(ErrorCategory::kConfig, "bench spec: " + field + ": expected " + allowed + ", got " + got);
}

}  // namespace


void BenchSpec::Validate() const {
  if (model_path.empty()) Invalid("model_path", "a model file", "nothing");
  config.Validate();
  if (warmup < 0) Invalid("warmup", "a count >= 0", std::to_string(warmup));
  if (iterations < 0) Invalid("iterations", "a count >= 0", std::to_string(iterations));
  if (!std::isfinite(duration_s) || duration_s < 0) Invalid("duration_s", "seconds >= 0", fmt::format("{}", duration_s));
  if (iterations == 0 && duration_s == 0) Invalid("iterations", "iterations or a duration above 0", "neither");
  if (cold_runs < 1) Invalid("cold_runs", "at least 1", std::to_string(cold_runs));
  if (threads < 1) Invalid("threads", "at least 1", std::to_string(threads));
  if (sessions < 1) Invalid("sessions", "at least 1", std::to_string(sessions));
  if (!std::isfinite(max_variation) || max_variation <= 0) {
    Invalid("max_variation", "a fraction above 0", fmt::format("{}", max_variation));
  }
  if (shapes.weights.size() != shapes.shapes.size()) {
    Invalid("shapes", "one weight per shape", fmt::format("{} weights for {} shapes", shapes.weights.size(), shapes.shapes.size()));
  }
  if (!shape_files.empty() && shape_files.size() != shapes.shapes.size()) {
    Invalid("shape_files", "one file set per shape", fmt::format("{} for {} shapes", shape_files.size(), shapes.shapes.size()));
  }
  for (std::size_t i = 0; i < shapes.weights.size(); ++i) {
    if (shapes.weights[i] < 1) Invalid("shapes", "weights >= 1", fmt::format("{} for {}", shapes.weights[i], ShapeLabel(shapes.shapes[i])));
  }
  for (const auto& rule : values) {
    if (const std::string why = workload::CheckValueFlag(rule.input + "=" + rule.ValueText()); !why.empty()) {
      Invalid("values", "--value rules", why);
    }
  }
}

}  // namespace ortkit::bench
