// Conversion of ORT exceptions into ortkit::Error.
#include "core/ort_error.h"

#include "core/text.h"

namespace ortkit::core {

std::string CleanOrtMessage(const std::string& message) {
  std::string text = message;
  // Debug builds of ORT append a stack trace; users get the message, never the stack.
  const auto stack = text.find("Stacktrace:");
  if (stack != std::string::npos) text.erase(stack);
  // "/onnxruntime_src/x.cc:123 fn() [ONNXRuntimeError] : 1 : FAIL : message": keep the message;
  // the source location and status code mean nothing to a user.
  const std::string marker = "[ONNXRuntimeError] : ";
  const auto at = text.find(marker);
  if (at != std::string::npos) {
    std::size_t pos = at + marker.size();
    for (int field = 0; field < 2 && pos != std::string::npos; ++field) {
      pos = text.find(" : ", pos);
      if (pos != std::string::npos) pos += 3;
    }
    if (pos != std::string::npos) text.erase(0, pos);
  }
  return FoldWhitespace(text);
}

void ThrowFromOrt(ErrorCategory category, const std::string& context, const Ort::Exception& e) {
  throw Error(category, context + ": " + CleanOrtMessage(e.what()));
}

}  // namespace ortkit::core
