// Modulated deformable convolution as im2col over blocks of output positions plus a small GEMM.
#include "deform_conv.h"

#include <algorithm>

namespace ortkit_example {
namespace {

// Output channels the GEMM computes together: each column value is loaded once for four of them.
constexpr int64_t kRowsAtOnce = 4;

// The four bilinear neighbours of (y, x) in an h x w plane, as mmcv's dmcn_im2col_bilinear sees
// them: index[a] is the neighbour's offset in the plane or -1 when it lies outside (it then
// contributes zero, even if the plane holds an infinity there), weight[a] its bilinear factor
// times `mask`. A sample on or beyond the one-pixel band around the plane has no neighbours.
void Neighbours(int64_t h, int64_t w, float y, float x, float mask, int64_t* index, float* weight, int64_t stride) {
  for (int a = 0; a < 4; ++a) {
    index[a * stride] = -1;
    weight[a * stride] = 0.0f;
  }
  if (!(y > -1.0f && x > -1.0f && y < static_cast<float>(h) && x < static_cast<float>(w))) return;
  // floor() by truncation, corrected below zero: -1 < y < h keeps it in range, and without SSE4.1
  // std::floor is a libm call in the innermost loop.
  int64_t y_low = static_cast<int64_t>(y);
  int64_t x_low = static_cast<int64_t>(x);
  if (static_cast<float>(y_low) > y) --y_low;
  if (static_cast<float>(x_low) > x) --x_low;
  const float ly = y - static_cast<float>(y_low);
  const float lx = x - static_cast<float>(x_low);
  const float hy = 1.0f - ly;
  const float hx = 1.0f - lx;
  const int64_t ys[2] = {y_low, y_low + 1};
  const int64_t xs[2] = {x_low, x_low + 1};
  const float wy[2] = {hy, ly};
  const float wx[2] = {hx, lx};
  for (int a = 0; a < 4; ++a) {
    const int64_t yy = ys[a / 2];
    const int64_t xx = xs[a % 2];
    if (yy < 0 || yy > h - 1 || xx < 0 || xx > w - 1) continue;
    index[a * stride] = yy * w + xx;
    weight[a * stride] = wy[a / 2] * wx[a % 2] * mask;
  }
}

// The neighbours of every tap and position of block [p0, p0 + count) of image n, deformable
// group dg, into scratch (layout [tap][neighbour][position]).
void SampleGeometry(const DeformConvGeometry& g, const DeformConvTensors& t, int64_t n, int64_t dg, int64_t p0,
                    int64_t count, DeformConvScratch& scratch) {
  const int64_t taps = g.kernel_h * g.kernel_w;
  const int64_t positions = g.out_h * g.out_w;
  const float* offsets = t.offset + (n * g.deform_groups + dg) * 2 * taps * positions;
  const float* masks = t.mask + (n * g.deform_groups + dg) * taps * positions;
  for (int64_t i = 0; i < g.kernel_h; ++i) {
    for (int64_t j = 0; j < g.kernel_w; ++j) {
      const int64_t k = i * g.kernel_w + j;
      const float* dy = offsets + 2 * k * positions;
      const float* dx = dy + positions;
      const float* m = masks + k * positions;
      int64_t* index = scratch.neighbour_index.data() + 4 * k * count;
      float* weight = scratch.neighbour_weight.data() + 4 * k * count;
      int64_t oh = p0 / g.out_w;
      int64_t ow = p0 % g.out_w;
      for (int64_t q = 0; q < count; ++q) {
        const int64_t p = p0 + q;
        // In float, as mmcv computes it, so the border tests (y <= -1, y >= H) decide alike.
        const float y = static_cast<float>(oh * g.stride_h - g.pad_h + i * g.dilation_h) + dy[p];
        const float x = static_cast<float>(ow * g.stride_w - g.pad_w + j * g.dilation_w) + dx[p];
        Neighbours(g.height, g.width, y, x, m[p], index + q, weight + q, count);
        if (++ow == g.out_w) {
          ow = 0;
          ++oh;
        }
      }
    }
  }
}

// im2col for one image, one convolution group and output positions [p0, p0 + count): row
// (c*kh*kw + k) of the columns holds channel c's masked sample at tap k. The sampling geometry
// is computed once per deformable group and reused by each of its channels.
void Im2ColBlock(const DeformConvGeometry& g, const DeformConvTensors& t, int64_t n, int64_t group, int64_t p0,
                 int64_t count, DeformConvScratch& scratch) {
  const int64_t taps = g.kernel_h * g.kernel_w;
  const int64_t channels_per_group = g.in_channels / g.groups;
  const int64_t channels_per_deform_group = g.in_channels / g.deform_groups;
  int64_t c = 0;
  while (c < channels_per_group) {
    // mmcv picks the deformable group from the absolute input channel, across convolution groups.
    const int64_t dg = (group * channels_per_group + c) / channels_per_deform_group;
    const int64_t c_end = std::min(channels_per_group, (dg + 1) * channels_per_deform_group - group * channels_per_group);
    SampleGeometry(g, t, n, dg, p0, count, scratch);
    for (; c < c_end; ++c) {
      const float* image = t.x + (n * g.in_channels + group * channels_per_group + c) * g.height * g.width;
      for (int64_t k = 0; k < taps; ++k) {
        const int64_t* index = scratch.neighbour_index.data() + 4 * k * count;
        const float* weight = scratch.neighbour_weight.data() + 4 * k * count;
        float* col = scratch.columns.data() + (c * taps + k) * count;
        for (int64_t q = 0; q < count; ++q) {
          float v = 0.0f;
          for (int64_t a = 0; a < 4; ++a) {
            const int64_t at = index[a * count + q];
            v += at >= 0 ? weight[a * count + q] * image[at] : 0.0f;
          }
          col[q] = v;
        }
      }
    }
  }
}

// y[o, p0 + q] = bias[o] + sum_r weight[o, r] * columns[r, q] for this group's output channels.
// Four output rows at a time, accumulated in a stack block, so the inner loop is a contiguous
// multiply-add over q that the compiler vectorises, and every column value is read once per four.
void GemmBlock(const DeformConvGeometry& g, const DeformConvTensors& t, int64_t n, int64_t group, int64_t p0,
               int64_t count, const float* columns) {
  const int64_t rows = (g.in_channels / g.groups) * g.kernel_h * g.kernel_w;
  const int64_t outs_per_group = g.out_channels / g.groups;
  const int64_t positions = g.out_h * g.out_w;
  float acc[kRowsAtOnce][kDeformConvBlock];
  for (int64_t o0 = 0; o0 < outs_per_group; o0 += kRowsAtOnce) {
    const int64_t live = std::min(kRowsAtOnce, outs_per_group - o0);
    const float* w[kRowsAtOnce];
    for (int64_t a = 0; a < kRowsAtOnce; ++a) {
      const int64_t o = group * outs_per_group + o0 + std::min(a, live - 1);
      w[a] = t.weight + o * rows;
      const float b = (a < live && t.bias != nullptr) ? t.bias[o] : 0.0f;
      std::fill(acc[a], acc[a] + count, b);
    }
    for (int64_t r = 0; r < rows; ++r) {
      const float* col = columns + r * count;
      // Rows past `live` repeat the last real one; their sums are computed and dropped.
      const float w0 = w[0][r], w1 = w[1][r], w2 = w[2][r], w3 = w[3][r];
      for (int64_t q = 0; q < count; ++q) {
        const float v = col[q];
        acc[0][q] += w0 * v;
        acc[1][q] += w1 * v;
        acc[2][q] += w2 * v;
        acc[3][q] += w3 * v;
      }
    }
    for (int64_t a = 0; a < live; ++a) {
      float* y = t.y + (n * g.out_channels + group * outs_per_group + o0 + a) * positions + p0;
      std::copy(acc[a], acc[a] + count, y);
    }
  }
}

int64_t BlocksPerImage(const DeformConvGeometry& g) {
  return (g.out_h * g.out_w + kDeformConvBlock - 1) / kDeformConvBlock;
}

}  // namespace

int64_t ConvOutputSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation) {
  return (in + 2 * pad - (dilation * (kernel - 1) + 1)) / stride + 1;
}

DeformConvScratch::DeformConvScratch(const DeformConvGeometry& g)
    : columns(static_cast<size_t>((g.in_channels / g.groups) * g.kernel_h * g.kernel_w * kDeformConvBlock)),
      neighbour_index(static_cast<size_t>(4 * g.kernel_h * g.kernel_w * kDeformConvBlock)),
      neighbour_weight(neighbour_index.size()) {}

int64_t DeformConvWorkItems(const DeformConvGeometry& g) { return g.batch * g.groups * BlocksPerImage(g); }

void DeformConvBlockRange(const DeformConvGeometry& g, const DeformConvTensors& t, int64_t begin, int64_t end,
                          DeformConvScratch& scratch) {
  const int64_t blocks = BlocksPerImage(g);
  const int64_t positions = g.out_h * g.out_w;
  for (int64_t item = begin; item < end; ++item) {
    const int64_t block = item % blocks;
    const int64_t group = (item / blocks) % g.groups;
    const int64_t n = item / (blocks * g.groups);
    const int64_t p0 = block * kDeformConvBlock;
    const int64_t count = std::min(kDeformConvBlock, positions - p0);
    Im2ColBlock(g, t, n, group, p0, count, scratch);
    GemmBlock(g, t, n, group, p0, count, scratch.columns.data());
  }
}

}  // namespace ortkit_example
