// The Workload of an ortkit::Model: inputs from a caller-given factory (the CLI passes the
// workload's inputs, as `ortkit run` builds them), one Model::run per iteration.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "memory/workload.h"
#include "ortkit/model.h"
#include "ortkit/value.h"
#include "workload/inputs.h"

namespace ortkit::memory {

/// Builds every input of `model` for the given free-dimension sizes (throws Error(kInput) for a
/// dimension the model doesn't have).
using InputFactory = std::function<NamedValues(const Model& model, const Dims& dims)>;

/// The factory of `base`'s inputs (files, --value rules and guesses, seed, fixed sizes such as
/// probed ones), each iteration's dims set over base.dims (workload::BuildSeededInputs).
InputFactory WorkloadInputs(workload::InputRequest base);

/// One run an application saved (`ortkit trace --save-inputs`, replayed with --inputs-from).
struct ReplayRun {
  std::string label;  ///< workload::SavedRunLabel: "--inputs-from DIR (session 1, run 3)"
  /// Its sizes of the axes that differ between the saved runs, as INPUT:AXIS (workload::VaryingAxes):
  /// a schedule row. Empty when every run has the same shapes.
  Dims dims;
  std::vector<std::pair<std::string, std::string>> files;  ///< input name, path
};

/// The saved runs in turn: each call for `dims` gives the files of the next run (cycling) whose
/// files show those sizes, so a schedule of the runs' rows replays run after run, values and all
/// (data-dependent ops size their outputs from the values). Error(kInput) naming the sizes when no
/// run shows them: saved inputs can't be padded or resized.
InputFactory ReplayInputs(std::vector<ReplayRun> runs);

class ModelWorkload : public Workload {
 public:
  /// `keep_inputs`: reuse the inputs while the dims stay the same (a fixed schedule); otherwise
  /// they are rebuilt every iteration and freed before the sample, so that their size, which
  /// follows the shape, is not mistaken for growth.
  ModelWorkload(Model model, InputFactory inputs, bool keep_inputs);

  void Prepare(const Dims& dims) override;
  void Run() override;
  void Release() override;
  std::optional<ArenaStats> Arena() const override { return model_.arena_stats(); }

  const Model& model() const noexcept { return model_; }

 private:
  Model model_;
  InputFactory factory_;
  bool keep_inputs_;
  bool have_inputs_ = false;
  Dims dims_;
  NamedValues inputs_;
  NamedValues outputs_;
};

}  // namespace ortkit::memory
