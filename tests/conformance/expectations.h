// The checked-in list of cases that don't pass (expectations.txt), and its check against a run.
#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

#include "conformance/conformance_case.h"

namespace ortkit::conformance {

struct Expectation {
  std::string reason;  ///< why the case does not pass, e.g. "ORT has no CPU kernel: ..."
  int line = 0;

  /// The reason starts with "host-dependent:": the case may pass on another machine.
  bool may_pass() const { return reason.rfind("host-dependent:", 0) == 0; }
};

/// Case id ("suite/name") -> expectation. The format: one `suite/name  reason` per line; blank
/// lines and lines starting with '#' are ignored. Throws std::runtime_error naming `label` and the
/// line for a line without a reason or a case listed twice.
std::map<std::string, Expectation> ParseExpectations(std::istream& in, const std::string& label);
std::map<std::string, Expectation> LoadExpectations(const std::string& path);

/// What disagrees between the file and the cases' outcomes, one line per problem:
/// a listed case that passes ("now passes: remove it from expectations.txt") unless it may_pass(),
/// a case that does
/// not pass and is not listed (with its message), and a listed case that does not exist.
/// `complete`: `cases` is every case (not a filtered subset), so unknown ids are reported too.
std::vector<std::string> CheckExpectations(const std::vector<ConformanceCase>& cases,
                                           const std::vector<Outcome>& outcomes,
                                           const std::map<std::string, Expectation>& expectations,
                                           bool complete);

}  // namespace ortkit::conformance
