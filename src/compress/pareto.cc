// Which variants are worth having: the Pareto front over size, p50 and peak memory, and the best
// variant by one objective.
#include "compress/pareto.h"

#include <array>

namespace ortkit::compress {
namespace {

std::array<double, 3> Figures(const VariantResult& v) {
  return {static_cast<double>(v.file_bytes), ObjectiveValue(v, Objective::kP50), v.peak_rss_mib};
}

bool Candidate(const VariantResult& v) { return v.measured() && v.passes_gate; }

}  // namespace

double ObjectiveValue(const VariantResult& variant, Objective objective) {
  switch (objective) {
    // The paired ratio, not the p50 itself: each variant was timed beside its own runs of the
    // original, so its ratio is what drift between those measurements leaves alone.
    case Objective::kP50: return variant.one_thread.p50_ratio;
    case Objective::kSize: return static_cast<double>(variant.file_bytes);
    case Objective::kPeakMemory: break;
  }
  return variant.peak_rss_mib;
}

bool Dominates(const VariantResult& a, const VariantResult& b) {
  const auto fa = Figures(a);
  const auto fb = Figures(b);
  bool better = false;
  for (std::size_t i = 0; i < fa.size(); ++i) {
    if (fa[i] > fb[i]) return false;
    if (fa[i] < fb[i]) better = true;
  }
  return better;
}

void MarkPareto(std::vector<VariantResult>& variants) {
  for (auto& v : variants) {
    v.pareto = Candidate(v);
    if (!v.pareto) continue;
    for (const auto& other : variants) {
      if (&other != &v && Candidate(other) && Dominates(other, v)) {
        v.pareto = false;
        break;
      }
    }
  }
}

std::string ChooseBest(const std::vector<VariantResult>& variants, Objective objective) {
  const VariantResult* best = nullptr;
  for (const auto& v : variants) {
    if (v.name == kOriginal || !Candidate(v)) continue;
    if (best == nullptr) {
      best = &v;
      continue;
    }
    const double value = ObjectiveValue(v, objective);
    const double best_value = ObjectiveValue(*best, objective);
    // Strictly better only: a tie keeps the earlier row unless the file is smaller.
    if (value < best_value || (value == best_value && v.file_bytes < best->file_bytes)) best = &v;
  }
  return best == nullptr ? "" : best->name;
}

}  // namespace ortkit::compress
