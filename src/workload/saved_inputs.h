// A directory of saved inputs (`ortkit trace --save-inputs DIR`): its manifest read strictly into
// structs, a session's runs chosen, and the files of one run as --input files.
//
//   DIR/manifest.jsonl, one line per run:
//     {"pid":..,"session":id,"model":"..","run":k,"inputs":[{"name":..,"file":..,"dtype":..,"shape":[..]}]}
//   DIR/session<id>/run<k>/<i>_<name>.npy   ("file" is relative to DIR; .pb for the types NumPy
//                                           lacks: bfloat16, float8s, 4-bit types, strings)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ortkit/value_spec.h"
#include "workload/dim_flag.h"

namespace ortkit::workload {

/// One input of one saved run, as the manifest gives it.
struct SavedInput {
  std::string name;            ///< the input's name in the application's Run call
  std::string file;            ///< relative to the directory
  std::string dtype;           ///< NumPy's descr ("<f4") for .npy; the ONNX type name ("bfloat16") for .pb
  std::vector<int64_t> shape;
};

/// One manifest line: the inputs of run `run` of session `session`.
struct SavedRun {
  int64_t pid = 0;
  int64_t session = 0;
  std::string model;
  int64_t run = 0;
  std::vector<SavedInput> inputs;
  int line = 0;  ///< 1-based line in manifest.jsonl
};

struct SavedInputsDir {
  std::string dir;
  std::vector<SavedRun> runs;  ///< in manifest order
};

/// Reads DIR/manifest.jsonl. Throws Error(kIo) "--inputs-from DIR: ..." for a missing directory or
/// manifest, Error(kConfig) "DIR/manifest.jsonl:LINE: FIELD: expected ..., found ..." for a line that
/// is not a JSON object with these fields of these types, and for a manifest with no runs.
SavedInputsDir ReadSavedInputs(const std::string& dir);

/// The runs of one session, by run number. `session` unset: the only session; with several,
/// Error(kConfig) listing each session, its model and run count. A session that is not there:
/// Error(kConfig) listing those that are.
std::vector<SavedRun> SessionRuns(const SavedInputsDir& saved, std::optional<int64_t> session);

/// For each of `runs`, the sizes of the input axes that differ between them, keyed "INPUT:AXIS"
/// (the --dim grammar for an axis): what tells a saved run's shape from the others without a
/// session to read the model's symbols from. An axis an input lacks in some run (another rank)
/// varies. Empty maps when every run has the same shapes.
std::vector<DimSizes> VaryingAxes(const std::vector<SavedRun>& runs);

/// "--inputs-from DIR (session N, run K)": names a run in errors and sources.
std::string SavedRunLabel(const SavedInputsDir& saved, const SavedRun& run);

/// The files of `run` as (input name, path), in manifest order; Error(kIo) naming the label and the
/// input for a file that is not there.
std::vector<std::pair<std::string, std::string>> SavedRunFiles(const SavedInputsDir& saved, const SavedRun& run);

/// Checks that `files` (a saved run's, named by `label`) give exactly the inputs of a model with
/// `specs`: Error(kConfig) naming the label and the input for a saved input the model does not have
/// (listing its inputs), or a model input the run does not give (optional inputs may be absent).
void CheckSavedRunInputs(const std::vector<ValueSpec>& specs,
                         const std::vector<std::pair<std::string, std::string>>& files, const std::string& label);

}  // namespace ortkit::workload
