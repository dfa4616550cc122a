// --save-inputs: the inputs of the first N Run calls of each session, written as .npy files with
// a manifest, so that a workload can be replayed from the real application.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include <onnxruntime_c_api.h>

namespace ortkit_trace {

/// Counts for the report.
struct SavedInputs {
  std::string dir;     ///< $ORTKIT_TRACE_SAVE_INPUTS, "" when off
  int64_t runs = 0;    ///< Run calls whose inputs were written
  int64_t files = 0;   ///< .npy and .pb files written
  int64_t skipped = 0; ///< inputs not written: not a CPU tensor, or a type neither format holds
};

/// Writes the inputs of run `run` (1-based) of session `session_id` when saving is on and `run`
/// is within $ORTKIT_TRACE_SAVE_MAX_RUNS (default 10). Layout:
///   DIR/session<id>/run<k>/<i>_<name>.npy (.pb, an ONNX TensorProto, for a type NumPy lacks), and
///   one JSON line per run in DIR/manifest.jsonl, "dtype" being NumPy's descr or the ONNX type name:
///   {"pid":..,"session":id,"model":"..","run":k,"inputs":[{"name":..,"file":..,"dtype":..,"shape":[..]}]}
void SaveRunInputs(int session_id, const std::string& model, uint64_t run, const char* const* names,
                   const OrtValue* const* values, size_t count);

/// Whether run `run` of a session is one to save (cheap; checked before taking any copy).
bool ShouldSaveRun(uint64_t run);

SavedInputs TheSavedInputs();

}  // namespace ortkit_trace
