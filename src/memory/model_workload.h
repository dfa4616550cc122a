// The Workload of an ortkit::Model: inputs from a caller-given factory (the CLI passes the
// workload's inputs, as `ortkit run` builds them), one Model::run per iteration.
#pragma once

#include <functional>

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
