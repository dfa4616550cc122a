// Rendering a conformance run as text.
#include "conformance/report.h"

#include <cstdio>

#include "conformance/sweep.h"

namespace ortkit::conformance {
namespace {

std::string Line(const char* label, const Counts& o, const Counts& r) {
  char buffer[160];
  std::snprintf(buffer, sizeof buffer, "%-20s %6d %6d %6d     %6d %6d %6d\n", label, o.passed, o.failed,
                o.skipped, r.passed, r.failed, r.skipped);
  return buffer;
}

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(' ');
  return begin == std::string::npos ? std::string() : s.substr(begin);
}

std::string Sentence(const Counts& c) {
  return std::to_string(c.passed) + " passed, " + std::to_string(c.failed) + " failed, " +
         std::to_string(c.skipped) + " skipped";
}

}  // namespace

void Counts::Add(Status status) {
  switch (status) {
    case Status::kPass: ++passed; break;
    case Status::kFail: ++failed; break;
    case Status::kSkip: ++skipped; break;
  }
}

Counts CountOutcomes(const std::vector<CaseResult>& results, bool ortkit) {
  Counts counts;
  for (const auto& r : results) counts.Add(ortkit ? r.ortkit.status : r.raw.status);
  return counts;
}

void RenderSummary(std::ostream& out, const std::vector<ConformanceCase>& cases,
                   const std::vector<CaseResult>& results) {
  out << "                     ------- ortkit -------   ------ raw ORT -------\n"
      << "suite                  pass   fail   skip       pass   fail   skip\n";
  std::vector<std::string> suites;
  std::map<std::string, std::pair<Counts, Counts>> per_suite;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    if (!per_suite.count(cases[i].suite)) suites.push_back(cases[i].suite);
    auto& [o, r] = per_suite[cases[i].suite];
    o.Add(results[i].ortkit.status);
    r.Add(results[i].raw.status);
  }
  for (const auto& suite : suites) {
    out << Line(suite.c_str(), per_suite[suite].first, per_suite[suite].second);
  }
  const Counts o = CountOutcomes(results, true);
  const Counts r = CountOutcomes(results, false);
  out << Line("total", o, r);
  out << "ortkit: " << Sentence(o) << "; raw ORT: " << Sentence(r) << "\n";
}

void RenderReasons(std::ostream& out, const std::map<std::string, Expectation>& expectations) {
  std::map<std::string, int> counts;
  for (const auto& [id, e] : expectations) {
    // "host-dependent: <category>: ..." counts under its category, marked.
    const std::string reason = e.may_pass() ? Trim(e.reason.substr(e.reason.find(':') + 1)) : e.reason;
    counts[reason.substr(0, reason.find(':')) + (e.may_pass() ? " (host-dependent)" : "")]++;
  }
  out << "cases not passing, by reason (expectations.txt):\n";
  for (const auto& [reason, count] : counts) out << "  " << count << "  " << reason << "\n";
}

void RenderDump(std::ostream& out, const std::vector<ConformanceCase>& cases,
                const std::vector<CaseResult>& results) {
  for (std::size_t i = 0; i < cases.size(); ++i) {
    out << cases[i].id() << '\t' << ToString(results[i].ortkit.status) << '\t'
        << ToString(results[i].raw.status) << '\t' << EscapeLine(results[i].ortkit.message) << '\t'
        << EscapeLine(results[i].raw.message) << '\n';
  }
}

}  // namespace ortkit::conformance
