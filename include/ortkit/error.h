// The one exception type ortkit throws, with a category a caller can branch on.
#pragma once

#include <stdexcept>
#include <string>

namespace ortkit {

/// What went wrong, broadly: a caller (or the CLI) picks its reaction from this.
enum class ErrorCategory {
  kConfig,  ///< a SessionConfig (or a CLI option bound to one) is invalid
  kLoad,    ///< the model could not be read, parsed or turned into a session
  kInput,   ///< the inputs given to a run do not fit the model
  kRun,     ///< ONNX Runtime failed while running
  kIo,      ///< a file could not be read or written (tensors, configs, outputs)
};

/// "config", "load", "input", "run" or "io".
const char* ToString(ErrorCategory category) noexcept;

/// Every error ortkit reports. `what()` is one line that names the model, input, node or field,
/// what was expected and what was found; ONNX Runtime's own text is kept verbatim inside it.
class Error : public std::runtime_error {
 public:
  Error(ErrorCategory category, const std::string& message);

  ErrorCategory category() const noexcept { return category_; }

 private:
  ErrorCategory category_;
};

}  // namespace ortkit
