// The work of one child process, and its job and result files.
#include "bench/child_job.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "bench/bench_json.h"
#include "bench/cold_start.h"
#include "core/scratch_dir.h"
#include "bench/steady_state.h"

namespace ortkit::bench {
namespace {

constexpr ErrorCategory kCategories[] = {ErrorCategory::kConfig, ErrorCategory::kLoad, ErrorCategory::kInput,
                                         ErrorCategory::kRun, ErrorCategory::kIo};

ErrorCategory CategoryFromName(const std::string& name) {
  for (ErrorCategory c : kCategories) {
    if (name == ToString(c)) return c;
  }
  return ErrorCategory::kRun;
}

// Progress goes out as whole lines in one write each, so the parent never sees half a line.
void WriteProgress(int fd, std::size_t phase, std::size_t phases, double fraction) {
  const std::string line = fmt::format("{} {} {:.3f}\n", phase, phases, fraction);
  [[maybe_unused]] const ssize_t ignored = ::write(fd, line.data(), line.size());  // progress is best effort
}

// The process's peak resident set (VmHWM), in MiB; 0 where /proc does not say. The parent can't
// use wait4's ru_maxrss for this: see child_process.h.
double PeakRssMib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    double kib = 0;
    fields >> kib;
    return kib / 1024.0;
  }
  return 0;
}

Json Work(const Json& job_json, int progress_fd) {
  const JsonFields job(job_json, "bench job");
  const std::string kind = job.text("job");
  const BenchSpec spec = SpecFromJson(job.at("spec"), "bench job.spec");
  spec.Validate();
  ColdStartRun cold = RunColdStart(spec);
  Json result;
  if (kind == "cold") {
    cold.sample.peak_rss_mib = PeakRssMib();
    result["cold"] = ColdSampleToJson(cold.sample);
    result["phases"] = Json::array();
    return result;
  }
  SteadyProgress progress;
  if (progress_fd >= 0) {
    progress = [progress_fd](std::size_t p, std::size_t n, double f) { WriteProgress(progress_fd, p, n, f); };
  }
  SteadyResult steady = RunSteadyState(spec, std::move(cold), progress);
  steady.cold.peak_rss_mib = PeakRssMib();
  result["cold"] = ColdSampleToJson(steady.cold);
  result["phases"] = Json::array();
  for (const auto& phase : steady.phases) result["phases"].push_back(PhaseToJson(phase));
  return result;
}

}  // namespace

std::string ChildJobToJson(ChildJob job, const BenchSpec& spec) {
  Json j;
  j["job"] = job == ChildJob::kColdStart ? "cold" : "steady";
  j["spec"] = SpecToJson(spec);
  return j.dump();
}

int RunChildJob(const std::string& job_path, const std::string& out_path, int progress_fd) {
  Json result;
  int code = 0;
  try {
    result = Work(ParseJson(core::ReadWholeFile(job_path), "bench job '" + job_path + "'"), progress_fd);
  } catch (const Error& e) {
    result = Json{{"error", {{"category", ToString(e.category())}, {"message", e.what()}}}};
    code = 2;
  } catch (const std::exception& e) {
    result = Json{{"error", {{"category", "run"}, {"message", e.what()}}}};
    code = 2;
  }
  core::WriteWholeFile(out_path, result.dump());
  return code;
}

SteadyResult ReadChildResult(const std::string& out_path) {
  const std::string where = "benchmark child result '" + out_path + "'";
  const Json json = ParseJson(core::ReadWholeFile(out_path), where, ErrorCategory::kRun);
  const JsonFields f(json, where, ErrorCategory::kRun);
  if (f.has("error")) {
    const JsonFields e(f.object("error"), f.where("error"), ErrorCategory::kRun);
    throw Error(CategoryFromName(e.text("category")), e.text("message"));
  }
  SteadyResult result;
  result.cold = ColdSampleFromJson(f.at("cold"), f.where("cold"));
  for (const Json& phase : f.array("phases")) result.phases.push_back(PhaseFromJson(phase, f.where("phases")));
  return result;
}

}  // namespace ortkit::bench
