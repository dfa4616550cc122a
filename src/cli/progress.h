// The one progress line of long subcommands (bench, tune, memcheck, doctor): on stderr, only when
// stdout is a terminal, redrawn in place and wiped before the report, so that stdout stays clean
// and a pipe or a log file never sees it.
#pragma once

#include <string>

#include "cli/cli_common.h"

namespace ortkit::cli {

class ProgressLine {
 public:
  explicit ProgressLine(const Context& context) : context_(context) {}
  ~ProgressLine() { Clear(); }
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// Whether Show() draws anything (stdout is a terminal).
  bool visible() const { return context_.interactive; }
  /// Replaces the line with `text` (cut to 79 columns).
  void Show(const std::string& text);
  /// Wipes the line (also done on destruction, exceptions included).
  void Clear();

 private:
  const Context& context_;
  bool shown_ = false;
};

}  // namespace ortkit::cli
