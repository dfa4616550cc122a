// Trying tune's session settings on a one-node model.
#include "bench/tune_probe.h"

#include <set>

#include "bench/setting.h"
#include "graph/model_builder.h"
#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::bench {
namespace {

// The settings a session load can refuse; the others (threads, arena, ...) are ortkit's own or
// long-standing ORT options.
const std::set<std::string>& ProbedKeys() {
  static const std::set<std::string> keys = {"opt", "spin_duration_us", "spin_backoff_max", "dynamic_block_base"};
  return keys;
}

std::string OneNodeModel() {
  return graph::ModelBuilder("tune_probe")
      .Input("x", ElementType::kFloat32, {1, 4})
      .Output("y", ElementType::kFloat32, {1, 4})
      .Node("Relu", {"x"}, {"y"}, {}, "relu")
      .Serialize();
}

}  // namespace

std::map<std::string, std::string> ProbeRefusedSettings(const std::vector<TuneAxis>& axes) {
  std::map<std::string, std::string> refused;
  std::set<std::string> tried;
  const std::string model = OneNodeModel();
  for (const TuneAxis& axis : axes) {
    for (const TuneChoice& choice : axis.choices) {
      for (const TuneStep& step : choice.steps) {
        const std::string label = step.key + "=" + step.value;
        if (!ProbedKeys().count(step.key) || step.value == "default" || !tried.insert(label).second) continue;
        BenchSpec spec;
        ApplySetting(spec, step.key, step.value);
        try {
          Model::FromBytes(model.data(), model.size(), spec.config, "the tune probe").run(
              {{"x", Value(Tensor::Zeros(ElementType::kFloat32, Shape{1, 4}))}});
        } catch (const Error& e) {
          refused[label] = e.what();
        }
      }
    }
  }
  return refused;
}

}  // namespace ortkit::bench
