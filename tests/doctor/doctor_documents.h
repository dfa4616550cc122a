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

/// What compress measured for the fixtures: the quantize-dynamic variant's p50 ratio at one
/// thread (and its noise), peak RSS (the original's is 400 MiB), and whether it passes the gate.
struct CompressFigures {
  double p50_ratio = 0.48, noise = 0.02, peak_rss_mib = 300;
  bool passes = true;
};
/// A doctor "compress" entry as doctor writes it, its result rendered by compress's own JSON
/// renderer: original (12 MB), float16 (0.5x, passes, slower), quantize-dynamic (0.26x, `f`) and
/// quantize-static skipped for want of calibration data; best is quantize-dynamic when it passes.
nlohmann::json CompressEntry(const CompressFigures& f = {});

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
