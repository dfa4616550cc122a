// Checking a DCN node's input shapes against its attributes, with messages that say what to fix.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "deform_conv.h"

namespace ortkit_example {

/// A DCN node's attributes, after defaults.
struct DeformConvAttributes {
  std::array<int64_t, 2> stride{1, 1};
  std::array<int64_t, 2> padding{0, 0};
  std::array<int64_t, 2> dilation{1, 1};
  int64_t groups = 1;
  int64_t deform_groups = 1;
  /// The deformable-groups attribute's name in the node's convention ("deform_groups" or
  /// "deformable_groups"), so messages use the name the model's author sees.
  const char* deform_groups_name = "deform_groups";
};

/// Throws Ort::Exception (ORT_INVALID_ARGUMENT) starting with `label` when a value is out of
/// range (stride and dilation >= 1, padding >= 0, groups and deform groups >= 1).
void CheckDeformConvAttributes(const std::string& label, const DeformConvAttributes& a);

/// The geometry of one call from the input shapes. Throws Ort::Exception (ORT_INVALID_ARGUMENT)
/// starting with `label` and naming the input, the shape found and the one expected, e.g.
/// "DCNv2 node 'dcn': offset has 18 channels, expected 2*deformable_groups*kh*kw = 2*2*3*3 = 36".
/// `bias` is nullptr when the node has no bias.
DeformConvGeometry CheckDeformConvShapes(const std::string& label, const DeformConvAttributes& a,
                                         const std::vector<int64_t>& x, const std::vector<int64_t>& offset,
                                         const std::vector<int64_t>& mask, const std::vector<int64_t>& weight,
                                         const std::vector<int64_t>* bias);

/// "[1,36,8,8]".
std::string ShapeString(const std::vector<int64_t>& shape);

}  // namespace ortkit_example
