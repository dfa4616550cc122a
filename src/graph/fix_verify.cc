// Verification of a fix: the original (or, when ORT refuses it, a cast-repaired copy of it) and the
// fixed model on the same seeded inputs.
#include "graph/fix_verify.h"

#include <cmath>
#include <optional>

#include "core/half_float.h"
#include "graph/cast_repair.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "workload/calibration_sets.h"

namespace ortkit::graph {
namespace {

// Runs `step`; on an ortkit::Error records "<what>: <message>" as the failure and returns false.
template <typename Step>
bool Try(Verification& v, const std::string& what, Step step) {
  try {
    step();
    return true;
  } catch (const Error& e) {
    v.failure = what + ": " + e.what();
    return false;
  }
}

template <typename T, typename Widen>
bool AllFinite(const Tensor& t, Widen widen) {
  const T* data = t.data_as<T>();
  for (std::size_t i = 0; i < t.buffer_elements(); ++i) {
    if (!std::isfinite(widen(data[i]))) return false;
  }
  return true;
}

// Whether every floating-point element of `value` (a tensor, or a sequence of them) is finite.
bool IsFinite(const Value& value) {
  if (!value.is_tensor()) {
    if (value.is_none()) return true;
    for (const Value& element : value.sequence()) {
      if (!IsFinite(element)) return false;
    }
    return true;
  }
  const Tensor& t = value.tensor();
  switch (t.type()) {
    case ElementType::kFloat32: return AllFinite<float>(t, [](float x) { return x; });
    case ElementType::kFloat64: return AllFinite<double>(t, [](double x) { return x; });
    case ElementType::kFloat16: return AllFinite<uint16_t>(t, core::HalfToFloat);
    case ElementType::kBFloat16: return AllFinite<uint16_t>(t, core::BFloat16ToFloat);
    default: return true;  // integers, bools and strings have no NaN
  }
}

std::vector<std::string> NonFinite(const NamedValues& outputs) {
  std::vector<std::string> names;
  for (const NamedValue& o : outputs) {
    if (!IsFinite(o.value)) names.push_back(o.name);
  }
  return names;
}

// The reference for a fix of a model ORT refuses: the original with its type conflicts cast away,
// loaded. nullopt (with v.reference_error saying why) when that copy does not load either.
std::optional<Model> LoadCastRepaired(const std::string& original_path, const SessionConfig& config,
                                      Verification& v) {
  try {
    const CastRepair repair = RepairTypeConflictsWithCasts(ReadModel(original_path, ReadOptions{true}));
    v.reference_repairs = repair.repaired;
    if (repair.repaired.empty()) {
      v.reference_error = "it has no type conflict that Casts could resolve";
      return std::nullopt;
    }
    const std::string bytes = SerializeModel(repair.model);
    return Model::FromBytes(bytes.data(), bytes.size(), config, original_path + " (cast-repaired copy)");
  } catch (const Error& e) {
    v.reference_error = std::string("its cast-repaired copy does not load either: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace

bool HasLossyPass(const FixOptions& options) {
  for (const std::string& name : options.ResolvedPasses()) {
    if (FindPass(name)->info().lossy) return true;
  }
  return false;
}

Verification VerifyFix(const std::string& original_path, const FixedModelSource& fixed, const FixOptions& options) {
  Verification v;
  v.ran = true;
  v.tolerance = options.tolerance;
  v.seed = options.seed;
  SessionConfig config;
  config.custom_op_libraries = options.custom_op_libraries;
  std::optional<Model> fixed_model, reference;
  if (!Try(v, "the fixed model does not load in ONNX Runtime", [&] { fixed_model = LoadFixedModel(fixed, config); })) {
    return v;
  }
  try {
    reference = Model::Load(original_path, config);
  } catch (const Error& e) {
    // The fix may be what makes the model load at all: judge it by what can still be checked.
    v.original_error = e.what();
    reference = LoadCastRepaired(original_path, config, v);
    v.reference = reference ? Reference::kCastRepaired : Reference::kNone;
  }

  PairedInputs inputs;
  NamedValues fixed_out, reference_out;
  // Without a reference, the inputs follow the fixed model alone.
  const Model& like = reference ? *reference : *fixed_model;
  const bool ran =
      Try(v, "cannot make seeded inputs", [&] { inputs = MakePairedInputs(*fixed_model, like, options.seed, original_path, options.verify_dims); }) &&
      (!reference || Try(v, v.reference == Reference::kOriginal ? "the original model fails on the seeded inputs"
                                                                 : "the cast-repaired original fails on the seeded inputs",
                         [&] { reference_out = reference->run(inputs.original); })) &&
      Try(v, "the fixed model fails on the seeded inputs",
          [&] { fixed_out = WidenLikeOriginal(fixed_model->run(inputs.fixed), like); });
  v.inputs = inputs.described;
  if (!ran) return v;
  const bool judge_finite = v.reference != Reference::kOriginal;
  if (judge_finite) v.non_finite_outputs = NonFinite(fixed_out);
  if (!reference) {
    v.passed = v.non_finite_outputs.empty();
    return v;
  }
  if (HasLossyPass(options) && !options.calibration_dir.empty()) {
    // Real inputs judge a lossy rewrite better than random ones: the calibration sets, when given.
    compare::AccuracyGate gate(options.gate);
    std::vector<workload::CalibrationSet> sets;
    if (!Try(v, "cannot read the calibration sets",
             [&] { sets = workload::ReadCalibrationSets(options.calibration_dir, reference->inputs()); })) {
      return v;
    }
    if (sets.size() > static_cast<std::size_t>(options.gate.samples)) sets.resize(static_cast<std::size_t>(options.gate.samples));
    for (const workload::CalibrationSet& set : sets) {
      NamedValues set_fixed, set_reference;
      if (!Try(v, "the original model fails on calibration set '" + set.name + "'",
               [&] { set_reference = reference->run(set.inputs); }) ||
          !Try(v, "the fixed model fails on calibration set '" + set.name + "'",
               [&] { set_fixed = WidenLikeOriginal(fixed_model->run(set.inputs), like); })) {
        return v;
      }
      gate.Add(set_fixed, set_reference);
    }
    v.gate = gate.Result();
    v.gate->inputs = "calibration sets of " + options.calibration_dir;
    v.passed = v.gate->passed && v.non_finite_outputs.empty();
    return v;
  }
  if (HasLossyPass(options)) {
    // A lossy rewrite never matches within rtol: judge it by the accuracy gate over more samples.
    compare::AccuracyGate gate(options.gate);
    gate.Add(fixed_out, reference_out);
    for (int s = 1; s < options.gate.samples; ++s) {
      const uint64_t seed = options.seed + static_cast<uint64_t>(s);
      const std::string sample = " (sample " + std::to_string(s + 1) + ", seed " + std::to_string(seed) + ")";
      PairedInputs more;
      NamedValues more_fixed, more_reference;
      if (!Try(v, "cannot make seeded inputs" + sample,
               [&] { more = MakePairedInputs(*fixed_model, like, seed, original_path, options.verify_dims); }) ||
          !Try(v, "the original model fails on the seeded inputs" + sample,
               [&] { more_reference = reference->run(more.original); }) ||
          !Try(v, "the fixed model fails on the seeded inputs" + sample,
               [&] { more_fixed = WidenLikeOriginal(fixed_model->run(more.fixed), like); })) {
        return v;
      }
      gate.Add(more_fixed, more_reference);
    }
    v.gate = gate.Result(options.seed);
    v.passed = v.gate->passed && v.non_finite_outputs.empty();
    return v;
  }
  v.comparison = compare::CompareOutputs(fixed_out, reference_out, options.tolerance);
  v.passed = v.comparison.pass && v.non_finite_outputs.empty();
  return v;
}

}  // namespace ortkit::graph
