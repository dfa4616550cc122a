// What every fuzz target shares: the libFuzzer entry point's declaration, and the one rule
// that tells an expected refusal from a bug.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

/// libFuzzer's entry point, defined once per target (*_fuzz.cc). Built with
/// -DORTKIT_BUILD_FUZZERS=ON it is driven by libFuzzer; otherwise replay_main.cc feeds it every
/// file of the stored corpus.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size);

namespace ortkit::fuzz {

/// The input as a string (the parsers take std::string or std::string_view).
inline std::string Bytes(const uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// Stops the run with a message on stderr: an invariant the parser promises was broken on this
/// input. libFuzzer (and the replay main) report the abort as a crash and keep the input.
[[noreturn]] void Violation(std::string_view what);

}  // namespace ortkit::fuzz
