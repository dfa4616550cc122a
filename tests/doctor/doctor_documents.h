// Hand-made doctor documents for the verdict, action and summary tests: the step results hold
// what the real subcommands print for the demo model (check, bench, memcheck, profile, fix), at
// least every field doctor reads, so each test can break one step and see what doctor makes of it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ortkit::testing {

/// A document in which every step ran on the demo model: check found the four demo problems,
/// bench measured two shapes and the mix, memcheck saw a plateau, fix ran 1.63x faster.
nlohmann::json DemoDocument();

/// `document` with step `name` replaced: status, message, result null.
nlohmann::json WithStep(nlohmann::json document, const std::string& name, const std::string& status,
                        const std::string& message);

/// A check finding as `ortkit check --format json` prints it (op_type "", why "because").
nlohmann::json Finding(const std::string& id, const std::string& rule, const std::string& severity,
                       const std::string& kind, const std::string& location, const std::string& message,
                       const std::string& fix, const std::string& pass, const std::string& command = "");

/// A steps[] entry for a step doctor skipped, as doctor writes it.
nlohmann::json SkippedStep(const std::string& name, const std::string& message);

/// doctor's verdicts and actions for `document` (read with ParseDoctorReport), as JSON.
nlohmann::json VerdictsJson(const nlohmann::json& document);
nlohmann::json ActionsJson(const nlohmann::json& document);

/// The verdict of `area` in document["verdicts"] (after recomputing them), or null.
nlohmann::json VerdictOf(const nlohmann::json& verdicts, const std::string& area);

}  // namespace ortkit::testing
