// Text renderings of a conformance run: counts per suite, reasons, and a full dump for maintainers.
#pragma once

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "conformance/conformance_case.h"
#include "conformance/expectations.h"
#include "conformance/sweep.h"

namespace ortkit::conformance {

struct Counts {
  int passed = 0;
  int failed = 0;
  int skipped = 0;

  void Add(Status status);
};

/// Counts of one runner's outcomes; `ortkit` picks the side.
Counts CountOutcomes(const std::vector<CaseResult>& results, bool ortkit);

/// A table of pass/fail/skip per suite for both runners, then the line
/// "ortkit: N passed, N failed, N skipped; raw ORT: N passed, N failed, N skipped".
void RenderSummary(std::ostream& out, const std::vector<ConformanceCase>& cases,
                   const std::vector<CaseResult>& results);

/// How many listed cases each reason category has (the reason's text before its first ':').
void RenderReasons(std::ostream& out, const std::map<std::string, Expectation>& expectations);

/// One line per case: "suite/name<TAB>ortkit status<TAB>raw status<TAB>ortkit message<TAB>raw
/// message", for writing or reviewing expectations.txt.
void RenderDump(std::ostream& out, const std::vector<ConformanceCase>& cases,
                const std::vector<CaseResult>& results);

}  // namespace ortkit::conformance
