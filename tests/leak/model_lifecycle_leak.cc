// The model lifecycle (load, introspect, copy, run, destroy) N times, for valgrind to audit:
// any definitely or indirectly lost block attributed to ortkit fails the test.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ortkit/model.h"
#include "ortkit/runner.h"
#include "testing/test_models.h"

int main(int argc, char** argv) {
  const int cycles = argc > 1 ? std::atoi(argv[1]) : 100;
  const std::string bytes = ortkit::testing::ManyInputsModel(8);
  const std::string meta_bytes = ortkit::testing::MetadataModel();
  try {
    for (int i = 0; i < cycles; ++i) {
      ortkit::Model model = ortkit::Model::FromBytes(bytes.data(), bytes.size(), {}, "many_inputs.onnx");
      ortkit::Model copy = model;
      ortkit::NamedValues inputs;
      for (const auto& spec : copy.inputs()) inputs.push_back({spec.name, ortkit::Tensor::FromVector<float>({1}, {1})});
      ortkit::NamedValues out = copy.run(inputs);
      ortkit::Runner runner = model.runner();
      out = runner.run(inputs);
      if (out.at(0).value.tensor().data_as<float>()[0] != 8.0f) {
        std::fprintf(stderr, "cycle %d: wrong result\n", i);
        return 1;
      }
      // Metadata: every string ORT allocates for it must be freed.
      ortkit::Model with_meta = ortkit::Model::FromBytes(meta_bytes.data(), meta_bytes.size());
      if (with_meta.metadata().Find("labels") != "cat,dog") return 1;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  std::printf("%d lifecycles done\n", cycles);
  return 0;
}
