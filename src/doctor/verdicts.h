// The four verdicts of a doctor run (loads? fast? memory? portable?), each read from the step
// results in the document, with a one-sentence headline and the figures behind it.
#pragma once

#include <nlohmann/json.hpp>

namespace ortkit::doctor {

/// The "verdicts" array for `document` (which needs "steps", "request" and "environment"):
/// areas "loads", "speed", "memory", "portability" in that order, each with status "good",
/// "warning", "problem" or "not_measured" (when the step that measures it failed, timed out or
/// did not run: the headline then says why).
nlohmann::json Verdicts(const nlohmann::json& document);

nlohmann::json LoadsVerdict(const nlohmann::json& document);
nlohmann::json SpeedVerdict(const nlohmann::json& document);
nlohmann::json MemoryVerdict(const nlohmann::json& document);
nlohmann::json PortabilityVerdict(const nlohmann::json& document);

}  // namespace ortkit::doctor
