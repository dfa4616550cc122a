// The models of custom_op_models.h: DCN layers in two exporters' conventions, and LeakyIdentity.
#include "testing/custom_op_models.h"

#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "graph/model_builder.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::ModelBuilder;
using graph::SeededWeights;

constexpr const char* kExampleDomain = "com.ortkit.example";

int64_t OutSize(int64_t in, int64_t kernel, int64_t stride, int64_t pad, int64_t dilation) {
  return (in + 2 * pad - (dilation * (kernel - 1) + 1)) / stride + 1;
}

void CheckSpec(const DeformConvSpec& s) {
  if (s.convention == DeformConvConvention::kDcnV2 && s.groups != 1) {
    throw std::invalid_argument(fmt::format("DeformConvModel: the DCNv2 convention has no groups, got groups={}", s.groups));
  }
  if (s.groups < 1 || s.deform_groups < 1 || s.c % s.groups != 0 || s.cout % s.groups != 0 || s.c % s.deform_groups != 0) {
    throw std::invalid_argument(fmt::format("DeformConvModel: C={} and Cout={} must divide by groups={}, C by deform_groups={}",
                                            s.c, s.cout, s.groups, s.deform_groups));
  }
}

// The node's attributes as the convention's exporter names them; with omit_default_attributes,
// those equal to the op's defaults are left out.
std::vector<Attr> DeformConvAttributes(const DeformConvSpec& s) {
  std::vector<Attr> attrs;
  const bool omit = s.omit_default_attributes;
  auto pair = [&](const char* name, const std::array<int64_t, 2>& v, int64_t fallback) {
    if (!(omit && v[0] == fallback && v[1] == fallback)) attrs.push_back(Attr::Ints(name, {v[0], v[1]}));
  };
  pair("stride", s.stride, 1);
  pair("padding", s.pad, 0);
  pair("dilation", s.dilation, 1);
  const bool mmcv = s.convention == DeformConvConvention::kMmcv;
  if (mmcv && !(omit && s.groups == 1)) attrs.push_back(Attr::Int("groups", s.groups));
  if (!(omit && s.deform_groups == 1)) attrs.push_back(Attr::Int(mmcv ? "deform_groups" : "deformable_groups", s.deform_groups));
  return attrs;
}

}  // namespace

int64_t DeformConvSpec::OutH() const { return OutSize(h, kh, stride[0], pad[0], dilation[0]); }
int64_t DeformConvSpec::OutW() const { return OutSize(w, kw, stride[1], pad[1], dilation[1]); }

std::vector<float> DeformConvWeight(const DeformConvSpec& s) {
  const int64_t fan_in = (s.c / s.groups) * s.kh * s.kw;
  return SeededWeights(static_cast<std::size_t>(s.cout * fan_in), std::sqrt(6.0f / static_cast<float>(fan_in)), s.seed);
}

std::vector<float> DeformConvBias(const DeformConvSpec& s) {
  if (!s.with_bias) return {};
  return SeededWeights(static_cast<std::size_t>(s.cout), 0.1f, s.seed + 1);
}

std::string DeformConvModel(const DeformConvSpec& s) {
  CheckSpec(s);
  const bool mmcv = s.convention == DeformConvConvention::kMmcv;
  const std::string domain = mmcv ? "mmcv" : kExampleDomain;
  const std::string op = mmcv ? "MMCVModulatedDeformConv2d" : "DCNv2";
  const int64_t taps = s.kh * s.kw;
  const int64_t ho = s.OutH();
  const int64_t wo = s.OutW();

  ModelBuilder b("torch_jit");
  b.Opset(domain, 1)
      .Producer("pytorch", "2.1.0")
      .Input("x", ElementType::kFloat32, {"batch", s.c, s.h, s.w})
      .Input("offset", ElementType::kFloat32, {"batch", 2 * s.deform_groups * taps, ho, wo})
      .Input("mask", ElementType::kFloat32, {"batch", s.deform_groups * taps, ho, wo})
      .Initializer("backbone.dcn.weight", DeformConvWeight(s), Shape{s.cout, s.c / s.groups, s.kh, s.kw});
  std::vector<std::string> inputs{"x", "offset", "mask", "backbone.dcn.weight"};
  if (s.with_bias) {
    b.Initializer("backbone.dcn.bias", DeformConvBias(s), Shape{s.cout});
    inputs.push_back("backbone.dcn.bias");
  }
  return b.Node(op, inputs, {"y"}, DeformConvAttributes(s), "/backbone/dcn/" + op, domain)
      .Output("y", ElementType::kFloat32, {"batch", s.cout, ho, wo})
      .Serialize();
}

std::string LeakyIdentityModel(int64_t leak_bytes) {
  return ModelBuilder("leaky_identity")
      .Opset(kExampleDomain, 1)
      .Input("x", ElementType::kFloat32, {"n", 16})
      .Node("LeakyIdentity", {"x"}, {"y"}, {Attr::Int("leak_bytes", leak_bytes)}, "/debug/LeakyIdentity", kExampleDomain)
      .Output("y", ElementType::kFloat32, {"n", 16})
      .Serialize();
}

std::string ExampleOpsLibraryPath() {
#ifdef ORTKIT_EXAMPLE_OPS_LIBRARY
  return ORTKIT_EXAMPLE_OPS_LIBRARY;
#else
  throw std::runtime_error("libortkit_example_ops was not built (configure with -DORTKIT_BUILD_EXAMPLES=ON)");
#endif
}

}  // namespace ortkit::testing
