// Severities and reports of `ortkit check`.
#include "ortkit/findings.h"

#include <algorithm>

namespace ortkit {

const char* ToString(Severity severity) noexcept {
  switch (severity) {
    case Severity::kInfo: return "info";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "unknown";
}

std::optional<Severity> ParseSeverity(std::string_view name) noexcept {
  if (name == "info") return Severity::kInfo;
  if (name == "warning") return Severity::kWarning;
  if (name == "error") return Severity::kError;
  return std::nullopt;
}

bool Finding::operator==(const Finding& o) const {
  return rule_id == o.rule_id && rule == o.rule && severity == o.severity && location_kind == o.location_kind &&
         location == o.location && op_type == o.op_type && message == o.message && why == o.why && fix == o.fix &&
         fix_pass == o.fix_pass && fix_flags == o.fix_flags && command == o.command;
}

std::size_t CheckReport::Count(Severity severity) const {
  return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(),
                                                [&](const Finding& f) { return f.severity == severity; }));
}

bool CheckReport::Reaches(Severity level) const {
  return std::any_of(findings.begin(), findings.end(), [&](const Finding& f) { return f.severity >= level; });
}

}  // namespace ortkit
