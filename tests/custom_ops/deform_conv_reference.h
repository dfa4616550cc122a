// A naive modulated deformable convolution for the tests: the formula as written, loop by loop.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace ortkit::testing {

/// The sizes and attributes of one reference computation (NCHW, float32 data).
struct DeformConvProblem {
  int64_t n = 1, c = 1, h = 1, w = 1, cout = 1, kh = 1, kw = 1;
  std::array<int64_t, 2> stride{1, 1}, pad{0, 0}, dilation{1, 1};
  int64_t groups = 1, deform_groups = 1;

  int64_t OutH() const { return (h + 2 * pad[0] - (dilation[0] * (kh - 1) + 1)) / stride[0] + 1; }
  int64_t OutW() const { return (w + 2 * pad[1] - (dilation[1] * (kw - 1) + 1)) / stride[1] + 1; }
};

/// y[N, Cout, Ho, Wo] by the direct formula: for every output, the sum over input channels of
/// its group and kernel taps of weight * mask * bilinear(x, position + offset), plus bias (empty
/// for none). No im2col, no blocking: the double-checked truth the op is compared with. Sampling
/// positions are computed in float, as mmcv does; the sums in double.
std::vector<float> ReferenceDeformConv(const DeformConvProblem& p, const std::vector<float>& x,
                                       const std::vector<float>& offset, const std::vector<float>& mask,
                                       const std::vector<float>& weight, const std::vector<float>& bias);

}  // namespace ortkit::testing
