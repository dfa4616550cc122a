// `ortkit doctor` as a library call: runs every step as a child process of the ortkit executable
// within a time budget and returns the doctor document (docs/doctor.schema.json) as JSON.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ortkit::doctor {

/// The format version of the doctor document ("schema_version").
inline constexpr int kSchemaVersion = 1;

struct DoctorRequest {
  std::string model_path;
  std::string provider = "cpu";      ///< the provider bench, memcheck, profile and check's load use
  std::vector<std::string> targets;  ///< check --target, each a deployment provider (nnapi, coreml, ...)
  std::vector<std::string> dims;     ///< --dim flags (workload/dim_flag.h): "batch=1,4", "seq=8..64"
  std::vector<std::string> values;   ///< --value flags (workload/value_rule.h): "speech_lengths=@T"
  /// --custom-op-library paths (absolute), handed to every step that creates a session.
  std::vector<std::string> custom_op_libraries;
  double budget_s = 120;
  /// The ortkit executable the steps run (CurrentExecutable() in the CLI; tests point elsewhere).
  std::string executable;
  /// Where `fix` writes its model; empty: a temporary directory, removed afterwards.
  std::string keep_dir;
  /// When set, `ortkit graph` writes the model's graph view here after the steps, with the
  /// profile step's kernel times, check's findings and (off the CPU) the provider's placement
  /// as overlays: the page doctor's HTML report embeds. Empty: no graph view.
  std::string graph_page_path;
};

/// Called before each step (index from 0, of `count`) and after it (`done` true, with its status
/// and seconds), so that the CLI can show progress on a terminal. compress, which runs after the
/// steps when the model has weights to compress, comes with index == count.
struct StepEvent {
  std::size_t index = 0;
  std::size_t count = 0;
  std::string name;
  bool done = false;
  std::string status;  ///< when done
  double seconds = 0;  ///< when done: the step's time; before: its deadline
};
using DoctorProgress = std::function<void(const StepEvent&)>;

/// Validates the request (Error(kIo) when the model is missing or not a file, Error(kConfig) for
/// a bad budget, --dim or --value), runs the steps in order and assembles the document:
/// environment, request, the workload (`ortkit run` once before the steps that run the model: the
/// sizes that run, probed when none were given and 1 fails, each probed size then measured at
/// x1, x4 and x16; what was guessed about the inputs), steps (each subcommand's own --json as
/// "result"), verdicts and actions. A step that
/// crashes, fails or overruns its deadline is recorded as such; the others still run.
nlohmann::json RunDoctor(const DoctorRequest& request, const DoctorProgress& progress = {});

/// The exit status the document calls for: 0 when every verdict is good (or not measured) and
/// every step ran, 1 otherwise (warnings, problems, failed or timed-out steps).
int DoctorExitCode(const nlohmann::json& document);

}  // namespace ortkit::doctor
