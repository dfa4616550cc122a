// Text helpers.
#include "core/text.h"

#include <algorithm>

namespace ortkit::core {

std::string FoldWhitespace(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string DidYouMean(const std::vector<std::string>& known, const std::string& name) {
  const std::string* best = nullptr;
  std::size_t best_distance = 0;
  for (const auto& k : known) {
    const std::size_t d = EditDistance(k, name);
    if (!best || d < best_distance) {
      best = &k;
      best_distance = d;
    }
  }
  // Only names that are plausibly a typo of what was given: a far-off suggestion misleads.
  if (best && best_distance <= std::max<std::size_t>(2, name.size() / 3)) return " (did you mean '" + *best + "'?)";
  return "";
}

}  // namespace ortkit::core
