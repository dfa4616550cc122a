// ProgressLine: see progress.h.
#include "cli/progress.h"

#include <ostream>

namespace ortkit::cli {
namespace {
constexpr std::size_t kWidth = 79;  // one column short of 80, so that no terminal wraps it
}

void ProgressLine::Show(const std::string& text) {
  if (!context_.interactive) return;
  context_.err << "\r" << (text.size() > kWidth ? text.substr(0, kWidth) : text) << "\x1b[K" << std::flush;
  shown_ = true;
}

void ProgressLine::Clear() {
  if (!shown_) return;
  context_.err << "\r\x1b[K" << std::flush;
  shown_ = false;
}

}  // namespace ortkit::cli
