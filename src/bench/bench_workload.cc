// Guesses and probed sizes for a benchmark's inputs.
#include "bench/bench_workload.h"

#include "bench/run_bench.h"
#include "ortkit/model.h"
#include "workload/guesses.h"
#include "workload/size_probe.h"

namespace ortkit::bench {

std::vector<std::string> PrepareWorkload(BenchSpec* spec) {
  CheckProvidersUsable(spec->config);  // its one clear line, before a session fails less clearly
  const Model model = Model::Load(spec->model_path, spec->config);
  workload::InputRequest request;
  request.files = spec->input_files;
  request.values = spec->values;
  request.seed = spec->seed;
  // Saved runs' shapes are keyed by the axes that differ (INPUT:AXIS); their files give the sizes.
  if (!spec->shapes.shapes.empty() && spec->shape_files.empty()) request.dims = spec->shapes.shapes.front();
  workload::AddGuesses(spec->model_path, model.inputs(), &request);
  spec->values = request.values;
  std::vector<std::string> notes = workload::DescribeGuesses(request.values);
  if (workload::UnsizedDims(model.inputs(), request).empty()) return notes;
  const workload::ProbeResult probe = workload::FindSizesThatRun(model, request);
  if (!probe.note.empty()) notes.push_back(probe.note);
  workload::DimSizes probed;
  for (const auto& key : probe.probed) probed[key] = probe.sizes.at(key);
  if (!probed.empty()) spec->shapes = WithDefaults(spec->shapes, probed);
  return notes;
}

}  // namespace ortkit::bench
