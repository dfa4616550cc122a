// The shape checks of a DCN node: every mismatch is reported with the numbers that produced it.
#include "deform_conv_shapes.h"

#include "ort_api.h"

namespace ortkit_example {
namespace {

[[noreturn]] void Fail(const std::string& label, const std::string& what) {
  throw Ort::Exception(label + ": " + what, ORT_INVALID_ARGUMENT);
}

std::string Num(int64_t v) { return std::to_string(v); }

void CheckRank4(const std::string& label, const char* input, const char* layout, const std::vector<int64_t>& s) {
  if (s.size() != 4) Fail(label, std::string(input) + " has shape " + ShapeString(s) + ", expected 4 dimensions " + layout);
}

// offset and mask: [N, channels, Ho, Wo], the channel count explained by `formula`.
void CheckSampling(const std::string& label, const char* input, const std::vector<int64_t>& s, int64_t n,
                   int64_t channels, const std::string& formula, int64_t out_h, int64_t out_w) {
  CheckRank4(label, input, "[N, channels, Ho, Wo]", s);
  if (s[1] != channels) {
    Fail(label, std::string(input) + " has " + Num(s[1]) + " channels, expected " + formula + " = " + Num(channels));
  }
  const std::vector<int64_t> expected{n, channels, out_h, out_w};
  if (s != expected) {
    Fail(label, std::string(input) + " has shape " + ShapeString(s) + ", expected [N, " + Num(channels) +
                    ", Ho, Wo] = " + ShapeString(expected) + " for X and the node's attributes");
  }
}

}  // namespace

std::string ShapeString(const std::vector<int64_t>& shape) {
  std::string out = "[";
  for (size_t i = 0; i < shape.size(); ++i) out += (i ? "," : "") + Num(shape[i]);
  return out + "]";
}

void CheckDeformConvAttributes(const std::string& label, const DeformConvAttributes& a) {
  for (int axis = 0; axis < 2; ++axis) {
    const std::string hw = axis == 0 ? " (h)" : " (w)";
    if (a.stride[axis] < 1) Fail(label, "attribute 'stride' is " + Num(a.stride[axis]) + hw + ", expected >= 1");
    if (a.dilation[axis] < 1) Fail(label, "attribute 'dilation' is " + Num(a.dilation[axis]) + hw + ", expected >= 1");
    if (a.padding[axis] < 0) Fail(label, "attribute 'padding' is " + Num(a.padding[axis]) + hw + ", expected >= 0");
  }
  if (a.groups < 1) Fail(label, "attribute 'groups' is " + Num(a.groups) + ", expected >= 1");
  if (a.deform_groups < 1) {
    Fail(label, std::string("attribute '") + a.deform_groups_name + "' is " + Num(a.deform_groups) + ", expected >= 1");
  }
}

DeformConvGeometry CheckDeformConvShapes(const std::string& label, const DeformConvAttributes& a,
                                         const std::vector<int64_t>& x, const std::vector<int64_t>& offset,
                                         const std::vector<int64_t>& mask, const std::vector<int64_t>& weight,
                                         const std::vector<int64_t>* bias) {
  CheckRank4(label, "X", "[N, C, H, W]", x);
  CheckRank4(label, "weight", "[Cout, C/groups, kh, kw]", weight);
  DeformConvGeometry g;
  g.batch = x[0];
  g.in_channels = x[1];
  g.height = x[2];
  g.width = x[3];
  g.out_channels = weight[0];
  g.kernel_h = weight[2];
  g.kernel_w = weight[3];
  g.stride_h = a.stride[0];
  g.stride_w = a.stride[1];
  g.pad_h = a.padding[0];
  g.pad_w = a.padding[1];
  g.dilation_h = a.dilation[0];
  g.dilation_w = a.dilation[1];
  g.groups = a.groups;
  g.deform_groups = a.deform_groups;
  const std::string dg = a.deform_groups_name;

  if (g.in_channels % g.groups != 0) {
    Fail(label, "X has " + Num(g.in_channels) + " channels, not divisible by groups = " + Num(g.groups));
  }
  if (weight[1] * g.groups != g.in_channels) {
    Fail(label, "weight has shape " + ShapeString(weight) + " (" + Num(weight[1]) +
                    " input channels per group), expected C/groups = " + Num(g.in_channels) + "/" + Num(g.groups) +
                    " = " + Num(g.in_channels / g.groups));
  }
  if (g.out_channels % g.groups != 0) {
    Fail(label, "weight has " + Num(g.out_channels) + " output channels, not divisible by groups = " + Num(g.groups));
  }
  if (g.in_channels % g.deform_groups != 0) {
    Fail(label, "X has " + Num(g.in_channels) + " channels, not divisible by " + dg + " = " + Num(g.deform_groups));
  }
  if (g.kernel_h < 1 || g.kernel_w < 1) Fail(label, "weight has shape " + ShapeString(weight) + ", an empty kernel");
  g.out_h = ConvOutputSize(g.height, g.kernel_h, g.stride_h, g.pad_h, g.dilation_h);
  g.out_w = ConvOutputSize(g.width, g.kernel_w, g.stride_w, g.pad_w, g.dilation_w);
  if (g.out_h < 1 || g.out_w < 1) {
    Fail(label, "the output would be empty: X is " + ShapeString(x) + ", the dilated kernel " +
                    Num(g.dilation_h * (g.kernel_h - 1) + 1) + "x" + Num(g.dilation_w * (g.kernel_w - 1) + 1) +
                    " with padding " + Num(g.pad_h) + "," + Num(g.pad_w) + " does not fit");
  }

  const int64_t taps = g.kernel_h * g.kernel_w;
  // "deformable_groups*kh*kw = 2*3*3": the formula the model's author can check by hand.
  const std::string taps_formula =
      dg + "*kh*kw = " + Num(g.deform_groups) + "*" + Num(g.kernel_h) + "*" + Num(g.kernel_w);
  CheckSampling(label, "offset", offset, g.batch, 2 * g.deform_groups * taps,
                "2*" + dg + "*kh*kw = 2*" + Num(g.deform_groups) + "*" + Num(g.kernel_h) + "*" + Num(g.kernel_w),
                g.out_h, g.out_w);
  CheckSampling(label, "mask", mask, g.batch, g.deform_groups * taps, taps_formula, g.out_h, g.out_w);
  if (bias != nullptr && (bias->size() != 1 || (*bias)[0] != g.out_channels)) {
    Fail(label, "bias has shape " + ShapeString(*bias) + ", expected [Cout] = [" + Num(g.out_channels) + "]");
  }
  return g;
}

}  // namespace ortkit_example
