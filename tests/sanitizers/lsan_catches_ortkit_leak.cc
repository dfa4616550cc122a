// The LeakSanitizer check must be able to fail: with ORT loaded and the suppressions of
// tests/sanitizers/lsan.supp in force, a block that ortkit-side code allocates and drops while a
// model is loaded and run is still reported. Registered with WILL_FAIL in the ASan build only.
#include <cstdio>
#include <string>

#include "ortkit/model.h"
#include "testing/test_models.h"

namespace {

// Stands for ortkit code that copies a name out of ORT and loses it: the copy is ortkit's own
// allocation, so its stack has no ORT frame and no suppression may hide it.
const char* CopyOfFirstInputName(const ortkit::Model& model) {
  auto* copy = new std::string(model.inputs().at(0).name);
  return copy->c_str();
}

}  // namespace

int main() {
  const std::string bytes = ortkit::testing::AddModel();
  ortkit::Model model = ortkit::Model::FromBytes(bytes.data(), bytes.size(), {}, "add.onnx");
  const char* name = CopyOfFirstInputName(model);
  std::printf("first input: %s\n", name);
  return 0;  // the copy is never freed: LeakSanitizer must report it and exit non-zero
}
