// ortkit::Runner: the repeated-run path over an ORT IoBinding kept across runs.
#include "ortkit/runner.h"

#include "core/input_validation.h"
#include "core/model_impl.h"
#include "core/ort_error.h"
#include "core/ort_session_options.h"
#include "core/ort_values.h"
#include "ortkit/error.h"

namespace ortkit {

struct Runner::State {
  explicit State(Ort::Session& session)
      : binding(session), cpu(Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU)) {}

  Ort::IoBinding binding;
  Ort::MemoryInfo cpu;
  std::vector<std::string> bound_inputs;   // names bound by the last run
  std::vector<std::string> bound_outputs;  // names bound by the last run
  Ort::RunOptions run_options{nullptr};
};

Runner::Runner(const Model& model) : model_(model) {
  const Model::Impl& impl = *model_.impl_;
  state_ = core::WithOrtContext(ErrorCategory::kRun, "while preparing a runner for '" + impl.name + "'", [&] {
    // IoBinding needs a non-const session handle; binding does not change the session.
    auto state = std::make_unique<State>(const_cast<Ort::Session&>(impl.session));
    state->run_options = core::BuildRunOptions(impl.config);
    return state;
  });
}

Runner::~Runner() = default;
Runner::Runner(Runner&&) noexcept = default;
Runner& Runner::operator=(Runner&&) noexcept = default;

NamedValues Runner::run(const NamedValues& inputs, const std::vector<std::string>& output_names) {
  const Model::Impl& impl = *model_.impl_;
  core::ValidateInputs(impl.name, impl.inputs, inputs);
  for (const auto& input : inputs) {
    if (!input.value.is_tensor()) {
      throw Error(ErrorCategory::kInput, "input '" + input.name + "': Runner takes tensors only (got " +
                                             input.value.Describe() + "); use Model::run for sequences and maps");
    }
  }
  const std::vector<const char*> out_names = core::ResolveOutputNames(impl, output_names);
  State& s = *state_;
  auto context = [&impl] { return "while running '" + impl.name + "'"; };

  // The Ort::Values borrow the callers' buffers; they must live until the run completes.
  std::vector<Ort::Value> feeds;
  feeds.reserve(inputs.size());
  core::WithLazyOrtContext(ErrorCategory::kRun, context, [&] {
    bool same_inputs = s.bound_inputs.size() == inputs.size();
    for (std::size_t i = 0; same_inputs && i < inputs.size(); ++i) same_inputs = s.bound_inputs[i] == inputs[i].name;
    if (!same_inputs) {
      s.binding.ClearBoundInputs();
      s.bound_inputs.clear();
      for (const auto& input : inputs) s.bound_inputs.push_back(input.name);
    }
    for (const auto& input : inputs) {
      feeds.push_back(core::ToOrtValue(input.value));
      s.binding.BindInput(input.name.c_str(), feeds.back());
    }
    bool same_outputs = s.bound_outputs.size() == out_names.size();
    for (std::size_t i = 0; same_outputs && i < out_names.size(); ++i) same_outputs = s.bound_outputs[i] == out_names[i];
    if (!same_outputs) {
      s.binding.ClearBoundOutputs();
      s.bound_outputs.assign(out_names.begin(), out_names.end());
    }
    // Binding to a device (not a buffer) lets ORT allocate each output at its run-time shape;
    // re-binding each run hands ownership of the previous outputs to the caller.
    for (const char* name : out_names) s.binding.BindOutput(name, s.cpu);
  });

  std::vector<Ort::Value> results = core::WithLazyOrtContext(ErrorCategory::kRun, context, [&] {
    const_cast<Ort::Session&>(impl.session).Run(s.run_options, s.binding);
    return s.binding.GetOutputValues();
  });

  NamedValues outputs;
  outputs.reserve(results.size());
  core::WithLazyOrtContext(ErrorCategory::kRun, context, [&] {
    for (std::size_t i = 0; i < results.size(); ++i) {
      outputs.push_back(NamedValue{s.bound_outputs[i], core::FromOrtValue(std::move(results[i]))});
    }
  });
  return outputs;
}

}  // namespace ortkit
