// The fix engine: read a model, apply the fix passes, check, verify and write the result.
#pragma once

#include <string>

#include <onnx/onnx_pb.h>

#include "graph/fix_report.h"
#include "graph/fixes/fix_options.h"

namespace ortkit::graph {

/// Reads the model at `in_path` (external data loaded, so weights can be rewritten and the result
/// is self-contained), applies options.ResolvedPasses() in their fixed order, checks the result
/// with onnx::checker (unless the original already fails it: then report.checker_note says so),
/// verifies it (options.verify) and writes it atomically to `out_path` in options.format: only when
/// verification passed, was skipped, or options.keep_unverified is set. Verification runs on the
/// result in memory, so a result that fails it never appears on disk (nor replaces an existing
/// file), except for models too large for one protobuf message, which are verified from the
/// written file and removed again when they fail. With options.bench, measures both models.
///
/// The input file is never written. Throws Error(kIo) when `out_path` is the input (also through
/// a link) or one of its external data files, or exists and options.force is off; Error(kLoad)
/// for an unreadable model, or a result that fails onnx::checker when the original passes;
/// Error(kConfig) for invalid options or options that don't fit the model. A failed verification
/// is not an exception: see report.verification.
FixReport FixModel(const std::string& in_path, const std::string& out_path, const FixOptions& options);

/// onnx::checker's complaint about `model`, or "" when it passes: what FixModel compares
/// before and after the passes.
std::string CheckerError(const onnx::ModelProto& model);

}  // namespace ortkit::graph
