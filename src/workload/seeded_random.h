// A tiny deterministic random generator (SplitMix64): the same seed gives the same numbers on
// every platform, which std::uniform_*_distribution does not promise.
#pragma once

#include <cstdint>
#include <string_view>

namespace ortkit::workload {

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed) : state_(seed) {}
  /// `seed` mixed with `stream` (e.g. an input's name), so streams are independent of each other.
  SeededRandom(uint64_t seed, std::string_view stream) : state_(seed ^ Fnv1a(stream)) {}

  uint64_t Next() noexcept {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  /// Uniform in [0, 1), 53 random bits.
  double NextUnit() noexcept { return static_cast<double>(Next() >> 11) * (1.0 / 9007199254740992.0); }
  /// Uniform in [0, n) for n > 0 (the modulo bias is below 2^-40 for the sizes used here).
  uint64_t NextBelow(uint64_t n) noexcept { return Next() % n; }

 private:
  static uint64_t Fnv1a(std::string_view text) noexcept {
    uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
    return h;
  }

  uint64_t state_;
};

}  // namespace ortkit::workload
