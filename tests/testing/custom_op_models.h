// Models that use the custom ops of examples/custom_ops (libortkit_example_ops), as serialized
// bytes, and where that library was built.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ortkit::testing {

/// Which exporter's DCN node DeformConvModel writes.
enum class DeformConvConvention {
  kMmcv,   ///< domain "mmcv", op MMCVModulatedDeformConv2d, attributes ... groups, deform_groups
  kDcnV2,  ///< domain "com.ortkit.example", op DCNv2, attributes ... deformable_groups (groups 1)
};

/// One modulated deformable convolution layer. Shapes: X [N,C,H,W], offset
/// [N, 2*deform_groups*kh*kw, Ho, Wo], mask [N, deform_groups*kh*kw, Ho, Wo], weight
/// [Cout, C/groups, kh, kw], bias [Cout]; stride/pad/dilation are (h, w).
struct DeformConvSpec {
  DeformConvConvention convention = DeformConvConvention::kMmcv;
  int64_t n = 1;
  int64_t c = 4;
  int64_t h = 8;
  int64_t w = 8;
  int64_t cout = 4;
  int64_t kh = 3;
  int64_t kw = 3;
  std::array<int64_t, 2> stride{1, 1};
  std::array<int64_t, 2> pad{1, 1};
  std::array<int64_t, 2> dilation{1, 1};
  int64_t groups = 1;
  int64_t deform_groups = 1;
  bool with_bias = true;
  uint32_t seed = 1;
  /// Leave out every attribute whose value is the op's default (stride 1,1, padding 0,0,
  /// dilation 1,1, groups 1, deform groups 1), to test that the op applies the defaults.
  bool omit_default_attributes = false;

  /// The output's spatial size, (in + 2*pad - (dilation*(k-1)+1)) / stride + 1 per axis.
  int64_t OutH() const;
  int64_t OutW() const;
};

/// x: float32[batch,C,H,W], offset: float32[batch,2*dg*kh*kw,Ho,Wo], mask: float32[batch,dg*kh*kw,Ho,Wo]
/// -> y: float32[batch,Cout,Ho,Wo], one node "/backbone/dcn/<op>" as mmcv's or the DCNv2 plugin's
/// exporter writes it; weight "backbone.dcn.weight" and bias "backbone.dcn.bias" are initializers
/// holding DeformConvWeight(spec) and DeformConvBias(spec). Opset 17, IR 8, the custom domain at
/// version 1. Throws std::invalid_argument when kDcnV2 is asked for groups != 1, or the channel
/// counts do not divide by the groups.
std::string DeformConvModel(const DeformConvSpec& spec);

/// The weight initializer's values, [Cout, C/groups, kh, kw] row-major (seeded by spec.seed).
std::vector<float> DeformConvWeight(const DeformConvSpec& spec);
/// The bias initializer's values, [Cout] (seeded by spec.seed); empty when !spec.with_bias.
std::vector<float> DeformConvBias(const DeformConvSpec& spec);

/// x: float32[n,16] -> y = LeakyIdentity(x) (domain "com.ortkit.example", node
/// "/debug/LeakyIdentity", attribute leak_bytes): float32[n,16]. Each Run leaks leak_bytes.
std::string LeakyIdentityModel(int64_t leak_bytes);

/// The absolute path of libortkit_example_ops.so in this build tree (the compile definition
/// ORTKIT_EXAMPLE_OPS_LIBRARY). Throws std::runtime_error when the examples were not built
/// (-DORTKIT_BUILD_EXAMPLES=OFF).
std::string ExampleOpsLibraryPath();

}  // namespace ortkit::testing
