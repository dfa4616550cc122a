// The --value grammar.
#include "workload/value_rule.h"

#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::workload {
namespace {

constexpr const char* kSyntax = "expected NAME=@DIM (a dimension's size), NAME=LOW..HIGH (uniform) or NAME=C "
                                "(a constant)";

bool ParseNumber(const std::string& text, double* out) {
  if (text.empty()) return false;
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*out);
}

std::string Parse(const std::string& text, ValueRule* rule) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return kSyntax;
  rule->input = text.substr(0, eq);
  const std::string value = text.substr(eq + 1);
  if (value.empty()) return std::string("no value after '='; ") + kSyntax;
  if (value[0] == '@') {
    rule->fill = ValueRule::Fill::kDimSize;
    rule->dim = value.substr(1);
    return rule->dim.empty() ? std::string("no dimension after '@'; ") + kSyntax : "";
  }
  // "LOW..HIGH"; a negative LOW ("-1..1") starts with '-', so look for ".." after the first char.
  if (const auto dots = value.find("..", 1); dots != std::string::npos) {
    rule->fill = ValueRule::Fill::kUniform;
    if (!ParseNumber(value.substr(0, dots), &rule->low) || !ParseNumber(value.substr(dots + 2), &rule->high)) {
      return "'" + value + "' is not a range of numbers; " + kSyntax;
    }
    if (rule->low > rule->high) return "the range '" + value + "' is empty: LOW is above HIGH";
    return {};
  }
  rule->fill = ValueRule::Fill::kConstant;
  if (!ParseNumber(value, &rule->constant)) return "'" + value + "' is not a number; " + kSyntax;
  return {};
}

}  // namespace

std::string ValueRule::ValueText() const {
  switch (fill) {
    case Fill::kDimSize: return "@" + dim;
    // fmt's shortest form that reads back exactly: "0.1", "999", "-2.5".
    case Fill::kUniform: return fmt::format("{}..{}", low, high);
    case Fill::kConstant: return fmt::format("{}", constant);
  }
  return {};
}

std::string ValueRule::Describe() const {
  std::string value;
  switch (fill) {
    case Fill::kDimSize: value = dim; break;
    case Fill::kUniform: value = fmt::format("uniform in {}..{}", low, high); break;
    case Fill::kConstant: value = fmt::format("{}", constant); break;
  }
  return input + " = " + value + (guess.empty() ? " (--value)" : " (" + guess + "; override with --value)");
}

bool ValueRule::operator==(const ValueRule& o) const {
  return input == o.input && fill == o.fill && dim == o.dim && low == o.low && high == o.high &&
         constant == o.constant && guess == o.guess;
}

std::string CheckValueFlag(const std::string& text) {
  ValueRule rule;
  const std::string why = Parse(text, &rule);
  return why.empty() ? why : "'" + text + "': " + why;
}

ValueRule ParseValueFlag(const std::string& text) {
  ValueRule rule;
  if (const std::string why = Parse(text, &rule); !why.empty()) {
    throw Error(ErrorCategory::kConfig, "--value '" + text + "': " + why);
  }
  return rule;
}

std::vector<ValueRule> ParseValueFlags(const std::vector<std::string>& texts) {
  std::vector<ValueRule> rules;
  for (const auto& text : texts) {
    ValueRule rule = ParseValueFlag(text);
    for (const auto& earlier : rules) {
      if (earlier.input == rule.input) {
        throw Error(ErrorCategory::kConfig, "--value '" + text + "': input '" + rule.input +
                                                "' already has a --value; give each input once");
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

std::vector<ValueRule> MergeRules(const std::vector<ValueRule>& user, const std::vector<ValueRule>& guesses) {
  std::vector<ValueRule> merged = user;
  for (const auto& guess : guesses) {
    bool overridden = false;
    for (const auto& rule : user) overridden = overridden || rule.input == guess.input;
    if (!overridden) merged.push_back(guess);
  }
  return merged;
}

}  // namespace ortkit::workload
