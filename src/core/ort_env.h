// The one process-wide Ort::Env, and where ORT's log lines go.
#pragma once

#include <memory>

#include <onnxruntime_cxx_api.h>

namespace ortkit::core {

/// The process's Ort::Env, created on first use (thread-safe). Every session keeps the returned
/// pointer, so the Env is destroyed only after the last session, whatever the exit order.
std::shared_ptr<Ort::Env> ProcessEnv();

}  // namespace ortkit::core
