// BenchSpec, the child processes' results and BenchResult as JSON objects. The result's layout
// is what `ortkit bench --json` prints and what --baseline reads back.
#pragma once

#include <string>

#include "bench/bench_result.h"
#include "bench/bench_spec.h"
#include "core/json_fields.h"

namespace ortkit::bench {

// The strict field reader is core's (core/json_fields.h); bench's formats name it unqualified.
using core::Json;
using core::JsonFields;
using core::JsonTypeName;
using core::ParseJson;

/// The format tag of a result document; a baseline must carry it.
inline constexpr const char* kResultFormat = "ortkit.bench/1";

Json SpecToJson(const BenchSpec& spec);
/// Throws Error(kConfig) naming the field; `where` names the document.
BenchSpec SpecFromJson(const Json& json, const std::string& where);

/// `{"count": n, "min<suffix>": ..., "mean<suffix>": ..., ...}`; suffix "_ms" or "_mib".
Json StatsToJson(const LatencyStats& stats, const std::string& suffix);
LatencyStats StatsFromJson(const Json& json, const std::string& suffix, const std::string& where);

Json ColdSampleToJson(const ColdSample& sample);
ColdSample ColdSampleFromJson(const Json& json, const std::string& where);

Json PhaseToJson(const PhaseResult& phase);
PhaseResult PhaseFromJson(const Json& json, const std::string& where);

/// The whole result, "format": kResultFormat first.
Json ResultToJson(const BenchResult& result);
/// Reads what ResultToJson wrote; Error(kConfig) naming `where` and the field otherwise.
BenchResult ResultFromJson(const Json& json, const std::string& where);

}  // namespace ortkit::bench
