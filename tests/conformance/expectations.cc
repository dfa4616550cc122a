// Parsing expectations.txt and comparing it with the outcomes of a run.
#include "conformance/expectations.h"

#include <fstream>
#include <set>
#include <stdexcept>

namespace ortkit::conformance {
namespace {

std::string Trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return {};
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

}  // namespace

std::map<std::string, Expectation> ParseExpectations(std::istream& in, const std::string& label) {
  std::map<std::string, Expectation> out;
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    const std::string line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    const std::string where = label + ":" + std::to_string(number) + ": ";
    const auto gap = line.find_first_of(" \t");
    const std::string id = line.substr(0, gap);
    const std::string reason = gap == std::string::npos ? std::string() : Trim(line.substr(gap));
    if (reason.empty()) throw std::runtime_error(where + "'" + id + "' has no reason");
    if (id.find('/') == std::string::npos) throw std::runtime_error(where + "'" + id + "' is not suite/case");
    const auto [it, inserted] = out.emplace(id, Expectation{reason, number});
    if (!inserted) {
      throw std::runtime_error(where + "'" + id + "' is already listed on line " + std::to_string(it->second.line));
    }
  }
  return out;
}

std::map<std::string, Expectation> LoadExpectations(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read '" + path + "'");
  return ParseExpectations(in, path);
}

std::vector<std::string> CheckExpectations(const std::vector<ConformanceCase>& cases,
                                           const std::vector<Outcome>& outcomes,
                                           const std::map<std::string, Expectation>& expectations,
                                           bool complete) {
  std::vector<std::string> problems;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string id = cases[i].id();
    seen.insert(id);
    const auto it = expectations.find(id);
    const bool passes = outcomes[i].status == Status::kPass;
    if (passes && it != expectations.end() && !it->second.may_pass()) {
      problems.push_back(id + ": now passes: remove it from expectations.txt (line " +
                         std::to_string(it->second.line) + ": " + it->second.reason + ")");
    } else if (!passes && it == expectations.end()) {
      problems.push_back(id + ": " + ToString(outcomes[i].status) + "s and is not in expectations.txt: " +
                         outcomes[i].message);
    }
  }
  if (complete) {
    for (const auto& [id, expectation] : expectations) {
      if (!seen.count(id)) {
        problems.push_back(id + ": listed in expectations.txt (line " + std::to_string(expectation.line) +
                           ") but there is no such case");
      }
    }
  }
  return problems;
}

}  // namespace ortkit::conformance
