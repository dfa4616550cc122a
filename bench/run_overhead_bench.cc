// What ortkit adds per run: Model::run and Runner::run against raw Ort::Session::Run on the
// same model, same settings, same inputs, in the same process. scripts/bench_overhead.sh turns
// the medians into ratios.
#include <benchmark/benchmark.h>

#include <onnxruntime_cxx_api.h>

#include "ortkit/model.h"
#include "ortkit/runner.h"
#include "testing/test_models.h"

namespace {

struct Case {
  std::string bytes;
  std::string input_name;
  std::vector<int64_t> shape;
  std::vector<float> data;
  std::vector<std::string> extra_inputs;  // more inputs of the same shape and data (Add's y)
};

Case AddCase() {
  return {ortkit::testing::AddModel(), "x", {1, 3}, std::vector<float>(3, 1.0f), {"y"}};
}

Case ConvNetCase() {
  std::vector<float> data(3 * 64 * 64);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<float>(i % 251) / 251.0f;
  return {ortkit::testing::ConvNetModel(), "input", {1, 3, 64, 64}, std::move(data), {}};
}

// Both sides use one intra-op thread: on a shared 2-core machine, thread-pool scheduling noise
// would otherwise swamp the per-run difference being measured.
ortkit::SessionConfig BenchConfig() {
  ortkit::SessionConfig config;
  config.intra_op_threads = 1;
  return config;
}

void RawOrt(benchmark::State& state, Case (*make)()) {
  const Case c = make();
  // The same process-wide Env ortkit uses: ORT hands back the one it already has.
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "bench");
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(1);
  Ort::Session session(env, c.bytes.data(), c.bytes.size(), options);
  Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
  std::vector<const char*> names{c.input_name.c_str()};
  for (const auto& n : c.extra_inputs) names.push_back(n.c_str());
  Ort::AllocatorWithDefaultOptions allocator;
  auto output_name = session.GetOutputNameAllocated(0, allocator);
  const char* output_names[] = {output_name.get()};
  std::vector<float> data = c.data;
  for (auto _ : state) {
    // A server wraps each request's buffers anew, so that is part of the raw loop too.
    std::vector<Ort::Value> values;
    for (std::size_t i = 0; i < names.size(); ++i) {
      values.push_back(Ort::Value::CreateTensor<float>(cpu, data.data(), data.size(), c.shape.data(), c.shape.size()));
    }
    auto out = session.Run(Ort::RunOptions{nullptr}, names.data(), values.data(), values.size(), output_names, 1);
    benchmark::DoNotOptimize(out[0].GetTensorData<float>());
  }
}

ortkit::NamedValues OrtkitInputs(const Case& c, std::vector<float>& data) {
  ortkit::NamedValues inputs{{c.input_name, ortkit::Tensor::Borrow(data.data(), data.size(), c.shape)}};
  for (const auto& n : c.extra_inputs) inputs.push_back({n, ortkit::Tensor::Borrow(data.data(), data.size(), c.shape)});
  return inputs;
}

void OrtkitModelRun(benchmark::State& state, Case (*make)()) {
  const Case c = make();
  ortkit::Model model = ortkit::Model::FromBytes(c.bytes.data(), c.bytes.size(), BenchConfig());
  std::vector<float> data = c.data;
  for (auto _ : state) {
    ortkit::NamedValues inputs = OrtkitInputs(c, data);
    auto out = model.run(inputs);
    benchmark::DoNotOptimize(out[0].value.tensor().data());
  }
}

void OrtkitRunnerRun(benchmark::State& state, Case (*make)()) {
  const Case c = make();
  ortkit::Model model = ortkit::Model::FromBytes(c.bytes.data(), c.bytes.size(), BenchConfig());
  ortkit::Runner runner = model.runner();
  std::vector<float> data = c.data;
  for (auto _ : state) {
    ortkit::NamedValues inputs = OrtkitInputs(c, data);
    auto out = runner.run(inputs);
    benchmark::DoNotOptimize(out[0].value.tensor().data());
  }
}

BENCHMARK_CAPTURE(RawOrt, add, AddCase);
BENCHMARK_CAPTURE(OrtkitModelRun, add, AddCase);
BENCHMARK_CAPTURE(OrtkitRunnerRun, add, AddCase);
BENCHMARK_CAPTURE(RawOrt, convnet, ConvNetCase)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(OrtkitModelRun, convnet, ConvNetCase)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(OrtkitRunnerRun, convnet, ConvNetCase)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
