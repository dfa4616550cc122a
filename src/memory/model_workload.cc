// ModelWorkload: Model::run on factory-built inputs.
#include "memory/model_workload.h"

#include <map>
#include <memory>
#include <utility>

#include "memory/schedule.h"
#include "ortkit/error.h"
#include "workload/saved_inputs.h"

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

InputFactory ReplayInputs(std::vector<ReplayRun> runs) {
  // The factory is copied into every session's workload; the cursors are shared so that the
  // replay goes on from run to run across them.
  auto cursors = std::make_shared<std::map<Dims, std::size_t>>();
  return [runs = std::move(runs), cursors](const Model& model, const Dims& dims) {
    std::vector<const ReplayRun*> matching;
    for (const ReplayRun& run : runs) {
      if (run.dims == dims) matching.push_back(&run);
    }
    if (matching.empty()) {
      throw Error(ErrorCategory::kInput, "no saved run has the sizes " + DescribeDims(dims) +
                                             ": saved inputs are replayed as saved, never padded or resized");
    }
    std::size_t& cursor = (*cursors)[dims];
    const ReplayRun& run = *matching[cursor++ % matching.size()];
    workload::CheckSavedRunInputs(model.inputs(), run.files, run.label);
    workload::InputRequest request;
    request.files = run.files;
    NamedValues values;
    for (auto& input : workload::ReadFileInputs(model.inputs(), request)) values.push_back(std::move(input.value));
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
