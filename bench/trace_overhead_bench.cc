// What `ortkit trace` costs a traced program: wrapped calls and Run, traced against untraced, in
// one process. libortkit_trace.so is dlopen'ed and asked for the API table, which patches ORT's
// table in place; a copy of the table taken before that is the untraced side.
//   ortkit_trace_overhead_bench [--benchmark_filter=...]
#include <dlfcn.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <onnxruntime_c_api.h>

#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace {

void Check(const OrtApi& api, OrtStatus* status) {
  if (status == nullptr) return;
  const std::string message = api.GetErrorMessage(status);
  api.ReleaseStatus(status);
  throw std::runtime_error(message);
}

struct Fixture {
  OrtApi untraced{};               // ORT's own entries
  const OrtApi* traced = nullptr;  // ORT's table, patched by the trace library
  OrtEnv* env = nullptr;
  OrtSession* small = nullptr;  // x: float32[2] -> Identity
  OrtSession* convnet = nullptr;  // float32[1,3,64,64] -> logits, a few hundred microseconds
  OrtMemoryInfo* memory = nullptr;
  OrtAllocator* allocator = nullptr;

  Fixture() {
    const OrtApi* real = OrtGetApiBase()->GetApi(ORT_API_VERSION);
    std::memcpy(&untraced, real, sizeof(OrtApi));
    void* library = dlopen(ORTKIT_TRACE_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) throw std::runtime_error(dlerror());
    auto get_base = reinterpret_cast<const OrtApiBase* (*)()>(dlsym(library, "OrtGetApiBase"));
    traced = get_base()->GetApi(ORT_API_VERSION);
    if (traced != real) throw std::runtime_error("the trace library did not return ORT's own table");

    ortkit::testing::TempDir dir;
    const std::string small_path = dir.File("small.onnx");
    const std::string conv_path = dir.File("convnet.onnx");
    ortkit::testing::WriteFile(small_path, ortkit::testing::MetadataModel());
    ortkit::testing::WriteFile(conv_path, ortkit::testing::ConvNetModel());
    Check(untraced, untraced.CreateEnv(ORT_LOGGING_LEVEL_WARNING, "bench", &env));
    OrtSessionOptions* options = nullptr;
    Check(untraced, untraced.CreateSessionOptions(&options));
    Check(untraced, untraced.SetIntraOpNumThreads(options, 1));
    // Created through the traced table, so that the traced Run finds its session.
    Check(untraced, traced->CreateSession(env, small_path.c_str(), options, &small));
    Check(untraced, traced->CreateSession(env, conv_path.c_str(), options, &convnet));
    untraced.ReleaseSessionOptions(options);
    Check(untraced, untraced.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory));
    Check(untraced, traced->GetAllocatorWithDefaultOptions(&allocator));
  }
};

Fixture& TheFixture() {
  static Fixture* fixture = new Fixture;  // sessions live until the process ends
  return *fixture;
}

const OrtApi& Api(bool traced) { return traced ? *TheFixture().traced : TheFixture().untraced; }

// CreateTensorWithDataAsOrtValue + ReleaseValue: two wrapped calls per iteration.
void BM_CreateReleaseValue(benchmark::State& state) {
  const OrtApi& api = Api(state.range(0) != 0);
  Fixture& f = TheFixture();
  float data[2] = {1, 2};
  const int64_t shape[1] = {2};
  for (auto _ : state) {
    OrtValue* value = nullptr;
    Check(api, api.CreateTensorWithDataAsOrtValue(f.memory, data, sizeof data, shape, 1,
                                                  ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &value));
    api.ReleaseValue(value);
  }
  state.SetLabel(state.range(0) != 0 ? "traced" : "untraced");
}
BENCHMARK(BM_CreateReleaseValue)->Arg(0)->Arg(1);

// SessionGetInputName + AllocatorFree (through the allocator's wrapped Free).
void BM_InputNameAndFree(benchmark::State& state) {
  const OrtApi& api = Api(state.range(0) != 0);
  Fixture& f = TheFixture();
  for (auto _ : state) {
    char* name = nullptr;
    Check(api, api.SessionGetInputName(f.small, 0, f.allocator, &name));
    Check(api, api.AllocatorFree(f.allocator, name));
  }
  state.SetLabel(state.range(0) != 0 ? "traced" : "untraced");
}
BENCHMARK(BM_InputNameAndFree)->Arg(0)->Arg(1);

void RunOnce(const OrtApi& api, OrtSession* session, const char* in, const char* out, std::vector<float>& data,
             const std::vector<int64_t>& shape) {
  Fixture& f = TheFixture();
  OrtValue* input = nullptr;
  Check(api, api.CreateTensorWithDataAsOrtValue(f.memory, data.data(), data.size() * sizeof(float), shape.data(),
                                                shape.size(), ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &input));
  OrtValue* output = nullptr;
  Check(api, api.Run(session, nullptr, &in, &input, 1, &out, 1, &output));
  api.ReleaseValue(output);
  api.ReleaseValue(input);
}

// A Run of microseconds: the wrappers' cost in absolute terms.
void BM_RunSmall(benchmark::State& state) {
  const OrtApi& api = Api(state.range(0) != 0);
  std::vector<float> data = {1, 2};
  for (auto _ : state) RunOnce(api, TheFixture().small, "x", "y", data, {2});
  state.SetLabel(state.range(0) != 0 ? "traced" : "untraced");
}
BENCHMARK(BM_RunSmall)->Arg(0)->Arg(1);

// A Run of a few hundred microseconds: the budget is 2%.
void BM_RunConvNet(benchmark::State& state) {
  const OrtApi& api = Api(state.range(0) != 0);
  std::vector<float> data(1 * 3 * 64 * 64, 0.5f);
  for (auto _ : state) RunOnce(api, TheFixture().convnet, "input", "logits", data, {1, 3, 64, 64});
  state.SetLabel(state.range(0) != 0 ? "traced" : "untraced");
}
BENCHMARK(BM_RunConvNet)->Arg(0)->Arg(1)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
