// The accuracy gate of lossy rewrites: cosine, errors and top-k agreement over several samples.
#include "compare/accuracy_gate.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <fmt/format.h>

#include "core/half_float.h"
#include "ortkit/error.h"

namespace ortkit::compare {
namespace {

bool IsFloat(ElementType type) {
  return type == ElementType::kFloat32 || type == ElementType::kFloat64 || type == ElementType::kFloat16 ||
         type == ElementType::kBFloat16;
}

// A float tensor's elements as doubles (float16 and bfloat16 widened).
std::vector<double> Widen(const Tensor& t) {
  const std::size_t n = t.buffer_elements();
  std::vector<double> out(n);
  switch (t.type()) {
    case ElementType::kFloat32: std::copy_n(t.data_as<float>(), n, out.begin()); break;
    case ElementType::kFloat64: std::copy_n(t.data_as<double>(), n, out.begin()); break;
    case ElementType::kFloat16: {
      const auto* bits = static_cast<const uint16_t*>(t.data());  // 16-bit floats have no C++ type
      std::transform(bits, bits + n, out.begin(), core::HalfToFloat);
      break;
    }
    case ElementType::kBFloat16: {
      const auto* bits = static_cast<const uint16_t*>(t.data());
      std::transform(bits, bits + n, out.begin(), core::BFloat16ToFloat);
      break;
    }
    default: break;
  }
  return out;
}

// The indices of the k largest values of row [begin, begin + width), largest first; NaN last.
std::vector<std::size_t> TopK(const std::vector<double>& v, std::size_t begin, std::size_t width, std::size_t k) {
  std::vector<std::size_t> idx(width);
  std::iota(idx.begin(), idx.end(), std::size_t{0});
  const auto greater = [&](std::size_t x, std::size_t y) {
    const double a = v[begin + x], b = v[begin + y];
    if (std::isnan(a) || std::isnan(b)) return !std::isnan(a) && std::isnan(b);
    return a > b || (a == b && x < y);  // ties: the lower index, as argmax does
  };
  std::partial_sort(idx.begin(), idx.begin() + static_cast<std::ptrdiff_t>(k), idx.end(), greater);
  idx.resize(k);
  return idx;
}

const NamedValue* Find(const NamedValues& values, const std::string& name) {
  for (const auto& v : values) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

}  // namespace

void GateOptions::Validate() const {
  if (samples < 1) {
    throw Error(ErrorCategory::kConfig, fmt::format("--samples {}: at least 1 input set is needed", samples));
  }
  if (!(min_cosine >= -1 && min_cosine <= 1)) {
    throw Error(ErrorCategory::kConfig, fmt::format("--min-cosine {}: expected a number in [-1, 1]", min_cosine));
  }
  if (!(max_top1_disagreement >= 0 && max_top1_disagreement <= 1)) {
    throw Error(ErrorCategory::kConfig,
                fmt::format("--max-top1-disagreement {}: expected a fraction in [0, 1] (0.01 is 1%)", max_top1_disagreement));
  }
}

AccuracyGate::Sums& AccuracyGate::SumsFor(const std::string& name) {
  for (Sums& s : outputs_) {
    if (s.metrics.name == name) return s;
  }
  outputs_.emplace_back();
  outputs_.back().metrics.name = name;
  return outputs_.back();
}

void AccuracyGate::Add(const NamedValues& candidate, const NamedValues& reference) {
  ++samples_;
  // compare's element-wise scan gives the errors and catches type, shape and kind differences.
  const Comparison diff = CompareOutputs(candidate, reference, Tolerance{0, 0});
  for (const OutputDiff& d : diff.outputs) {
    Sums& s = SumsFor(d.name);
    AccuracyMetrics& m = s.metrics;
    if (m.type.empty()) {
      m.type = d.type_b;
      m.shape = d.shape_b;
    }
    m.max_abs = std::max(m.max_abs, d.max_abs);
    m.max_rel = std::max(m.max_rel, d.max_rel);
    const NamedValue* a = Find(candidate, d.name);
    const NamedValue* b = Find(reference, d.name);
    const bool comparable = a && b && a->value.is_tensor() && b->value.is_tensor() && d.note.empty() &&
                            IsFloat(b->value.tensor().type());
    if (!comparable) {
      // Not a float tensor of the same type and shape: exact, as compare judged it.
      m.elements += d.elements;
      m.mismatches += d.mismatches;
      if (!d.note.empty() && (m.note.empty() || m.note == "exact")) m.note = d.note;
      if (!d.pass && d.note != "exact" && m.failure.empty()) m.failure = d.note.empty() ? "differs" : d.note;
      continue;
    }
    const std::vector<double> va = Widen(a->value.tensor());
    const std::vector<double> vb = Widen(b->value.tensor());
    m.elements += static_cast<int64_t>(vb.size());
    for (std::size_t i = 0; i < vb.size(); ++i) {
      if (!std::isfinite(va[i]) || !std::isfinite(vb[i])) {
        // A NaN or infinity where the reference has the same is not the candidate's fault.
        const bool same = (std::isnan(va[i]) && std::isnan(vb[i])) || va[i] == vb[i];
        s.non_finite |= !same;
        continue;
      }
      s.dot += va[i] * vb[i];
      s.norm_a += va[i] * va[i];
      s.norm_b += vb[i] * vb[i];
    }
    const Shape& shape = b->value.tensor().shape();
    const int64_t last = shape.empty() ? 1 : shape.back();
    if (last > 1 && !vb.empty()) {
      m.scores = true;
      const std::size_t width = static_cast<std::size_t>(last);
      const std::size_t k = std::min<std::size_t>(5, width);
      for (std::size_t row = 0; row + width <= vb.size(); row += width) {
        const auto ta = TopK(va, row, width, k);
        const auto tb = TopK(vb, row, width, k);
        ++m.rows;
        m.top1_disagreements += ta.front() != tb.front();
        std::size_t common = 0;
        for (std::size_t x : ta) common += std::count(tb.begin(), tb.end(), x);
        s.overlap_sum += static_cast<double>(common) / static_cast<double>(k);
      }
    }
  }
}

GateResult AccuracyGate::Result(uint64_t first_seed) const {
  GateResult result;
  result.options = options_;
  result.samples = samples_;
  result.first_seed = first_seed;
  result.passed = samples_ > 0;
  for (const Sums& s : outputs_) {
    AccuracyMetrics m = s.metrics;
    if (s.non_finite) {
      m.cosine = std::nan("");
    } else if (s.norm_a == 0 && s.norm_b == 0) {
      m.cosine = 1;
    } else if (s.norm_a == 0 || s.norm_b == 0) {
      m.cosine = 0;
    } else {
      m.cosine = s.dot / (std::sqrt(s.norm_a) * std::sqrt(s.norm_b));
    }
    if (m.rows > 0) m.top5_overlap = s.overlap_sum / static_cast<double>(m.rows);
    const bool is_float = m.note.empty();
    if (!m.failure.empty()) {
      // compare's note says why (missing, type or shape).
    } else if (is_float && !(m.cosine >= options_.min_cosine)) {
      m.failure = std::isnan(m.cosine) ? "NaN or infinity where the original is finite"
                                       : fmt::format("cosine {:.4f} < {}", m.cosine, options_.min_cosine);
    } else if (is_float && m.scores && m.top1_disagreement() > options_.max_top1_disagreement) {
      m.failure = fmt::format("top-1 disagreement {:.2f}% > {}%", 100 * m.top1_disagreement(),
                              100 * options_.max_top1_disagreement);
    } else if (!is_float && m.elements > 0 &&
               static_cast<double>(m.mismatches) / static_cast<double>(m.elements) > options_.max_top1_disagreement) {
      m.failure = fmt::format("{} of {} elements differ (compared exactly)", m.mismatches, m.elements);
    }
    m.pass = m.failure.empty();
    result.passed = result.passed && m.pass;
    result.outputs.push_back(std::move(m));
  }
  return result;
}

}  // namespace ortkit::compare
