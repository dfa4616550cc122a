// What to do about a doctor run's findings, ranked: each action with the command that does it and
// its effect, stated only when a step measured it ("not measured" otherwise).
#pragma once

#include <nlohmann/json.hpp>

namespace ortkit::doctor {

/// The "actions" array for `document` (needs "steps", "request", "model"): ranked from 1,
/// measured gains first, then steps that failed (with the command to reproduce them), memory
/// settings, provider coverage, free dimensions and post-processing. Each: rank, title, effect,
/// command, measured.
nlohmann::json Actions(const nlohmann::json& document);

}  // namespace ortkit::doctor
