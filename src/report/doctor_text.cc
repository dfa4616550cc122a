// The doctor summary for people.
#include "report/doctor_text.h"

#include <fmt/format.h>

#include "report/human_size.h"

namespace ortkit::report {
namespace {

using json = nlohmann::json;

std::string Text(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

double Number(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0;
}

// "not_measured" reads better as "not measured" on a terminal.
std::string StatusWord(std::string status) {
  for (char& c : status) c = c == '_' ? ' ' : c;
  return status;
}

// Long step messages (a crash's stderr) would push the summary off the screen.
std::string Clip(const std::string& text, std::size_t max) {
  return text.size() <= max ? text : text.substr(0, max - 3) + "...";
}

constexpr std::size_t kTopActions = 3;

}  // namespace

void RenderDoctorText(const json& doctor, const std::vector<std::pair<std::string, std::string>>& written,
                      std::ostream& out) {
  const json& model = doctor.value("model", json::object());
  const json& request = doctor.value("request", json::object());
  out << fmt::format("ortkit doctor  {}  ({}, {:.1f} s of a {:.0f} s budget)\n\n", Text(model, "path"),
                     HumanBytes(static_cast<uint64_t>(Number(model, "file_bytes"))), Number(doctor, "elapsed_s"),
                     Number(request, "budget_s"));

  for (const json& v : doctor.value("verdicts", json::array())) {
    out << fmt::format("  {:<12} {:<13} {}\n", Text(v, "area"), StatusWord(Text(v, "status")), Text(v, "headline"));
  }

  // Where the sizes and input values came from, when ortkit chose them.
  const json& workload = doctor.value("workload", json::object());
  const json& notes = workload.value("notes", json::array());
  if (!notes.empty()) {
    out << "\nworkload\n";
    for (const json& note : notes) out << "  " << (note.is_string() ? note.get<std::string>() : note.dump()) << "\n";
  }

  const json& actions = doctor.value("actions", json::array());
  if (!actions.empty()) {
    out << "\ntop actions\n";
    for (std::size_t i = 0; i < actions.size() && i < kTopActions; ++i) {
      const json& a = actions[i];
      out << fmt::format("  {}. {}\n", Number(a, "rank"), Text(a, "title"));
      out << fmt::format("     effect: {}\n", Text(a, "effect"));
      if (!Text(a, "command").empty()) out << fmt::format("     run:    {}\n", Text(a, "command"));
    }
    if (actions.size() > kTopActions) {
      out << fmt::format("  ({} more in the report)\n", actions.size() - kTopActions);
    }
  }

  bool header = false;
  for (const json& s : doctor.value("steps", json::array())) {
    const std::string status = Text(s, "status");
    if (status == "ok" || status == "findings") continue;
    if (!header) out << "\nsteps not completed\n";
    header = true;
    out << fmt::format("  {:<9} {:<10} {}\n", Text(s, "name"), StatusWord(status), Clip(Text(s, "message"), 200));
  }

  if (!written.empty()) {
    out << "\nreports\n";
    for (const auto& [kind, path] : written) out << fmt::format("  {:<5} {}\n", kind, path);
  }
}

}  // namespace ortkit::report
