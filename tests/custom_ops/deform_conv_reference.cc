// The reference DCNv2 of deform_conv_reference.h, written from the definition.
#include "custom_ops/deform_conv_reference.h"

#include <cmath>

namespace ortkit::testing {
namespace {

// Bilinear interpolation as a sum over the four integer neighbours with weights
// (1 - |y - yy|) * (1 - |x - xx|), neighbours outside the image counting zero, and the whole
// sample zero when (y, x) lies on or beyond the one-pixel band around the image (mmcv's rule).
double Sample(const float* plane, int64_t h, int64_t w, float y, float x) {
  if (y <= -1.0f || y >= static_cast<float>(h) || x <= -1.0f || x >= static_cast<float>(w)) return 0.0;
  const auto y0 = static_cast<int64_t>(std::floor(y));
  const auto x0 = static_cast<int64_t>(std::floor(x));
  double sum = 0.0;
  for (int64_t yy = y0; yy <= y0 + 1; ++yy) {
    for (int64_t xx = x0; xx <= x0 + 1; ++xx) {
      if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
      const double wy = 1.0 - std::fabs(static_cast<double>(y) - static_cast<double>(yy));
      const double wx = 1.0 - std::fabs(static_cast<double>(x) - static_cast<double>(xx));
      sum += wy * wx * plane[yy * w + xx];
    }
  }
  return sum;
}

}  // namespace

std::vector<float> ReferenceDeformConv(const DeformConvProblem& p, const std::vector<float>& x,
                                       const std::vector<float>& offset, const std::vector<float>& mask,
                                       const std::vector<float>& weight, const std::vector<float>& bias) {
  const int64_t ho = p.OutH(), wo = p.OutW(), taps = p.kh * p.kw;
  const int64_t cin_per_group = p.c / p.groups, cout_per_group = p.cout / p.groups;
  const int64_t c_per_deform_group = p.c / p.deform_groups;
  std::vector<float> y(static_cast<size_t>(p.n * p.cout * ho * wo));
  for (int64_t n = 0; n < p.n; ++n) {
    for (int64_t co = 0; co < p.cout; ++co) {
      const int64_t group = co / cout_per_group;
      for (int64_t oh = 0; oh < ho; ++oh) {
        for (int64_t ow = 0; ow < wo; ++ow) {
          double sum = bias.empty() ? 0.0 : bias[static_cast<size_t>(co)];
          for (int64_t ci = 0; ci < cin_per_group; ++ci) {
            const int64_t channel = group * cin_per_group + ci;
            const int64_t dg = channel / c_per_deform_group;
            const float* plane = &x[static_cast<size_t>((n * p.c + channel) * p.h * p.w)];
            for (int64_t i = 0; i < p.kh; ++i) {
              for (int64_t j = 0; j < p.kw; ++j) {
                const int64_t k = i * p.kw + j;
                auto at = [&](const std::vector<float>& t, int64_t channels, int64_t ch) {
                  return t[static_cast<size_t>(((n * channels + ch) * ho + oh) * wo + ow)];
                };
                const float dy = at(offset, 2 * p.deform_groups * taps, 2 * (dg * taps + k));
                const float dx = at(offset, 2 * p.deform_groups * taps, 2 * (dg * taps + k) + 1);
                const float m = at(mask, p.deform_groups * taps, dg * taps + k);
                const float sy = static_cast<float>(oh * p.stride[0] - p.pad[0] + i * p.dilation[0]) + dy;
                const float sx = static_cast<float>(ow * p.stride[1] - p.pad[1] + j * p.dilation[1]) + dx;
                const float wgt = weight[static_cast<size_t>(((co * cin_per_group + ci) * p.kh + i) * p.kw + j)];
                sum += static_cast<double>(wgt) * m * Sample(plane, p.h, p.w, sy, sx);
              }
            }
          }
          y[static_cast<size_t>(((n * p.cout + co) * ho + oh) * wo + ow)] = static_cast<float>(sum);
        }
      }
    }
  }
  return y;
}

}  // namespace ortkit::testing
