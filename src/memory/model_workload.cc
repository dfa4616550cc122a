// ModelWorkload: Model::run on factory-built inputs.
#include "memory/model_workload.h"

#include <utility>

namespace ortkit::memory {

InputFactory WorkloadInputs(workload::InputRequest base) {
  return [base = std::move(base)](const Model& model, const Dims& dims) {
    workload::InputRequest request = base;
    for (const auto& [name, size] : dims) request.dims[name] = size;
    NamedValues values;
    for (auto& input : workload::BuildSeededInputs(model.inputs(), request)) values.push_back(std::move(input.value));
    return values;
  };
}

ModelWorkload::ModelWorkload(Model model, InputFactory inputs, bool keep_inputs)
    : model_(std::move(model)), factory_(std::move(inputs)), keep_inputs_(keep_inputs) {}

void ModelWorkload::Prepare(const Dims& dims) {
  if (have_inputs_ && dims == dims_) return;
  inputs_.clear();  // the old inputs go before the new ones are made: no overlap in the peak
  inputs_ = factory_(model_, dims);
  dims_ = dims;
  have_inputs_ = true;
}

void ModelWorkload::Run() { outputs_ = model_.run(inputs_); }

void ModelWorkload::Release() {
  NamedValues().swap(outputs_);
  if (!keep_inputs_) {
    NamedValues().swap(inputs_);
    have_inputs_ = false;
  }
}

}  // namespace ortkit::memory
