// One cold start: read file, session creation, first and second run, first run of each new shape.
#include "bench/cold_start.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <iterator>

#include <sys/stat.h>

#include "bench/request_runner.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string ReadModelFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path + "': " + std::strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path + "': it is a directory, not a model file");
  }
  // Protobuf (and so ONNX Runtime) cannot parse a message over 2 GiB: refuse before allocating.
  if (static_cast<uint64_t>(st.st_size) > static_cast<uint64_t>(std::numeric_limits<int>::max())) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path +
                                          "': the file is over 2 GiB, more than protobuf can parse; such models "
                                          "must keep weights in external data");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCategory::kLoad, "while loading '" + path + "': " + std::strerror(errno));
  std::string bytes(static_cast<std::size_t>(st.st_size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.gcount() != static_cast<std::streamsize>(bytes.size())) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path + "': the file changed while it was read");
  }
  return bytes;
}

// A session from bytes looks for external data in the working directory unless told where the
// model lives; Model::Load(path) would look next to the file.
SessionConfig WithModelFolder(SessionConfig config, const std::string& path) {
  const char* key = "session.model_external_initializers_file_folder_path";
  if (config.config_entries.count(key) == 0) {
    std::string folder = std::filesystem::path(path).parent_path().string();
    config.config_entries[key] = folder.empty() ? "." : folder;
  }
  return config;
}

}  // namespace

ColdStartRun RunColdStart(const BenchSpec& spec) {
  ColdSample sample;
  auto start = Clock::now();
  const std::string bytes = ReadModelFile(spec.model_path);
  sample.read_file_ms = MsSince(start);

  const SessionConfig config = WithModelFolder(spec.config, spec.model_path);
  start = Clock::now();
  Model model = Model::FromBytes(bytes.data(), bytes.size(), config, spec.model_path);
  sample.session_create_ms = MsSince(start);
  sample.providers = model.providers();

  std::vector<ShapeInputs> inputs = BuildBenchInputs(spec, model.inputs());
  RequestRunner runner(model, spec.io_binding);
  sample.first_run_ms = runner.TimedRun(inputs[0].values);
  sample.second_run_ms = runner.TimedRun(inputs[0].values);
  for (std::size_t i = 1; i < inputs.size(); ++i) {
    sample.new_shape_first_run_ms.emplace_back(inputs[i].label, runner.TimedRun(inputs[i].values));
  }
  return ColdStartRun{std::move(sample), std::move(model), std::move(inputs)};
}

}  // namespace ortkit::bench
