// Saved runs as a benchmark's shapes.
#include "cli/saved_runs_spec.h"

#include <algorithm>

#include "ortkit/model.h"
#include "workload/saved_inputs.h"

namespace ortkit::cli {

void ApplySavedRuns(const std::vector<SavedRunFiles>& saved, bench::BenchSpec* spec) {
  if (saved.empty()) return;
  const std::vector<ValueSpec> specs = Model::Load(spec->model_path, spec->config).inputs();
  std::vector<workload::DimSizes> rows;
  for (const SavedRunFiles& run : saved) {
    workload::CheckSavedRunInputs(specs, run.files, run.label);
    rows.push_back(run.varying);
  }
  spec->input_files = saved.front().files;
  spec->shapes = bench::ShapesFromRows(rows);
  spec->shape_files.clear();
  for (const workload::DimSizes& shape : spec->shapes.shapes) {
    const auto first = std::find_if(saved.begin(), saved.end(), [&](const SavedRunFiles& run) { return run.varying == shape; });
    spec->shape_files.push_back(first->files);
  }
}

}  // namespace ortkit::cli
