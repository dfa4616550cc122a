// DCNv2 two ways on one CenterNet-sized layer (64 -> 64 channels, 3x3, 64x64 pixels): the example
// custom-op library's kernel against decompose-deformable-conv's standard-ONNX rewrite (GridSample
// per tap, Mul, one 1x1 Conv), same inputs, one intra-op thread each. The README quotes the
// medians of:
//   build/bench/ortkit_deform_conv_bench --benchmark_repetitions=9 \
//     --benchmark_enable_random_interleaving=true --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <string>

#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/model.h"
#include "testing/custom_op_models.h"
#include "workload/inputs.h"
#include "workload/value_rule.h"

namespace {

using ortkit::testing::DeformConvSpec;

DeformConvSpec Layer() {
  DeformConvSpec spec;
  spec.c = 64, spec.cout = 64, spec.h = 64, spec.w = 64;
  return spec;
}

ortkit::NamedValues Inputs(const ortkit::Model& model) {
  ortkit::workload::InputRequest request;
  request.values = ortkit::workload::ParseValueFlags({"offset=-2..2", "mask=0..1"});
  ortkit::NamedValues inputs;
  for (auto& input : ortkit::workload::BuildSeededInputs(model.inputs(), request)) inputs.push_back(input.value);
  return inputs;
}

void Measure(benchmark::State& state, const ortkit::Model& model) {
  const ortkit::NamedValues inputs = Inputs(model);
  for (auto _ : state) {
    auto out = model.run(inputs);
    benchmark::DoNotOptimize(out[0].value.tensor().data());
  }
}

void LibraryKernel(benchmark::State& state) {
  const std::string bytes = ortkit::testing::DeformConvModel(Layer());
  ortkit::SessionConfig config;
  config.intra_op_threads = 1;
  config.custom_op_libraries = {ortkit::testing::ExampleOpsLibraryPath()};
  Measure(state, ortkit::Model::FromBytes(bytes.data(), bytes.size(), config, "dcn (library)"));
}

void Decomposed(benchmark::State& state) {
  onnx::ModelProto model = ortkit::graph::ParseModel(ortkit::testing::DeformConvModel(Layer()), "dcn");
  ortkit::graph::FindPass("decompose-deformable-conv")->Apply(model, {});
  const std::string bytes = ortkit::graph::SerializeModel(model);
  ortkit::SessionConfig config;
  config.intra_op_threads = 1;
  Measure(state, ortkit::Model::FromBytes(bytes.data(), bytes.size(), config, "dcn (decomposed)"));
}

BENCHMARK(LibraryKernel)->Unit(benchmark::kMillisecond)->MinTime(1.0);
BENCHMARK(Decomposed)->Unit(benchmark::kMillisecond)->MinTime(1.0);

}  // namespace

BENCHMARK_MAIN();
