// `ortkit __check-load MODEL --provider P` (hidden): the child process in which `ortkit check`
// first lets ONNX Runtime load the model (cli/ort_crash_probe.h). Its exit status does not say
// whether the model loaded (the parent's rules find that out); only a signal that ends it counts.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/ort_crash_probe.h"
#include "graph/check_engine.h"
#include "graph/mapped_file.h"
#include "graph/model_file.h"
#include "graph/model_summary.h"
#include "graph/payload_strip.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/session_config.h"
#include "workload/dim_flag.h"

namespace ortkit::cli {
namespace {

struct Options {
  std::string model;
  std::string provider = "cpu";
  std::vector<std::string> custom_op_libraries;
  bool infer_only = false;  // ONNX shape inference as check runs it, no ORT
  bool infer_stripped = false;  // ONNX shape inference as inspect runs it: without large payloads
  std::vector<std::string> dims;  // --dim, for --infer-stripped
};

// The test hook of ort_crash_probe.h: a crash where ORT's (`stage` "") or ONNX inference's
// (`stage` "infer-") would be, before anything is loaded.
void CrashIfAsked(const std::string& stage) {
  const char* hook = std::getenv(kCrashHookVariable);
  if (hook == nullptr) return;
  const std::string what = hook;
  if (what != stage + "abort" && what != stage + "segv") return;
  // Last words on stderr, as a crashing ORT leaves ("terminate called after ..."), for the parent to quote.
  std::fprintf(stderr, "%s=%s: crashing on purpose\n", kCrashHookVariable, what.c_str());
  std::fflush(stderr);
  if (what == stage + "abort") std::abort();
  std::raise(SIGSEGV);
}

Action Setup(CLI::App& app) {
  auto o = std::make_shared<Options>();
  app.group("");  // hidden from `ortkit --help`
  app.add_option("MODEL", o->model, "The model")->required();
  app.add_option("--provider", o->provider, "Execution provider");
  app.add_option("--custom-op-library", o->custom_op_libraries, "Custom-op libraries");
  app.add_flag("--infer-only", o->infer_only, "Run ONNX shape inference only");
  app.add_flag("--infer-stripped", o->infer_stripped, "Run ONNX shape inference as inspect does");
  app.add_option("--dim", o->dims, "Free dimension sizes, for --infer-stripped");
  return [o](const Context&) {
    if (o->infer_stripped) {
      CrashIfAsked("infer-");
      try {
        graph::SummaryOptions options;
        options.infer_shapes = true;
        options.dim_sizes = workload::SingleSizes(workload::ParseDimFlags(o->dims), "inspect");
        graph::SummarizeModel(o->model, options);
      } catch (const Error&) {
        // Not a crash: the parent reports the error.
      }
      return kExitOk;
    }
    if (o->infer_only) {
      CrashIfAsked("infer-");
      try {
        // Without its large payloads: inference reads structure, types and small constants
        // (Reshape's shape), never weights, so the child's memory follows the graph, not the file
        // (a 1 GiB model: 2 GiB parsed whole). The kept size is what the parents strip at.
        const graph::MappedFile file(o->model);
        graph::InferForChecks(graph::ParseModel(graph::StripTensorPayloads(file.bytes(), o->model, 1024), o->model));
      } catch (const Error&) {
        // An unreadable model is not a crash: the parent's ReadModel reports it.
      }
      return kExitOk;
    }
    CrashIfAsked("");
    SessionConfig config;  // as the ort-load rule loads it (graph/checks/ort_load.cc)
    config.providers = {ProviderConfig{o->provider, {}}};
    config.intra_op_threads = 1;
    config.custom_op_libraries = o->custom_op_libraries;
    try {
      Model::Load(o->model, config);
    } catch (const Error&) {
      // A refusal is not a crash: the parent's ort-load rule reports it with the translation.
    }
    return kExitOk;
  };
}

// Needs::kGraph although it creates a session: kSession would point descriptor 2 at /dev/null
// (StderrGuard), and the last words of a crashing ORT on stderr are what the parent quotes.
const CommandRegistration kRegistration{
    Command{kCheckLoadCommand, "internal: the process in which `ortkit check` loads the model", Needs::kGraph, Setup}};

}  // namespace
}  // namespace ortkit::cli
