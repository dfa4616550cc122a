// Runs one conformance case with the plain ONNX Runtime C++ API, as the baseline ortkit must match.
#pragma once

#include <memory>

#include "conformance/conformance_case.h"

namespace Ort {
struct Env;
}

namespace ortkit::conformance {

/// Holds an Ort::Env for its lifetime. ORT keeps one environment per process: when ortkit's already
/// exists, this Env is a second reference to it (and logs through ortkit's sink). Make it after
/// ortkit's Env (ortkit::SetLogSink creates that): the first Env decides the process's logger, so
/// one made here first would leave ortkit's sink receiving nothing.
class RawOrtRunner {
 public:
  RawOrtRunner();
  ~RawOrtRunner();
  RawOrtRunner(const RawOrtRunner&) = delete;
  RawOrtRunner& operator=(const RawOrtRunner&) = delete;

  /// Same stages, skips and comparison as RunWithOrtkit, with Ort::Session and Ort::Value only
  /// (CPU, one intra-op thread) and TensorProtos decoded by raw_tensor_proto.h. Cases whose model
  /// takes or returns non-tensors fail with "raw runner: ... tensors only". Never throws.
  Outcome Run(const ConformanceCase& c);

 private:
  std::unique_ptr<Ort::Env> env_;
};

}  // namespace ortkit::conformance
