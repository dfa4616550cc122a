// Verification of a fix: the original (or a reference made from it) and the fixed model on the
// same seeded inputs, every output compared within a tolerance.
#pragma once

#include <string>

#include "graph/fix_report.h"
#include "graph/fix_session.h"
#include "graph/fixes/fix_options.h"

namespace ortkit::graph {

/// Loads the original (from `original_path`) and the fixed model, runs both on the same seeded
/// inputs (options.seed) and compares every output (options.tolerance; the original is the
/// reference). When ORT refuses the original (a fix is often what makes a model load), the
/// reference is a copy of it with Casts at its type conflicts (cast_repair.h), and the fixed model
/// must also give finite outputs; when no such copy loads, only that is checked (Reference::kNone).
/// Never throws for what it finds: a fixed model that does not load or run, or inputs that can't
/// be made, fail the verification with `failure` saying why, ORT's text included.
/// With a lossy pass among options.ResolvedPasses() (HasLossyPass), the outputs are judged by the
/// accuracy gate (options.gate, compare/accuracy_gate.h) over options.gate.samples seeded input
/// sets (seeds options.seed, options.seed + 1, ...) instead of the tolerance: see Verification::gate.
Verification VerifyFix(const std::string& original_path, const FixedModelSource& fixed, const FixOptions& options);

/// True when a pass that changes numerics on purpose (FixPassInfo::lossy) will run.
bool HasLossyPass(const FixOptions& options);

}  // namespace ortkit::graph
