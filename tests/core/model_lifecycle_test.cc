// Creating and destroying models many times must not grow the process: RSS after 1000 cycles
// stays within 5% of RSS after 10.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "ortkit/model.h"
#include "ortkit/runner.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

// Resident set size in bytes, from /proc/self/statm (pages).
long ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  long total = 0, resident = 0;
  statm >> total >> resident;
  return resident * 4096;
}

// One full lifecycle: load, introspect, copy, run through both paths, destroy.
void Cycle(const std::string& bytes) {
  Model model = Model::FromBytes(bytes.data(), bytes.size(), {}, "many_inputs.onnx");
  Model copy = model;
  NamedValues inputs;
  for (const ValueSpec& spec : copy.inputs()) inputs.push_back({spec.name, Tensor::FromVector<float>({1}, {1})});
  const std::string producer = copy.metadata().producer_name;
  NamedValues out = copy.run(inputs);
  Runner runner = model.runner();
  out = runner.run(inputs);
  ASSERT_EQ(out[0].value.tensor().data_as<float>()[0], static_cast<float>(inputs.size()));
}

TEST(ModelLifecycleTest, ThousandCyclesDoNotGrowResidentMemory) {
  // Many inputs means many ORT-allocated names per cycle: the leak class of C++ wrappers that
  // keep GetInputName's char* and never free it.
  const std::string bytes = testing::ManyInputsModel(32);
  for (int i = 0; i < 10; ++i) Cycle(bytes);
  const long after_10 = ResidentBytes();
  for (int i = 10; i < 1000; ++i) Cycle(bytes);
  const long after_1000 = ResidentBytes();
  RecordProperty("rss_after_10", std::to_string(after_10));
  RecordProperty("rss_after_1000", std::to_string(after_1000));
  std::printf("RSS after 10 cycles: %ld KiB, after 1000: %ld KiB (%+.2f%%)\n", after_10 / 1024,
              after_1000 / 1024, 100.0 * (after_1000 - after_10) / after_10);
  EXPECT_LE(after_1000, after_10 * 105 / 100);
}

}  // namespace
}  // namespace ortkit
