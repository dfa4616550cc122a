// Fuzz target: the deployment-profile JSON (SessionConfig::FromJson) and the benchmark spec JSON
// children receive (BenchSpec::FromJson). Whatever reads must validate or refuse with an
// ortkit::Error, and must survive the lossless round trip the headers promise.
#include <nlohmann/json.hpp>

#include "bench/bench_spec.h"
#include "fuzz/fuzz_target.h"
#include "ortkit/error.h"
#include "ortkit/session_config.h"

namespace {

void SessionConfigRoundTrip(const std::string& json) {
  ortkit::SessionConfig config;
  try {
    config = ortkit::SessionConfig::FromJson(json);
  } catch (const ortkit::Error&) {
    return;
  }
  try {
    config.Validate();
  } catch (const ortkit::Error&) {
  }
  const std::string written = config.ToJson();
  if (ortkit::SessionConfig::FromJson(written) != config) {
    ortkit::fuzz::Violation("SessionConfig::FromJson(ToJson()) differs from the config: " + written);
  }
}

void BenchSpecRoundTrip(const std::string& json) {
  ortkit::bench::BenchSpec spec;
  try {
    spec = ortkit::bench::BenchSpec::FromJson(json);
  } catch (const ortkit::Error&) {
    return;
  }
  try {
    spec.Validate();
  } catch (const ortkit::Error&) {
    return;  // JSON has no inf or NaN: only a valid spec (finite numbers) must round-trip
  }
  const std::string written = spec.ToJson();
  if (ortkit::bench::BenchSpec::FromJson(written).ToJson() != written) {
    ortkit::fuzz::Violation("BenchSpec::FromJson(ToJson()) does not write the same JSON: " + written);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string json = ortkit::fuzz::Bytes(data, size);
  SessionConfigRoundTrip(json);
  BenchSpecRoundTrip(json);
  return 0;
}
