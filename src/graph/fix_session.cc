// Sessions for checking a fix: loading the fixed model, and paired inputs and outputs.
#include "graph/fix_session.h"

#include <vector>

#include "core/half_float.h"
#include "workload/guesses.h"
#include "workload/inputs.h"
#include "workload/size_probe.h"
#include "ortkit/tensor.h"

namespace ortkit::graph {
namespace {

const ValueSpec* Find(const std::vector<ValueSpec>& specs, const std::string& name) {
  for (const auto& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

// A float16 tensor as float32 when `spec` (the original's) declares float32 (float16 with
// --no-keep-io-types); exact, as float32 holds every float16.
Value WidenHalfIfDeclaredFloat(const Value& value, const ValueSpec* spec) {
  if (!spec || spec->element_type != ElementType::kFloat32 || !value.is_tensor() ||
      value.tensor().type() != ElementType::kFloat16) {
    return value;
  }
  const Tensor& t = value.tensor();
  const auto* data = static_cast<const uint16_t*>(t.data());  // float16 has no C++ type: its bits
  std::vector<float> wide(t.buffer_elements());
  for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = core::HalfToFloat(data[i]);
  return Tensor::FromVector(std::move(wide), t.shape());
}

// A float32 tensor as float64 when `spec` (the original's) declares float64; else unchanged.
Value WidenIfDeclaredDouble(const Value& value, const ValueSpec* spec) {
  if (!spec || spec->element_type != ElementType::kFloat64 || !value.is_tensor() ||
      value.tensor().type() != ElementType::kFloat32) {
    return WidenHalfIfDeclaredFloat(value, spec);
  }
  const Tensor& t = value.tensor();
  const float* data = t.data_as<float>();
  std::vector<double> wide(data, data + t.buffer_elements());
  return Tensor::FromVector(std::move(wide), t.shape());
}

std::string Describe(const NamedValue& v) {
  return v.name + ": " + v.value.Describe();
}

}  // namespace

Model LoadFixedModel(const FixedModelSource& source, SessionConfig config) {
  // ORT tells the formats apart by a file's extension; bytes and other names need saying.
  if (source.format == ModelFormat::kOrt) config.config_entries["session.load_model_format"] = "ORT";
  if (source.bytes.empty()) return Model::Load(source.path, config);
  return Model::FromBytes(source.bytes.data(), source.bytes.size(), config, source.path);
}

PairedInputs MakePairedInputs(const Model& fixed, const Model& original, uint64_t seed,
                              const std::string& original_path, const workload::DimSizes& dims) {
  PairedInputs paired;
  workload::InputRequest request;
  request.seed = seed;
  request.dims = dims;
  if (!original_path.empty()) {
    request.values = workload::GuessValueRulesForFile(original_path, fixed.inputs());
    request.dims = workload::FindSizesThatRun(fixed, request).sizes;
  }
  for (auto& input : workload::BuildSeededInputs(fixed.inputs(), request)) paired.fixed.push_back(std::move(input.value));
  for (const NamedValue& v : paired.fixed) {
    paired.original.push_back(NamedValue{v.name, WidenIfDeclaredDouble(v.value, Find(original.inputs(), v.name))});
    paired.described.push_back(Describe(v));
  }
  return paired;
}

NamedValues WidenLikeOriginal(const NamedValues& fixed_outputs, const Model& original) {
  NamedValues out;
  out.reserve(fixed_outputs.size());
  for (const NamedValue& v : fixed_outputs) {
    out.push_back(NamedValue{v.name, WidenIfDeclaredDouble(v.value, Find(original.outputs(), v.name))});
  }
  return out;
}

}  // namespace ortkit::graph
