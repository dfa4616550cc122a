// ortkit::Error.
#include "ortkit/error.h"

namespace ortkit {

const char* ToString(ErrorCategory category) noexcept {
  switch (category) {
    case ErrorCategory::kConfig: return "config";
    case ErrorCategory::kLoad: return "load";
    case ErrorCategory::kInput: return "input";
    case ErrorCategory::kRun: return "run";
    case ErrorCategory::kIo: return "io";
  }
  return "unknown";
}

Error::Error(ErrorCategory category, const std::string& message)
    : std::runtime_error(message), category_(category) {}

}  // namespace ortkit
