// `ortkit check` runs ONNX shape inference and loads the model in ONNX Runtime in child processes
// first, so that an abort or a segfault inside either becomes a finding instead of killing the check.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ortkit::cli {

/// The hidden subcommand the child runs: `ortkit __check-load MODEL --provider P`.
inline constexpr const char* kCheckLoadCommand = "__check-load";

/// Test hook, read only by the child: ORTKIT_TEST_CHECK_LOAD_CRASH=abort|segv makes it raise
/// SIGABRT or SIGSEGV before it loads, standing in for an ONNX Runtime that crashes (no model is
/// known to crash ORT 1.30 on demand); =infer-abort|infer-segv does the same in the inference
/// child, standing in for an ONNX inference function that crashes (the ones known to are guarded:
/// graph/guarded_schemas.h).
inline constexpr const char* kCrashHookVariable = "ORTKIT_TEST_CHECK_LOAD_CRASH";

/// Runs the running executable's `__check-load` on `model_path` with `provider` and waits.
/// Returns "signal 6, SIGABRT: <the child's last stderr lines>" when the child was killed by a
/// signal (ORT crashed, or the kernel's OOM killer ended it), nullopt when it exited (the model
/// loaded or ORT refused it: the in-process rules report which). Throws Error(kRun) when the
/// child can't be started.
std::optional<std::string> ProbeOrtLoadInChild(const std::string& model_path, const std::string& provider,
                                               const std::vector<std::string>& custom_op_libraries = {});

/// The same for ONNX shape inference as `check` runs it (graph::InferForChecks), on the model
/// without its large tensor payloads (inference never reads them), so the child stays small
/// whatever the weights weigh: `ortkit __check-load MODEL --infer-only`.
std::optional<std::string> ProbeInferenceInChild(const std::string& model_path);

/// The same for the inference `inspect` runs (graph::SummarizeModel with infer_shapes): on the
/// model without its large tensor payloads, at the sizes of `dim_flags` (--dim values), so that
/// the child's memory stays small whatever the weights weigh:
/// `ortkit __check-load MODEL --infer-stripped [--dim NAME=SIZE]...`.
std::optional<std::string> ProbeStrippedInferenceInChild(const std::string& model_path,
                                                         const std::vector<std::string>& dim_flags);

}  // namespace ortkit::cli
