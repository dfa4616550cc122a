// Turns ONNX Runtime's exceptions into ortkit::Error with our context in front.
#pragma once

#include <string>
#include <utility>

#include <onnxruntime_cxx_api.h>

#include "ortkit/error.h"

namespace ortkit::core {

/// ORT's message made into one line: stack traces dropped, newlines folded, whitespace trimmed.
std::string CleanOrtMessage(const std::string& message);

/// Error(category, context + ": " + ORT's cleaned message).
[[noreturn]] void ThrowFromOrt(ErrorCategory category, const std::string& context,
                               const Ort::Exception& e);

/// Calls f(); an Ort::Exception escaping it becomes Error(category, "<context>: <ORT's text>").
template <typename F>
auto WithOrtContext(ErrorCategory category, const std::string& context, F&& f) -> decltype(f()) {
  try {
    return std::forward<F>(f)();
  } catch (const Ort::Exception& e) {
    ThrowFromOrt(category, context, e);
  }
}

/// The same, for hot paths: the context is only built (by calling `context()`) on failure.
template <typename Context, typename F>
auto WithLazyOrtContext(ErrorCategory category, Context&& context, F&& f) -> decltype(f()) {
  try {
    return std::forward<F>(f)();
  } catch (const Ort::Exception& e) {
    ThrowFromOrt(category, context(), e);
  }
}

}  // namespace ortkit::core
