// The fix engine: read a model, apply the fix passes, check, verify and write the result.
#include "graph/fix_engine.h"

#include <filesystem>
#include <limits>

#include <onnx/checker.h>

#include "core/atomic_file.h"
#include "graph/fix_bench.h"
#include "graph/fix_verify.h"
#include "graph/fixes/ort_optimize.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void WriteError(const std::string& out_path, const std::string& what) {
  throw Error(ErrorCategory::kIo, "while writing '" + out_path + "': " + what);
}

bool SameFile(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

// The files the input's external data lives in (they are the input too).
std::vector<fs::path> ExternalFiles(const std::string& in_path, const onnx::ModelProto& model) {
  std::vector<fs::path> files;
  const fs::path dir = fs::absolute(in_path).parent_path();
  const auto add = [&](const onnx::TensorProto& t) {
    for (const auto& kv : t.external_data()) {
      if (kv.key() == "location") files.push_back(dir / kv.value());
    }
  };
  std::vector<const onnx::GraphProto*> todo{&model.graph()};
  while (!todo.empty()) {
    const onnx::GraphProto* g = todo.back();
    todo.pop_back();
    for (const auto& t : g->initializer()) add(t);
    for (const auto& node : g->node()) {
      for (const auto& attr : node.attribute()) {
        if (attr.has_t()) add(attr.t());
        if (attr.has_g()) todo.push_back(&attr.g());
        for (const auto& sub : attr.graphs()) todo.push_back(&sub);
      }
    }
  }
  return files;
}

// Refusals that must come before any work: the input is never a target, even with --force.
void CheckOutputPath(const std::string& in_path, const std::string& out_path, const onnx::ModelProto& model,
                     bool force) {
  if (SameFile(in_path, out_path)) {
    WriteError(out_path, "it is the input model '" + in_path +
                             "'; fix never writes over its input, even with --force: choose another output path");
  }
  for (const fs::path& file : ExternalFiles(in_path, model)) {
    // A model over 2 GiB is written with its weights in "<out>.data": that must not be the input's either.
    if (SameFile(file, out_path) || SameFile(file, out_path + ".data")) {
      WriteError(out_path, "it holds the input model's external data ('" + file.string() +
                               "'); choose another output path");
    }
  }
  std::error_code ec;
  if (!force && fs::exists(out_path, ec)) WriteError(out_path, "it exists; pass --force to overwrite it");
  // Found now rather than after passes and verification have run.
  const fs::path dir = fs::absolute(out_path).parent_path();
  if (!fs::is_directory(dir, ec)) WriteError(out_path, "directory '" + dir.string() + "' does not exist");
}

// Protobuf can't serialize one message of 2 GiB or more: such results are written with their
// weights in a .data file and verified from disk.
bool FitsInOneMessage(const onnx::ModelProto& model) {
  return model.ByteSizeLong() < static_cast<std::size_t>(std::numeric_limits<int>::max());
}

void RemoveWritten(const std::string& out_path) {
  std::error_code ec;
  fs::remove(out_path, ec);
  fs::remove(out_path + ".data", ec);
}

}  // namespace

FixReport FixModel(const std::string& in_path, const std::string& out_path, const FixOptions& options) {
  options.Validate();
  onnx::ModelProto model = ReadModel(in_path);
  CheckOutputPath(in_path, out_path, model, options.force);
  const std::vector<fs::path> input_files = ExternalFiles(in_path, model);  // before the weights move inline
  if (HasExternalData(model)) model = ReadModel(in_path, ReadOptions{true});

  FixReport report;
  report.input_path = in_path;
  report.output_path = out_path;
  report.format = options.format;
  report.input_bytes = fs::file_size(in_path);
  report.checker_note = CheckerError(model);

  for (const std::string& name : options.ResolvedPasses()) {
    const auto pass = FindPass(name);
    try {
      FixChanges changes = pass->Apply(model, options);
      report.passes.push_back(PassReport{pass->info().name, pass->info().summary, std::move(changes)});
    } catch (const Error& e) {
      // The pass names the node, tensor or flag; the file it was working on is said here.
      throw Error(e.category(), "fixing '" + in_path + "': " + e.what());
    }
  }
  if (report.checker_note.empty()) {
    const std::string error = CheckerError(model);
    if (!error.empty()) {
      throw Error(ErrorCategory::kLoad, "fixing '" + in_path + "': the result fails onnx::checker although the "
                                        "original passes (a fix pass went wrong); nothing was written: " + error);
    }
  }

  FixedModelSource fixed{"", out_path, options.format};
  const bool in_memory = FitsInOneMessage(model);
  if (in_memory) {
    fixed.bytes = SerializeModel(model);
    // ort-optimize has run (the ORT format implies it), so the conversion only re-serializes.
    if (options.format == ModelFormat::kOrt) {
      fixed.bytes = OptimizeWithOrt(fixed.bytes, OptimizationLevel::kDisabled, ModelFormat::kOrt, out_path,
                                    options.custom_op_libraries);
    }
    report.output_bytes = fixed.bytes.size();
  } else {
    if (options.format == ModelFormat::kOrt) {
      WriteError(out_path, "the model is over 2 GiB; the ORT format holds at most that");
    }
    WriteOptions write{options.force};
    // The input's external data, which a replaced earlier output may share, is never tidied away.
    for (const fs::path& file : input_files) write.keep_files.push_back(file.string());
    WriteModelAtomically(model, out_path, write);
    report.written = true;
    report.output_bytes = fs::file_size(out_path);
  }

  if (options.verify) report.verification = VerifyFix(in_path, fixed, options);
  const bool acceptable = !options.verify || report.verification.passed || options.keep_unverified;
  if (in_memory && acceptable) {
    core::WriteFileAtomically(out_path, fixed.bytes, options.force ? core::Overwrite::kReplace : core::Overwrite::kRefuse);
    report.written = true;
  } else if (!in_memory && !acceptable) {
    RemoveWritten(out_path);
    report.written = false;
  }

  const Verification& v = report.verification;
  if (options.bench && v.ran && v.failure.empty() && v.reference != Reference::kOriginal) {
    report.latency_note = "not measured: the original does not load in ONNX Runtime, so there is no 'before'";
  } else if (options.bench && (!v.ran || v.failure.empty())) {
    report.latency = MeasureLatency(in_path, fixed, options);
  }
  return report;
}

std::string CheckerError(const onnx::ModelProto& model) {
  try {
    onnx::checker::check_model(model);
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

}  // namespace ortkit::graph
