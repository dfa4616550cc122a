// Raw ORT sessions with libortkit_example_ops registered, and running them on float tensors.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <onnxruntime_cxx_api.h>

namespace ortkit::testing {

/// A float32 tensor's data and shape, owned.
struct FloatTensor {
  std::vector<float> data;
  std::vector<int64_t> shape;
};

/// One session on a model that uses the example custom ops, created through ORT's own API
/// (RegisterCustomOpsLibrary, which calls RegisterCustomOpsLibrary_V2) on ortkit's process Env,
/// so the library is loaded by the same ONNX Runtime 1.30 that ortkit links.
class ExampleOpsSession {
 public:
  /// Throws Ort::Exception when the library does not load or the session cannot be created
  /// (an op that rejects its attributes fails here). `intra_threads` 0 is ORT's default pool.
  explicit ExampleOpsSession(const std::string& model_bytes, int intra_threads = 1);

  /// Runs with the graph inputs named `names` set to `inputs` and returns the first output.
  /// Throws Ort::Exception with ORT's message when Run fails (an op's shape check, for one).
  FloatTensor Run(const std::vector<std::string>& names, const std::vector<FloatTensor>& inputs);

 private:
  std::shared_ptr<Ort::Env> env_;  // declared first: destroyed after the session
  Ort::SessionOptions options_;
  Ort::Session session_{nullptr};
  std::string output_name_;
};

}  // namespace ortkit::testing
