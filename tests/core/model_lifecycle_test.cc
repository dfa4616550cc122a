// Creating and destroying models many times must not grow the process: after 1000 cycles the
// resident set stays within 5% of where it was after 10, and grows by under 256 bytes a cycle.
//
// ORT itself grows by a bounded amount over its first few hundred sessions (+2.6 MiB of heap
// over ~1000 raw Ort::Session create/destroy cycles on ORT 1.30, then flat; valgrind finds none
// of it lost at exit). So the test first runs that many raw sessions to fill ORT's own caches,
// then measures ortkit alone: whatever still grows is ortkit's. Both sides use one intra-op
// thread: per-session thread pools leave glibc's cached thread stacks and per-thread arenas
// resident in amounts that depend on scheduling, which is noise here, not a lifecycle leak.
#include <malloc.h>

#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <onnxruntime_cxx_api.h>

#include "ortkit/model.h"
#include "ortkit/runner.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

// Resident set size in bytes (/proc/self/statm), after giving freed heap pages back so that
// allocator slack is not mistaken for growth.
long ResidentBytes() {
  malloc_trim(0);
  std::ifstream statm("/proc/self/statm");
  long total = 0, resident = 0;
  statm >> total >> resident;
  return resident * 4096;
}

// One full ortkit lifecycle: load, introspect, copy, run through both paths, destroy.
SessionConfig OneThread() {
  SessionConfig config;
  config.intra_op_threads = 1;
  return config;
}

void OrtkitCycle(const std::string& bytes) {
  Model model = Model::FromBytes(bytes.data(), bytes.size(), OneThread(), "many_inputs.onnx");
  Model copy = model;
  NamedValues inputs;
  for (const ValueSpec& spec : copy.inputs()) inputs.push_back({spec.name, Tensor::FromVector<float>({1}, {1})});
  const std::string producer = copy.metadata().producer_name;
  NamedValues out = copy.run(inputs);
  Runner runner = model.runner();
  out = runner.run(inputs);
  ASSERT_EQ(out[0].value.tensor().data_as<float>()[0], static_cast<float>(inputs.size()));
}

// The same model through ORT alone, to settle ORT's own process-wide caches.
void RawOrtCycle(const std::string& bytes) {
  Ort::Env env;  // ORT hands back the process's one Env
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(1);
  Ort::Session session(env, bytes.data(), bytes.size(), options);
}

TEST(ModelLifecycleTest, ThousandCyclesDoNotGrowResidentMemory) {
  // Many inputs means many ORT-allocated names per cycle: the leak class of C++ wrappers that
  // keep GetInputName's char* and never free it.
  const std::string bytes = testing::ManyInputsModel(32);
  for (int i = 0; i < 1500; ++i) RawOrtCycle(bytes);

  for (int i = 0; i < 10; ++i) OrtkitCycle(bytes);
  const long after_10 = ResidentBytes();
  for (int i = 10; i < 1000; ++i) OrtkitCycle(bytes);
  const long after_1000 = ResidentBytes();
  const double per_cycle = static_cast<double>(after_1000 - after_10) / 990;
  std::printf("RSS after 10 cycles: %ld KiB, after 1000: %ld KiB (%+.2f%%, %+.0f bytes/cycle)\n",
              after_10 / 1024, after_1000 / 1024, 100.0 * (after_1000 - after_10) / after_10, per_cycle);
  EXPECT_LE(after_1000, after_10 * 105 / 100);
  EXPECT_LT(per_cycle, 256.0);
}

}  // namespace
}  // namespace ortkit
