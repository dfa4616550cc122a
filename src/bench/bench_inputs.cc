// The inputs of every shape a benchmark runs: files, --value rules and guesses, seeded random values.
#include "bench/bench_inputs.h"

#include "workload/inputs.h"

namespace ortkit::bench {

std::vector<ShapeInputs> BuildBenchInputs(const BenchSpec& spec, const std::vector<ValueSpec>& specs) {
  std::vector<DimSizes> shapes = spec.shapes.shapes;
  if (shapes.empty()) shapes.emplace_back();
  std::vector<ShapeInputs> out;
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const DimSizes& sizes = shapes[i];
    workload::InputRequest request;
    if (i < spec.shape_files.size()) {
      request.files = spec.shape_files[i];  // a saved run: its files show every size (INPUT:AXIS keys)
    } else {
      request.files = spec.input_files;
      request.dims = sizes;
    }
    request.values = spec.values;
    request.seed = spec.seed;
    ShapeInputs inputs;
    inputs.label = ShapeLabel(sizes);
    for (auto& seeded : workload::BuildSeededInputs(specs, request)) {
      NamedValue value = std::move(seeded.value);
      if (value.value.is_tensor()) inputs.shapes[value.name] = value.value.tensor().shape();
      inputs.values.push_back(std::move(value));
    }
    out.push_back(std::move(inputs));
  }
  return out;
}

}  // namespace ortkit::bench
