// Tolerant reads of the doctor JSON (see doctor_json_view.h).
#include "report/doctor_json_view.h"

#include <cmath>

#include <fmt/format.h>

namespace ortkit::report::doctor_view {

const json* Member(const json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Text(const json& object, std::string_view key, std::string_view fallback) {
  const json* value = Member(object, key);
  return value != nullptr && value->is_string() ? value->get<std::string>() : std::string(fallback);
}

std::optional<double> Number(const json& object, std::string_view key) {
  const json* value = Member(object, key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  const double number = value->get<double>();
  if (!std::isfinite(number)) return std::nullopt;
  return number;
}

const json& Array(const json& object, std::string_view key) {
  static const json kEmpty = json::array();
  const json* value = Member(object, key);
  return value != nullptr && value->is_array() ? *value : kEmpty;
}

StepView FindStep(const json& doctor, std::string_view name) {
  StepView view;
  for (const json& step : Array(doctor, "steps")) {
    if (Text(step, "name") == name) {
      view.step = &step;
      break;
    }
  }
  if (view.step == nullptr) {
    view.status = "missing";
    view.note = fmt::format("Not run: this doctor run has no '{}' step.", name);
    return view;
  }
  view.status = Text(*view.step, "status", "unknown");
  std::string message = Text(*view.step, "message");
  while (!message.empty() && (message.back() == '.' || message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();  // the note ends the sentence itself
  }
  const std::string because = message.empty() ? "" : ": " + message;
  const json* result = Member(*view.step, "result");
  const bool usable = result != nullptr && result->is_object() && (view.status == "ok" || view.status == "findings");
  if (usable) {
    view.result = result;
    return view;
  }
  if (view.status == "skipped") {
    view.note = fmt::format("Skipped{}.", message.empty() ? "" : because);
  } else if (view.status == "timed_out") {
    const auto seconds = Number(*view.step, "seconds");
    view.note = fmt::format("Timed out{}{}.", seconds ? " after " + FormatSeconds(*seconds) : "", because);
  } else if (view.status == "failed") {
    view.note = fmt::format("Failed{}.", message.empty() ? " (no message)" : because);
  } else {
    view.note = fmt::format("'{}' left no result{}.", name, because);
  }
  return view;
}

std::string FormatMs(double ms) {
  if (ms >= 1000.0) return fmt::format("{:.3g} s", ms / 1000.0);
  if (ms >= 100.0) return fmt::format("{:.0f} ms", ms);
  if (ms >= 10.0) return fmt::format("{:.1f} ms", ms);
  if (ms >= 1.0) return fmt::format("{:.2f} ms", ms);
  return fmt::format("{:.3f} ms", ms);
}

std::string FormatSeconds(double seconds) {
  if (seconds < 60.0) return fmt::format("{:.1f} s", seconds);
  const long whole = std::lround(seconds);
  return fmt::format("{} min {} s", whole / 60, whole % 60);
}

std::string FormatShare(double share) {
  const double percent = share * 100.0;
  return percent < 1.0 ? fmt::format("{:.1f}%", percent) : fmt::format("{:.0f}%", percent);
}

}  // namespace ortkit::report::doctor_view
