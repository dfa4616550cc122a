// The wenet-style wrapper bug, on purpose: input names from ORT kept as char* and never freed.
// Run under the same valgrind settings as the ortkit audit, it must fail: proof that the audit
// (and its suppressions) would catch this class of leak.
#include <string>

#include <onnxruntime_cxx_api.h>

#include "testing/test_models.h"

int main() {
  const std::string bytes = ortkit::testing::ManyInputsModel(4);
  Ort::Env env;
  Ort::AllocatorWithDefaultOptions allocator;
  for (int cycle = 0; cycle < 3; ++cycle) {
    Ort::Session session(env, bytes.data(), bytes.size(), Ort::SessionOptions());
    for (std::size_t i = 0; i < session.GetInputCount(); ++i) {
      char* name = session.GetInputNameAllocated(i, allocator).release();  // never freed
      (void)name;
    }
  }
  return 0;
}
