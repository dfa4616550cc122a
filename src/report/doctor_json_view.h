// Tolerant reads of the doctor JSON for the HTML report: a missing key, a null or a value of
// another type reads as "absent", never as an exception, so any step may be missing or partial.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace ortkit::report::doctor_view {

using nlohmann::json;

/// The member `key` of `object`, or nullptr when `object` is not an object or has no such key
/// (a null member counts as absent).
const json* Member(const json& object, std::string_view key);
/// `object[key]` when it is a string, else "" (or `fallback`).
std::string Text(const json& object, std::string_view key, std::string_view fallback = "");
/// `object[key]` when it is a number (integers included).
std::optional<double> Number(const json& object, std::string_view key);
/// `object[key]` when it is an array, else an empty array.
const json& Array(const json& object, std::string_view key);

/// What a step of the doctor run left for a section to show.
struct StepView {
  const json* step = nullptr;    ///< the steps[] entry, nullptr when the run has none by that name
  const json* result = nullptr;  ///< its subcommand's --json document when usable, else nullptr
  std::string status;            ///< ok, findings, failed, skipped, timed_out, or "missing"
  std::string note;              ///< when `result` is nullptr: why, in a sentence for the reader
};

/// The step called `name` ("check", "bench", ...) of doctor["steps"].
StepView FindStep(const json& doctor, std::string_view name);

/// "0.472 ms", "4.72 ms", "47.2 ms", "1.23 s": three significant figures.
std::string FormatMs(double ms);
/// "12.3 s" or "2 min 5 s".
std::string FormatSeconds(double seconds);
/// "45%" (or "0.4%" below 1%).
std::string FormatShare(double share);

}  // namespace ortkit::report::doctor_view
