// What one fix pass changed: counts and one line per change. Plain data (no ONNX types), so
// that the report layer can render it.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace ortkit::graph {

/// One thing a pass counts, e.g. {"inputs_removed", "graph inputs removed", 8}.
struct FixCount {
  std::string key;    ///< snake_case, stable: the JSON key
  std::string label;  ///< words for the text report
  int64_t value = 0;
};

/// What one pass changed: its counts (every count the pass keeps, zeros included, in a fixed
/// order) and one human-readable line per change ("graph input 'conv1.weight' removed: it is an
/// initializer").
struct FixChanges {
  std::vector<FixCount> counts;
  std::vector<std::string> details;

  /// True when any count is non-zero.
  bool changed() const {
    return std::any_of(counts.begin(), counts.end(), [](const FixCount& c) { return c.value != 0; });
  }

  /// Adds `delta` to the count `key`, creating it (with `label`) at the end if missing.
  void Add(const std::string& key, const std::string& label, int64_t delta = 1) {
    for (FixCount& c : counts) {
      if (c.key == key) {
        c.value += delta;
        return;
      }
    }
    counts.push_back(FixCount{key, label, delta});
  }

  /// The value of count `key`; 0 when absent.
  int64_t Get(const std::string& key) const {
    for (const FixCount& c : counts) {
      if (c.key == key) return c.value;
    }
    return 0;
  }
};

}  // namespace ortkit::graph
