// The inputs of one `ortkit run`: read from the files given, seeded random for the rest.
#include "cli/input_builder.h"

#include <algorithm>

#include "cli/output_summary.h"

namespace ortkit::cli {
namespace {

BuiltInput Describe(NamedValue value, std::string source) {
  BuiltInput built{std::move(value), ValueKind::kTensor, {}, {}, 0, std::move(source)};
  const Value& v = built.value.value;
  built.kind = v.kind();
  built.type = ValueTypeName(v);
  if (v.is_tensor()) {
    built.shape = v.tensor().shape();
    built.elements = static_cast<int64_t>(v.tensor().buffer_elements());
  } else if (v.kind() == ValueKind::kSequence) {
    built.elements = static_cast<int64_t>(v.sequence().size());
  } else if (v.kind() == ValueKind::kMap) {
    built.elements = static_cast<int64_t>(v.map_keys().buffer_elements());
  }
  return built;
}

}  // namespace

std::vector<BuiltInput> BuildInputs(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  std::vector<BuiltInput> inputs;
  for (auto& seeded : workload::BuildSeededInputs(specs, request)) {
    const bool left_out = seeded.source.rfind("file:", 0) != 0 && seeded.value.value.is_none();
    BuiltInput built = Describe(std::move(seeded.value), std::move(seeded.source));
    if (left_out) {
      // An optional input left out shows the type it would have had.
      const auto spec = std::find_if(specs.begin(), specs.end(),
                                     [&](const ValueSpec& s) { return s.name == built.value.name; });
      if (spec != specs.end()) built.type = spec->onnx_type;
    }
    inputs.push_back(std::move(built));
  }
  return inputs;
}

NamedValues ToNamedValues(const std::vector<BuiltInput>& inputs) {
  NamedValues values;
  values.reserve(inputs.size());
  for (const auto& input : inputs) values.push_back(input.value);
  return values;
}

}  // namespace ortkit::cli
