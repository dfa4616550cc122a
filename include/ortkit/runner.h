// The repeated-run path: one Runner per thread keeps an ORT IoBinding and its output buffers
// alive across runs, so a loop of runs with same-shaped inputs skips per-run setup.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ortkit/model.h"

namespace ortkit {

/// Not thread-safe: give each thread its own (Model::runner() is cheap). Holds a reference to the
/// model's session, so it stays valid after the Model it came from is destroyed.
class Runner {
 public:
  explicit Runner(const Model& model);
  ~Runner();
  Runner(Runner&&) noexcept;
  Runner& operator=(Runner&&) noexcept;
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  /// Same contract and validation as Model::run (tensor inputs only). The returned tensors own
  /// their buffers: they stay valid after the next run.
  NamedValues run(const NamedValues& inputs, const std::vector<std::string>& output_names = {});

  const Model& model() const noexcept { return model_; }

 private:
  struct State;
  Model model_;
  std::unique_ptr<State> state_;
};

}  // namespace ortkit
