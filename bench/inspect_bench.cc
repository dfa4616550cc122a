// `ortkit inspect` against a full protobuf parse of the same model: time and peak memory, each in
// its own process. scripts/bench_inspect.sh drives it on a generated ~1 GiB model.
//
//   ortkit_inspect_bench generate PATH [MIB]     write a model with MIB MiB of weights (default 1024)
//   ortkit_inspect_bench summarize PATH          graph::SummarizeModel (what `ortkit inspect` calls)
//   ortkit_inspect_bench parse PATH              read the file, onnx::ModelProto::ParseFromString
//   ortkit_inspect_bench parse-stream PATH       ModelProto::ParseFromIstream (no whole-file buffer)
//   ortkit_inspect_bench measure [--runs N] [--drop-caches] -- CMD ARGS...
//        runs CMD N times (stdout to /dev/null); prints "wall_ms=<median> peak_rss_kib=<max>"
//   ortkit_inspect_bench micro PATH [--benchmark_...]   Google Benchmark of summarize vs parse
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <onnx/onnx_pb.h>

#include "big_model_writer.h"
#include "graph/model_summary.h"

namespace {

using ortkit::graph::ModelSummary;

int Usage() {
  std::cerr << "usage: ortkit_inspect_bench generate PATH [MIB] | summarize PATH | parse PATH | parse-stream PATH |\n"
               "       measure [--runs N] [--drop-caches] -- CMD ARGS... | micro PATH [--benchmark_...]\n";
  return 2;
}

// Something from each result, printed so that no work can be optimised away.
int Report(const char* what, uint64_t nodes, uint64_t initializers) {
  std::cout << what << ": " << nodes << " nodes, " << initializers << " initializers\n";
  return 0;
}

// What a tool without a wire scanner does (onnx.load, ReadModel): the whole file into one string
// (one read of its known size), then a full parse, which copies every payload again.
bool Parse(const std::string& path, onnx::ModelProto* model, bool verbose = false) {
  const auto start = std::chrono::steady_clock::now();
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  std::string bytes(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return false;
  const auto read = std::chrono::steady_clock::now();
  const bool ok = model->ParseFromString(bytes);
  if (verbose) {
    using Ms = std::chrono::duration<double, std::milli>;
    std::cout << "read " << Ms(read - start).count() << " ms, parse " << Ms(std::chrono::steady_clock::now() - read).count()
              << " ms\n";
  }
  return ok;
}

bool ParseStream(const std::string& path, onnx::ModelProto* model) {
  std::ifstream in(path, std::ios::binary);
  return model->ParseFromIstream(&in);
}

void DropCaches() {
  ::sync();
  std::ofstream drop("/proc/sys/vm/drop_caches");
  if (!(drop << "3\n")) {
    std::cerr << "ortkit_inspect_bench: cannot write /proc/sys/vm/drop_caches (needs root)\n";
    std::exit(2);
  }
}

// One child: wall time in ms and its peak RSS (ru_maxrss, KiB); exits on a failed command.
std::pair<double, long> RunChild(char** argv) {
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execvp(argv[0], argv);
    std::perror("exec");
    ::_exit(127);
  }
  int status = 0;
  struct rusage usage {};
  ::wait4(pid, &status, 0, &usage);
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "ortkit_inspect_bench: '" << argv[0] << "' failed (status " << status << ")\n";
    std::exit(2);
  }
  return {ms, usage.ru_maxrss};
}

int Measure(int argc, char** argv) {
  int runs = 5;
  bool drop = false;
  int i = 2;
  for (; i < argc && std::strcmp(argv[i], "--") != 0; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    if (std::strcmp(argv[i], "--drop-caches") == 0) drop = true;
  }
  if (i + 1 >= argc) return Usage();
  std::vector<double> walls;
  long peak = 0;
  for (int r = 0; r < runs; ++r) {
    if (drop) DropCaches();
    const auto [ms, rss] = RunChild(argv + i + 1);
    walls.push_back(ms);
    peak = std::max(peak, rss);
  }
  std::sort(walls.begin(), walls.end());
  std::cout << "wall_ms=" << walls[walls.size() / 2] << " peak_rss_kib=" << peak << "\n";
  return 0;
}

int Micro(int argc, char** argv) {
  static std::string path = argv[2];
  benchmark::RegisterBenchmark("SummarizeModel", [](benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(ortkit::graph::SummarizeModel(path));
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("ParseFromString", [](benchmark::State& state) {
    for (auto _ : state) {
      onnx::ModelProto model;
      benchmark::DoNotOptimize(Parse(path, &model));
    }
  })->Unit(benchmark::kMillisecond);
  std::vector<char*> bench_argv{argv[0]};  // the benchmark flags, without "micro PATH"
  for (int i = 3; i < argc; ++i) bench_argv.push_back(argv[i]);
  int bench_argc = static_cast<int>(bench_argv.size());
  benchmark::Initialize(&bench_argc, bench_argv.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string command = argv[1];
  try {
    if (command == "measure") return Measure(argc, argv);
    if (command == "micro") return Micro(argc, argv);
    const std::string path = argv[2];
    if (command == "generate") {
      const uint64_t mib = argc > 3 ? std::stoull(argv[3]) : 1024;
      const uint64_t size = ortkit::bench::WriteBigModel(path, ortkit::bench::SpecForSize(mib));
      std::cout << path << ": " << size << " bytes\n";
      return 0;
    }
    if (command == "summarize") {
      const ModelSummary s = ortkit::graph::SummarizeModel(path);
      return Report("summarize", s.main_graph().nodes.size(), s.main_graph().initializers.size());
    }
    if (command == "parse" || command == "parse-stream") {
      onnx::ModelProto model;
      if (!(command == "parse" ? Parse(path, &model, true) : ParseStream(path, &model))) {
        std::cerr << "ortkit_inspect_bench: protobuf could not parse " << path << "\n";
        return 2;
      }
      return Report(command.c_str(), static_cast<uint64_t>(model.graph().node_size()),
                    static_cast<uint64_t>(model.graph().initializer_size()));
    }
  } catch (const std::exception& e) {
    std::cerr << "ortkit_inspect_bench: " << e.what() << "\n";
    return 2;
  }
  return Usage();
}
