// Where the kernels' exceptions become OrtStatus: no exception crosses into ONNX Runtime.
#pragma once

#include <exception>

#include "ort_api.h"

namespace ortkit_example {

/// Runs `body`; returns nullptr, or an OrtStatus carrying the exception's code and message (an
/// Ort::Exception keeps its code, anything else is ORT_RUNTIME_EXCEPTION). ORT owns the status.
/// The kernels throw Ort::Exception; ORT would catch a C++ exception thrown through its C
/// callback too, but only if both sides share one C++ runtime, which a plugin cannot promise.
template <typename Body>
OrtStatus* StatusFrom(Body&& body) noexcept {
  try {
    body();
    return nullptr;
  } catch (const Ort::Exception& e) {
    return Ort::GetApi().CreateStatus(e.GetOrtErrorCode(), e.what());
  } catch (const std::exception& e) {
    return Ort::GetApi().CreateStatus(ORT_RUNTIME_EXCEPTION, e.what());
  } catch (...) {
    return Ort::GetApi().CreateStatus(ORT_RUNTIME_EXCEPTION, "unknown exception in a custom op");
  }
}

}  // namespace ortkit_example
