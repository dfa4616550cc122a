// Modulated deformable convolution (DCNv2) on the CPU: the arithmetic only, no ONNX Runtime types.
#pragma once

#include <cstdint>
#include <vector>

namespace ortkit_example {

/// The sizes and hyper-parameters of one modulated deformable convolution, NCHW float32.
/// in_channels must divide by groups and by deform_groups, out_channels by groups; out_h/out_w
/// are ConvOutputSize() of the rest (the caller validates; the kernel trusts these numbers).
struct DeformConvGeometry {
  int64_t batch = 1;
  int64_t in_channels = 1;
  int64_t height = 1;
  int64_t width = 1;
  int64_t out_channels = 1;
  int64_t kernel_h = 1;
  int64_t kernel_w = 1;
  int64_t stride_h = 1;
  int64_t stride_w = 1;
  int64_t pad_h = 0;
  int64_t pad_w = 0;
  int64_t dilation_h = 1;
  int64_t dilation_w = 1;
  int64_t groups = 1;
  int64_t deform_groups = 1;
  int64_t out_h = 1;
  int64_t out_w = 1;
};

/// One spatial output size of a convolution: (in + 2*pad - (dilation*(kernel-1)+1)) / stride + 1.
/// May be zero or negative when the kernel does not fit; the caller rejects that.
int64_t ConvOutputSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation);

/// The tensors of one call, all dense NCHW float32 with the shapes of `DeformConvGeometry`:
/// x [N,C,H,W], offset [N, 2*dg*kh*kw, Ho, Wo] (mmcv's layout: channel 2*(g*kh*kw + k) is dy of
/// deformable group g and tap k = i*kw + j, the next one dx), mask [N, dg*kh*kw, Ho, Wo],
/// weight [Cout, C/groups, kh, kw], bias [Cout] or nullptr; y [N, Cout, Ho, Wo] is overwritten.
struct DeformConvTensors {
  const float* x = nullptr;
  const float* offset = nullptr;
  const float* mask = nullptr;
  const float* weight = nullptr;
  const float* bias = nullptr;
  float* y = nullptr;
};

/// Output positions per block: one block's columns ((C/groups)*kh*kw rows of this many floats)
/// stay in the L2 cache while the GEMM reads them once per four output channels.
constexpr int64_t kDeformConvBlock = 256;

/// The scratch memory of DeformConvBlockRange for `g`, owned by one thread at a time.
struct DeformConvScratch {
  /// Allocates the three buffers; throws std::bad_alloc.
  explicit DeformConvScratch(const DeformConvGeometry& g);

  std::vector<float> columns;  ///< (C/groups)*kh*kw rows of kDeformConvBlock: the im2col block
  /// Per tap, bilinear neighbour (4) and position of a block: the neighbour's offset in an image
  /// plane (-1 where it lies outside) and its weight, bilinear factor times mask. Shared by every
  /// input channel of one deformable group, so the sampling geometry is worked out once per group.
  std::vector<int64_t> neighbour_index;
  std::vector<float> neighbour_weight;
};

/// The number of independent work items of DeformConvBlockRange: N * groups * blocks of output
/// positions. Any split of [0, count) among threads gives the same result.
int64_t DeformConvWorkItems(const DeformConvGeometry& g);

/// Computes work items [begin, end) of y (see DeformConvWorkItems), with `scratch` made for `g`.
/// Sampling follows mmcv's dmcn_im2col_bilinear: the sample at (y, x) is zero when y <= -1,
/// y >= H, x <= -1 or x >= W (or NaN); otherwise its four neighbours weighted bilinearly, a
/// neighbour outside the image contributing zero; it is then multiplied by its mask value.
void DeformConvBlockRange(const DeformConvGeometry& g, const DeformConvTensors& t, int64_t begin, int64_t end,
                          DeformConvScratch& scratch);

}  // namespace ortkit_example
