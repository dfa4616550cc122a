// Hand-made doctor documents for the verdict, action and summary tests: the step results are
// trimmed copies of what the real subcommands print for the demo model (check, bench, memcheck,
// profile, fix), so each test can break one step and see what the doctor makes of it.
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

/// The verdict of `area` in document["verdicts"] (after recomputing them), or null.
nlohmann::json VerdictOf(const nlohmann::json& verdicts, const std::string& area);

}  // namespace ortkit::testing
