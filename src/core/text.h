// Small text helpers shared by the library and the CLI (no ONNX Runtime here).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ortkit::core {

/// `text` on one line: runs of whitespace (newlines, tabs, spaces) become one space, and leading
/// and trailing whitespace is dropped.
std::string FoldWhitespace(const std::string& text);

/// Levenshtein distance (single-character insertions, deletions and substitutions).
std::size_t EditDistance(const std::string& a, const std::string& b);

/// " (did you mean 'x'?)" when the closest of `known` is plausibly a typo of `name` (at most
/// max(2, |name| / 3) edits away), else "". Ties go to the earliest of `known`.
std::string DidYouMean(const std::vector<std::string>& known, const std::string& name);

}  // namespace ortkit::core
