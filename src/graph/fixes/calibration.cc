// Calibration: a copy of the model that outputs the tensors to quantize, run on every set.
#include "graph/fixes/calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "graph/model_builder.h"
#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::graph::fixes {
namespace {

// Bins of the percentile method's histogram: a 99.99th percentile lands within 1/4096 of the
// tensor's range, finer than one step of uint8 (1/255 of it).
constexpr int kBins = 4096;

struct Accumulator {
  float min = std::numeric_limits<float>::infinity();
  float max = -std::numeric_limits<float>::infinity();
  int64_t values = 0;
  std::vector<int64_t> histogram;
  std::string skipped;  ///< why this tensor has no range
};

int Bin(float x, const Accumulator& a) {
  const double span = static_cast<double>(a.max) - a.min;
  if (!(span > 0)) return 0;
  const int bin = static_cast<int>((static_cast<double>(x) - a.min) / span * kBins);
  return std::clamp(bin, 0, kBins - 1);
}

// Adds one set's values of a tensor: its extremes in the first pass, its histogram in the second.
void Observe(const Value& value, Accumulator& a, bool histogram) {
  if (!a.skipped.empty()) return;
  if (!value.is_tensor() || value.tensor().type() != ElementType::kFloat32) {
    a.skipped = value.is_tensor() ? "it is not float32" : "it is not a tensor";
    return;
  }
  const Tensor& t = value.tensor();
  const float* data = t.data_as<float>();
  for (std::size_t i = 0; i < t.buffer_elements(); ++i) {
    const float x = data[i];
    if (!std::isfinite(x)) continue;  // a NaN or infinity has no place on a uint8 scale
    if (histogram) {
      ++a.histogram[static_cast<std::size_t>(Bin(x, a))];
    } else {
      a.min = std::min(a.min, x);
      a.max = std::max(a.max, x);
      ++a.values;
    }
  }
}

// The value below which `fraction` of the histogram's values lie (the bin's upper edge, or its
// lower edge for the low tail, so the range errs wide rather than clipping).
float Quantile(const Accumulator& a, double fraction, bool low) {
  const double span = static_cast<double>(a.max) - a.min;
  const double target = fraction * static_cast<double>(a.values);
  int64_t seen = 0;
  for (int b = 0; b < kBins; ++b) {
    seen += a.histogram[static_cast<std::size_t>(b)];
    if (static_cast<double>(seen) >= target) {
      return static_cast<float>(a.min + span * (low ? b : b + 1) / kBins);
    }
  }
  return a.max;
}

NamedValues RunSet(const Model& model, const workload::CalibrationSet& set, const std::vector<std::string>& fetch,
                   const std::string& label) {
  try {
    return model.run(set.inputs, fetch);
  } catch (const Error& e) {
    throw Error(e.category(), fmt::format("calibrating '{}' on set '{}': {}", label, set.name, e.what()));
  }
}

}  // namespace

std::vector<workload::CalibrationSet> ReadCalibrationSetsFor(const onnx::ModelProto& model, const FixOptions& options,
                                                             const std::string& label) {
  SessionConfig config;
  config.custom_op_libraries = options.custom_op_libraries;
  const std::string bytes = SerializeModel(model);
  const Model loaded = Model::FromBytes(bytes.data(), bytes.size(), config, label);
  return workload::ReadCalibrationSets(options.calibration_dir, loaded.inputs());
}

Calibration Calibrate(const onnx::ModelProto& model, const std::vector<std::string>& tensors,
                      const std::vector<workload::CalibrationSet>& sets, const FixOptions& options,
                      const std::string& label) {
  std::set<std::string> graph_inputs, graph_outputs;
  for (const auto& v : model.graph().input()) graph_inputs.insert(v.name());
  for (const auto& v : model.graph().output()) graph_outputs.insert(v.name());
  onnx::ModelProto copy = model;
  std::vector<std::string> fetch;
  for (const std::string& t : tensors) {
    if (graph_inputs.count(t)) continue;
    // A name-only output: ORT takes its type from the node that writes it.
    if (!graph_outputs.count(t)) copy.mutable_graph()->add_output()->set_name(t);
    fetch.push_back(t);
  }
  SessionConfig config;
  config.custom_op_libraries = options.custom_op_libraries;
  const std::string bytes = SerializeModel(copy);
  const Model calibrating = Model::FromBytes(bytes.data(), bytes.size(), config, label + " (calibration copy)");

  std::map<std::string, Accumulator> acc;
  for (const std::string& t : tensors) acc[t];
  const bool percentile = options.calibration_method == CalibrationMethod::kPercentile;
  for (int pass = 0; pass < (percentile ? 2 : 1); ++pass) {
    const bool histogram = pass == 1;
    if (histogram) {
      for (auto& [name, a] : acc) a.histogram.assign(kBins, 0);
    }
    for (const workload::CalibrationSet& set : sets) {
      const NamedValues outputs = RunSet(calibrating, set, fetch, label);
      for (const NamedValue& o : outputs) Observe(o.value, acc.at(o.name), histogram);
      for (const NamedValue& i : set.inputs) {
        if (auto it = acc.find(i.name); it != acc.end()) Observe(i.value, it->second, histogram);
      }
    }
  }

  Calibration result;
  result.sets = static_cast<int>(sets.size());
  for (auto& [name, a] : acc) {
    if (!a.skipped.empty() || a.values == 0) {
      result.skipped[name] = a.skipped.empty() ? "it held no finite value in any calibration set" : a.skipped;
      continue;
    }
    TensorRange r;
    r.min = a.min;
    r.max = a.max;
    r.values = a.values;
    r.low = a.min;
    r.high = a.max;
    if (percentile) {
      const double p = options.calibration_percentile / 100.0;
      r.low = Quantile(a, 1.0 - p, true);
      r.high = Quantile(a, p, false);
    }
    result.ranges[name] = r;
  }
  return result;
}

}  // namespace ortkit::graph::fixes
