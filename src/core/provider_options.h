// The option keys each execution provider accepts, so that a typo is caught with the list of
// what the provider knows instead of being ignored (ORT's WebGPU provider ignores unknown keys).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace ortkit::core {

/// One option a provider accepts.
struct ProviderOptionKey {
  std::string key;     ///< as ORT spells it ("cudnn_conv_algo_search")
  std::string values;  ///< what it takes, in words ("EXHAUSTIVE, HEURISTIC or DEFAULT")
  /// When not empty: the only values accepted (checked exactly, as ORT compares them).
  std::vector<std::string> choices;
  bool unsigned_integer = false;  ///< the value must be a non-negative decimal integer
  /// Values `ortkit tune` tries for this option; empty: tune leaves it alone.
  std::vector<std::string> tune_values;
};

/// The keys ortkit knows for `canonical_provider` ("cuda", "webgpu"), or nullptr when ortkit has
/// no table for it (its options then go to ORT unchecked).
const std::vector<ProviderOptionKey>* KnownProviderOptions(const std::string& canonical_provider);

/// "" when `key`=`value` is acceptable for the provider (always, for a provider without a
/// table), else why not: an unknown key lists every key the provider accepts.
std::string CheckProviderOption(const std::string& canonical_provider, const std::string& key,
                                const std::string& value);

/// Throws Error(kConfig) "session config: <field>: ..." for the first option CheckProviderOption
/// rejects.
void ValidateProviderOptions(const std::string& field, const std::string& canonical_provider,
                             const std::map<std::string, std::string>& options);

}  // namespace ortkit::core
