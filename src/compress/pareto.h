// Which variants are worth having: the Pareto front over size, p50 and peak memory, and the best
// variant by one objective. Pure functions of the measured rows.
#pragma once

#include <string>
#include <vector>

#include "compress/compress_report.h"

namespace ortkit::compress {

/// The figure `objective` looks at: p50 at one intra-op thread as the paired ratio to the
/// original's (1 for the original), file size (bytes) or peak RSS (MiB). Lower is better for all.
double ObjectiveValue(const VariantResult& variant, Objective objective);

/// True when `a` is at least as good as `b` in file size, p50 at one thread (ObjectiveValue) and
/// peak RSS, and better in at least one.
bool Dominates(const VariantResult& a, const VariantResult& b);

/// Sets `pareto` on every measured variant that passes the gate and that no other such variant
/// dominates; clears it on the rest (those that fail the gate or were skipped are never marked).
void MarkPareto(std::vector<VariantResult>& variants);

/// The name of the compressed variant (not the original) that is measured, passes the gate and
/// has the lowest ObjectiveValue; ties go to the smaller file, then to the earlier row. "" when
/// no compressed variant passes.
std::string ChooseBest(const std::vector<VariantResult>& variants, Objective objective);

}  // namespace ortkit::compress
