// How one input's values are made when no file gives them: the --value grammar, and the guesses
// ortkit makes from the graph (lengths, token ids, masks), each one said and overridable.
//
//   --value NAME=@DIM        every element is DIM's size (a lengths input: speech_lengths=@T)
//   --value NAME=LOW..HIGH   uniform: the integers in [LOW, HIGH], or floats in [LOW, HIGH)
//   --value NAME=C           every element is the constant C (0, 1, -0.5; bools: 0 or 1)
#pragma once

#include <string>
#include <vector>

namespace ortkit::workload {

struct ValueRule {
  enum class Fill {
    kDimSize,   ///< the size of `dim`
    kUniform,   ///< uniform in [low, high] (integers) or [low, high) (floats)
    kConstant,  ///< `constant` everywhere
  };
  std::string input;
  Fill fill = Fill::kConstant;
  std::string dim;       ///< kDimSize: a symbol or INPUT:AXIS
  double low = 0;        ///< kUniform
  double high = 0;       ///< kUniform
  double constant = 0;   ///< kConstant
  /// Why this rule: "" for the user's --value, else the guess in words ("a lengths input").
  std::string guess;

  /// "@T", "0..999", "1": the value as --value writes it.
  std::string ValueText() const;
  /// "speech_lengths = T (a lengths input; override with --value)" for a guess,
  /// "speech_lengths = T (--value)" for the user's.
  std::string Describe() const;
  bool operator==(const ValueRule& o) const;
};

/// "" when `text` is a valid --value, else what is wrong, starting with the text in quotes.
std::string CheckValueFlag(const std::string& text);

/// Parses one --value; Error(kConfig) "--value 'TEXT': why (expected ...)".
ValueRule ParseValueFlag(const std::string& text);

/// Parses every flag; an input given twice is an Error(kConfig).
std::vector<ValueRule> ParseValueFlags(const std::vector<std::string>& texts);

/// `user` first, then the guesses for inputs `user` does not name.
std::vector<ValueRule> MergeRules(const std::vector<ValueRule>& user, const std::vector<ValueRule>& guesses);

}  // namespace ortkit::workload
