// Small text helpers shared by the library and the CLI (no ONNX Runtime here).
#pragma once

#include <string>

namespace ortkit::core {

/// `text` on one line: runs of whitespace (newlines, tabs, spaces) become one space, and leading
/// and trailing whitespace is dropped.
std::string FoldWhitespace(const std::string& text);

}  // namespace ortkit::core
