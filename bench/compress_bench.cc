// The issue-18 targets, measured: a transformer encoder (d_model 256, 4 layers, seq 128) through
// `fix --pass quantize-dynamic` and `--pass float16`, and a ResNet-18-shaped CNN (224x224) through
// `--pass quantize-static` with 16 calibration sets: file size ratio, p50 on one intra-op thread
// interleaved with the original (median of the repeats' medians), and the accuracy gate.
//
//   ortkit_compress_bench [REPEATS [RUNS [KEEP_DIR]]]     (defaults 7 and 15)
//
// KEEP_DIR (created; must not hold the files already) keeps the models, their variants and the
// calibration sets, for `ortkit compress` on the same models; by default they go to a scratch
// directory, removed at the end.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compare/accuracy_gate.h"
#include "core/scratch_dir.h"
#include "graph/fix_engine.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/compress_models.h"
#include "workload/inputs.h"

namespace {

using namespace ortkit;
namespace fs = std::filesystem;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double RunMs(const Model& model, const NamedValues& inputs) {
  const auto start = std::chrono::steady_clock::now();
  model.run(inputs);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

struct Row {
  std::string variant;
  double size_ratio = 0;
  double p50_original = 0, p50_variant = 0;
  double min_cosine = 1;
  double top1_agreement = 1;
  bool gate = false;
};

Row Measure(const std::string& variant, const std::string& original_path, const std::string& pass,
            const workload::DimSizes& dims, const std::string& calibration, int repeats, int runs) {
  graph::FixOptions options;
  options.passes = {pass};
  options.calibration_dir = calibration;
  options.gate.samples = 4;  // the engine's own gate; the figures below use 16 sets at `dims`
  options.keep_unverified = true;
  const std::string out = original_path + "." + pass + ".onnx";
  graph::FixModel(original_path, out, options);

  Row row;
  row.variant = variant;
  row.size_ratio = static_cast<double>(fs::file_size(out)) / static_cast<double>(fs::file_size(original_path));
  SessionConfig config;
  config.intra_op_threads = 1;
  const Model original = Model::Load(original_path, config);
  const Model fixed = Model::Load(out, config);

  compare::AccuracyGate gate({});
  for (uint64_t s = 0; s < 16; ++s) {
    // Other seeds than the calibration sets' (100 on): the gate judges inputs calibration never saw.
    const NamedValues inputs = workload::SeededInputs(original.inputs(), s, dims);
    gate.Add(fixed.run(inputs), original.run(inputs));
  }
  const compare::GateResult g = gate.Result();
  row.gate = g.passed;
  for (const auto& o : g.outputs) {
    row.min_cosine = std::min(row.min_cosine, o.cosine);
    if (o.scores) row.top1_agreement = std::min(row.top1_agreement, 1 - o.top1_disagreement());
  }

  const NamedValues inputs = workload::SeededInputs(original.inputs(), 0, dims);
  for (int i = 0; i < 3; ++i) {
    original.run(inputs);
    fixed.run(inputs);
  }
  std::vector<double> before, after;
  for (int r = 0; r < repeats; ++r) {
    std::vector<double> b, a;
    // Interleaved: drift in the machine's speed touches both models alike.
    for (int i = 0; i < runs; ++i) {
      b.push_back(RunMs(original, inputs));
      a.push_back(RunMs(fixed, inputs));
    }
    before.push_back(Median(b));
    after.push_back(Median(a));
  }
  row.p50_original = Median(before);
  row.p50_variant = Median(after);
  return row;
}

void PrintHeader() {
  std::printf("%-18s %8s %14s %14s %9s %12s %14s %6s\n", "variant", "size", "p50 original", "p50 variant", "p50 x",
              "min cosine", "top-1 agree", "gate");
}

void Print(const Row& r) {
  std::printf("%-18s %7.3fx %11.3f ms %11.3f ms %8.3fx %12.6f %13.2f%% %6s\n", r.variant.c_str(), r.size_ratio,
              r.p50_original, r.p50_variant, r.p50_variant / r.p50_original, r.min_cosine, 100 * r.top1_agreement,
              r.gate ? "pass" : "FAIL");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 7;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 15;
    const core::ScratchDir scratch("compress_bench");
    const std::string dir = argc > 3 ? argv[3] : scratch.path();
    fs::create_directories(dir);
    const std::string original = dir + "/encoder.onnx";
    core::WriteWholeFile(original, testing::ExportedEncoderModel(256, 4, 4, 32));
    std::printf("transformer encoder: d_model 256, 4 layers, 4 heads, MLP 1024, input [1,128,256]; %lld bytes\n",
                static_cast<long long>(fs::file_size(original)));
    std::printf("p50: median of %d repeats' medians of %d runs, 1 intra-op thread, interleaved with the original\n\n",
                repeats, runs);
    PrintHeader();
    const workload::DimSizes encoder_dims{{"batch", 1}, {"seq", 128}};
    for (const char* pass : {"quantize-dynamic", "float16"}) {
      Print(Measure(pass, original, pass, encoder_dims, "", repeats, runs));
    }

    // ResNet-18's shape: 64 wide, 4 stages, 1000 classes, 224x224 images.
    const std::string resnet = dir + "/resnet.onnx";
    const std::string bytes = testing::ExportedResNetModel(64, 4, 1000, 224);
    core::WriteWholeFile(resnet, bytes);
    const workload::DimSizes image_dims{{"batch", 1}};
    testing::WriteCalibrationSets(dir + "/calibration", bytes, 16, image_dims);
    std::printf("\nResNet-style CNN: ResNet-18's layers (BatchNorm folded), input [1,3,224,224]; %lld bytes; "
                "16 calibration sets\n\n",
                static_cast<long long>(fs::file_size(resnet)));
    PrintHeader();
    Print(Measure("quantize-static", resnet, "quantize-static", image_dims, dir + "/calibration", repeats, runs));
    Print(Measure("float16", resnet, "float16", image_dims, "", repeats, runs));
    return 0;
  } catch (const ortkit::Error& e) {
    std::fprintf(stderr, "ortkit_compress_bench: %s\n", e.what());
    return 2;
  }
}
