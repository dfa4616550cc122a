// `ortkit bench` against a raw ONNX Runtime C++ loop: steady-state p50 on a conv net and a
// transformer encoder (same model, settings and inputs, each side in a fresh process, rounds
// alternating), and the cold start (session creation + first run) of the model ORT saved after
// optimisation against the original. scripts/bench_vs_raw.sh runs it.
//
//   ortkit_bench_vs_raw --ortkit PATH [--rounds N] [--dir DIR]   the comparison, Markdown tables
//   ortkit_bench_vs_raw --raw MODEL --iterations N --warmup N --intra-threads N [--dim NAME=V]...
//                                                                 one raw loop, its stats as JSON
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <onnxruntime_cxx_api.h>

#include "bench/bench_inputs.h"
#include "core/scratch_dir.h"
#include "bench/stats.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/test_models.h"

namespace {

using Json = nlohmann::json;

struct RawOptions {
  std::string model;
  int64_t iterations = 1000;
  int warmup = 50;
  int intra_threads = 1;
  std::vector<std::string> dims;
};

// The raw side: what a user without ortkit writes. Inputs are ortkit's seeded ones (built before
// timing, so both sides feed identical values); the loop itself only calls ORT.
Json RawLoop(const RawOptions& o) {
  const std::string bytes = ortkit::core::ReadWholeFile(o.model);
  std::vector<ortkit::bench::ShapeInputs> inputs;
  {
    const ortkit::Model model = ortkit::Model::FromBytes(bytes.data(), bytes.size());
    ortkit::bench::BenchSpec spec;
    spec.model_path = o.model;
    spec.shapes = ortkit::bench::ShapesFromDims(o.dims);
    inputs = ortkit::bench::BuildBenchInputs(spec, model.inputs());
  }
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "raw");
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(o.intra_threads);
  Ort::Session session(env, bytes.data(), bytes.size(), options);
  Ort::AllocatorWithDefaultOptions allocator;
  std::vector<std::string> output_storage;
  for (std::size_t i = 0; i < session.GetOutputCount(); ++i) output_storage.push_back(session.GetOutputNameAllocated(i, allocator).get());
  std::vector<const char*> output_names, input_names;
  for (const auto& n : output_storage) output_names.push_back(n.c_str());
  const ortkit::NamedValues& feed = inputs.front().values;
  for (const auto& in : feed) input_names.push_back(in.name.c_str());
  const Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);

  auto run_once = [&] {
    // A server wraps each request's buffers anew, so that is part of the raw loop too.
    std::vector<Ort::Value> values;
    values.reserve(feed.size());
    for (const auto& in : feed) {
      const ortkit::Tensor& t = in.value.tensor();
      values.push_back(Ort::Value::CreateTensor(cpu, const_cast<void*>(t.data()), t.byte_size(), t.shape().data(),
                                                t.shape().size(), static_cast<ONNXTensorElementDataType>(t.type())));
    }
    return session.Run(Ort::RunOptions{nullptr}, input_names.data(), values.data(), values.size(), output_names.data(),
                       output_names.size());
  };
  for (int i = 0; i < o.warmup; ++i) run_once();
  std::vector<double> samples;
  samples.reserve(static_cast<std::size_t>(o.iterations));
  for (int64_t i = 0; i < o.iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run_once();
    samples.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  const ortkit::bench::LatencyStats s = ortkit::bench::Summarize(std::move(samples));
  return Json{{"count", s.count}, {"min_ms", s.min}, {"mean_ms", s.mean}, {"p50_ms", s.p50}, {"p90_ms", s.p90}};
}

// Runs a command and returns its stdout; throws when it fails.
std::string Capture(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) throw std::runtime_error("cannot run: " + command);
  std::string out;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0;) out.append(buffer, n);
  if (::pclose(pipe.release()) != 0) throw std::runtime_error("failed: " + command);
  return out;
}

struct Case {
  std::string label, file;
  std::vector<std::string> dims;
  int64_t iterations;
};

std::string DimArgs(const Case& c) {
  std::string args;
  for (const auto& d : c.dims) args += " --dim " + d;
  return args;
}

double Median(std::vector<double> v) { return ortkit::bench::Median(std::move(v)); }

void SteadyComparison(const std::string& ortkit, const std::string& self, const std::vector<Case>& cases, int rounds) {
  std::cout << "| model | inputs | raw ORT p50 | `ortkit bench` p50 | ratio (median of rounds) | per-round ratios |\n"
               "|---|---|---|---|---|---|\n";
  for (const auto& c : cases) {
    std::vector<double> raw, ours, ratios;
    for (int r = 0; r < rounds; ++r) {
      // Alternating sides spreads the machine's drift over both.
      const std::string common = fmt::format("--warmup 50 --iterations {}{}", c.iterations, DimArgs(c));
      const double raw_p50 = Json::parse(Capture(fmt::format("'{}' --raw '{}' --intra-threads 1 {}", self, c.file, common)))["p50_ms"];
      const Json bench = Json::parse(Capture(fmt::format(
          "'{}' bench '{}' --cold-runs 1 --set intra_threads=1 --max-variation 1000000% --json {}", ortkit, c.file, common)));
      const double ours_p50 = bench["steady_state"][0]["latency"]["p50_ms"];
      raw.push_back(raw_p50);
      ours.push_back(ours_p50);
      ratios.push_back(ours_p50 / raw_p50);
    }
    std::string each;
    for (double r : ratios) each += fmt::format("{}{:.3f}", each.empty() ? "" : " ", r);
    std::string dims;
    for (const auto& d : c.dims) dims += (dims.empty() ? "" : " ") + d;
    std::cout << fmt::format("| {} | {} | {:.4f} ms | {:.4f} ms | {:.3f} | {} |\n", c.label, dims, Median(raw),
                             Median(ours), Median(ratios), each);
  }
}

// Session creation + first run, median over fresh processes (ortkit bench's cold start).
double ColdStartMs(const std::string& ortkit, const std::string& model, const std::string& extra, int runs) {
  const Json j = Json::parse(Capture(fmt::format(
      "'{}' bench '{}' --cold-runs {} --warmup 0 --iterations 1 --max-variation 1000000% --set intra_threads=1 --json {}",
      ortkit, model, runs, extra)));
  return j["cold_start"]["session_create"]["p50_ms"].get<double>() + j["cold_start"]["first_run"]["p50_ms"].get<double>();
}

void ColdComparison(const std::string& ortkit, const std::vector<Case>& cases, const std::string& dir, int runs) {
  std::cout << "\n| model | original | optimised, opt=all | ratio | optimised, opt=disabled | ratio |\n"
               "|---|---|---|---|---|---|\n";
  for (const auto& c : cases) {
    const std::string optimised = dir + "/" + c.label + ".optimised.onnx";
    const std::string config = dir + "/" + c.label + ".save.json";
    std::FILE* f = std::fopen(config.c_str(), "w");
    std::fprintf(f, "{\"intra_op_threads\": 1, \"optimized_model_path\": \"%s\"}\n", optimised.c_str());
    std::fclose(f);
    Capture(fmt::format("'{}' run '{}' --config '{}'{} > /dev/null", ortkit, c.file, config, DimArgs(c)));
    const double original = ColdStartMs(ortkit, c.file, DimArgs(c), runs);
    const double saved = ColdStartMs(ortkit, optimised, DimArgs(c), runs);
    const double saved_plain = ColdStartMs(ortkit, optimised, DimArgs(c) + " --set opt=disabled", runs);
    std::cout << fmt::format("| {} | {:.2f} ms | {:.2f} ms | {:.3f} | {:.2f} ms | {:.3f} |\n", c.label, original, saved,
                             saved / original, saved_plain, saved_plain / original);
  }
}

}  // namespace

int main(int argc, char** argv) {
  try {
    std::vector<std::string> args(argv + 1, argv + argc);
    RawOptions raw;
    std::string ortkit, dir;
    int rounds = 7, cold_runs = 10;
    bool raw_mode = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const std::string& a = args[i];
      auto next = [&]() -> std::string {
        if (i + 1 >= args.size()) throw std::runtime_error(a + " needs a value");
        return args[++i];
      };
      if (a == "--raw") {
        raw_mode = true;
        raw.model = next();
      } else if (a == "--iterations") {
        raw.iterations = std::stoll(next());
      } else if (a == "--warmup") {
        raw.warmup = std::stoi(next());
      } else if (a == "--intra-threads") {
        raw.intra_threads = std::stoi(next());
      } else if (a == "--dim") {
        raw.dims.push_back(next());
      } else if (a == "--ortkit") {
        ortkit = next();
      } else if (a == "--rounds") {
        rounds = std::stoi(next());
      } else if (a == "--cold-runs") {
        cold_runs = std::stoi(next());
      } else if (a == "--dir") {
        dir = next();
      } else {
        throw std::runtime_error("unknown argument " + a);
      }
    }
    if (raw_mode) {
      std::cout << RawLoop(raw).dump() << "\n";
      return 0;
    }
    if (ortkit.empty()) throw std::runtime_error("usage: ortkit_bench_vs_raw --ortkit PATH [--rounds N] [--dir DIR]");
    std::unique_ptr<ortkit::core::ScratchDir> scratch;
    if (dir.empty()) {
      scratch = std::make_unique<ortkit::core::ScratchDir>("bench-vs-raw");
      dir = scratch->path();
    }
    ortkit::core::WriteWholeFile(dir + "/convnet.onnx", ortkit::testing::ConvNetModel());
    ortkit::core::WriteWholeFile(dir + "/transformer.onnx", ortkit::testing::TransformerEncoderModel());
    const std::vector<Case> cases = {
        {"convnet", dir + "/convnet.onnx", {"batch=1"}, 3000},
        {"convnet", dir + "/convnet.onnx", {"batch=8"}, 500},
        {"transformer", dir + "/transformer.onnx", {"batch=1", "seq=128"}, 1000},
    };
    const std::string self = std::filesystem::canonical("/proc/self/exe").string();
    SteadyComparison(ortkit, self, cases, rounds);
    ColdComparison(ortkit, {cases[0], cases[2]}, dir, cold_runs);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_vs_raw: " << e.what() << "\n";
    return 2;
  }
}
