// The recommendation: of the variants that ran, the one that lowers steady resident memory most
// without costing more than a set share of latency; what it costs; the settings to deploy.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "memory/analyzer.h"
#include "memory/variants.h"
#include "ortkit/session_config.h"

namespace ortkit::memory {

struct RecommendationPolicy {
  double max_latency_cost = 0.10;    ///< a variant may slow steady p50 by at most this share
  double min_saving_share = 0.05;    ///< and must save at least this share of steady resident memory
  int64_t min_saving_bytes = 1 << 20;  ///< and at least this many bytes
};

struct Recommendation {
  std::string variant;    ///< the chosen variant's name; empty: keep the settings as they are
  std::string headline;   ///< what to do, in one sentence
  std::string trade_off;  ///< what it costs, in one sentence; empty when keeping the settings
  int64_t steady_saving = 0;  ///< bytes of steady resident memory saved against the baseline
  int64_t peak_saving = 0;    ///< bytes of peak resident memory saved
  double latency_change = 0;  ///< p50 / baseline p50 - 1
  /// The settings to deploy: the baseline's with the chosen variant's session settings applied.
  SessionConfig config;
  /// What the profile can't hold (malloc_trim, padding inputs): changes to the serving code.
  std::vector<std::string> code_changes;
};

/// What a variant costs and why, in one sentence ("" for the baseline).
std::string TradeOffOf(VariantKind kind);

/// Chooses among `results` (the same order as `variants`; the baseline first). A baseline that
/// failed gives a recommendation to keep the settings, saying why. With a leak verdict, the
/// headline says first that no setting fixes a leak.
Recommendation Recommend(const Analysis& analysis, const std::vector<Variant>& variants,
                         const std::vector<VariantResult>& results, const SessionConfig& baseline_config,
                         const RecommendationPolicy& policy = {});

}  // namespace ortkit::memory
