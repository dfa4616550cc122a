// Tests of the decompose-deformable-conv pass: the rewrite into GridSample, Mul and Conv loads in
// ONNX Runtime without any custom-op library and computes what the library's DCNv2 kernel does.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "graph/fix_session.h"
#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "graph/onnx_test_util.h"
#include "ortkit/error.h"
#include "testing/custom_op_models.h"
#include "workload/inputs.h"
#include "workload/value_rule.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "decompose-deformable-conv";

onnx::ModelProto Parse(const std::string& bytes) { return graph::ParseModel(bytes, "<dcn model>"); }

// Offsets large enough to push many taps outside the image, and masks in (0, 1).
workload::InputRequest WideOffsets(uint64_t seed) {
  workload::InputRequest request;
  request.seed = seed;
  request.values = workload::ParseValueFlags({"offset=-6..6", "mask=0..1"});
  return request;
}

// Runs the original with the example library and the rewrite without it on the same inputs.
void ExpectMatchesLibrary(const DeformConvSpec& spec, double tolerance = 1e-4) {
  const onnx::ModelProto before = Parse(DeformConvModel(spec));
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);
  ASSERT_EQ(changes.Get("nodes"), 1);

  SessionConfig with_library;
  with_library.custom_op_libraries = {ExampleOpsLibraryPath()};
  const std::string before_bytes = graph::SerializeModel(before);
  const std::string after_bytes = graph::SerializeModel(after);
  const Model original = Model::FromBytes(before_bytes.data(), before_bytes.size(), with_library, "<dcn>");
  const Model rewritten = Model::FromBytes(after_bytes.data(), after_bytes.size(), SessionConfig{}, "<rewritten>");
  const auto seeded = workload::BuildSeededInputs(original.inputs(), WideOffsets(spec.seed));
  NamedValues inputs;
  for (const auto& input : seeded) inputs.push_back(input.value);
  const compare::Comparison c =
      compare::CompareOutputs(rewritten.run(inputs), original.run(inputs), compare::Tolerance{tolerance, tolerance});
  ASSERT_EQ(c.outputs.size(), 1u);
  EXPECT_TRUE(c.outputs[0].pass) << "max abs " << c.outputs[0].max_abs << ", max rel " << c.outputs[0].max_rel << ", "
                                 << c.outputs[0].mismatches << " of " << c.outputs[0].elements << " differ";
}

TEST(DecomposeDeformableConvTest, MatchesTheLibraryOnMmcvsDefaultLayer) {
  ExpectMatchesLibrary(DeformConvSpec{});
}

TEST(DecomposeDeformableConvTest, MatchesTheLibraryWithGroupsStrideAndDilation) {
  DeformConvSpec spec;
  spec.c = 8, spec.cout = 6, spec.h = 11, spec.w = 9;
  spec.groups = 2;
  spec.deform_groups = 2;
  spec.stride = {2, 2};
  spec.dilation = {2, 2};
  spec.pad = {2, 1};
  spec.seed = 7;
  ExpectMatchesLibrary(spec);
}

TEST(DecomposeDeformableConvTest, MatchesTheLibraryOnEveryGroupCombination) {
  for (int64_t groups : {1, 2}) {
    for (int64_t deform_groups : {1, 2}) {
      DeformConvSpec spec;
      spec.n = 2, spec.c = 4, spec.cout = 4, spec.h = 7, spec.w = 10;
      spec.groups = groups;
      spec.deform_groups = deform_groups;
      spec.stride = {1, 2};
      spec.dilation = {2, 1};
      spec.with_bias = groups == 1;
      spec.seed = static_cast<uint32_t>(10 * groups + deform_groups);
      SCOPED_TRACE("groups " + std::to_string(groups) + ", deformable groups " + std::to_string(deform_groups));
      ExpectMatchesLibrary(spec);
    }
  }
}

TEST(DecomposeDeformableConvTest, MatchesTheLibraryInTheDcnV2Convention) {
  DeformConvSpec spec;
  spec.convention = DeformConvConvention::kDcnV2;
  spec.deform_groups = 2;
  spec.kh = 3, spec.kw = 1;
  spec.pad = {1, 0};
  spec.seed = 3;
  ExpectMatchesLibrary(spec);
}

TEST(DecomposeDeformableConvTest, LeavesNoCustomOpAndRaisesNothingBelowGridSamplesOpset) {
  onnx::ModelProto model = Parse(DeformConvModel(DeformConvSpec{}));
  const graph::FixChanges changes = ApplyPass(kPass, model);
  int grid_samples = 0;
  for (const auto& node : model.graph().node()) {
    EXPECT_TRUE(node.domain().empty()) << node.name() << " is in domain " << node.domain();
    grid_samples += node.op_type() == "GridSample";
  }
  EXPECT_EQ(grid_samples, 9);  // one per tap of the 3x3 kernel
  for (const auto& op : model.opset_import()) EXPECT_NE(op.domain(), "mmcv") << "the custom domain's import stays";
  ASSERT_FALSE(changes.details.empty());
  EXPECT_EQ(changes.details[0],
            "node '/backbone/dcn/MMCVModulatedDeformConv2d' (MMCVModulatedDeformConv2d) -> 9 GridSample (one per "
            "kernel tap, 1 deformable group) and a 1-group 1x1 Conv over the masked samples");
  FullCheck(model);
}

TEST(DecomposeDeformableConvTest, RaisesAnOlderOpsetToSixteen) {
  onnx::ModelProto model = Parse(DeformConvModel(DeformConvSpec{}));
  for (auto& op : *model.mutable_opset_import()) {
    if (op.domain().empty()) op.set_version(13);
  }
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_EQ(changes.details.back(), "opset import of domain 'mmcv' removed: no node uses it any more");
  EXPECT_NE(std::find(changes.details.begin(), changes.details.end(),
                      "opset raised from 13 to 16 for GridSample (verification covers the whole model)"),
            changes.details.end());
  FullCheck(model);
}

TEST(DecomposeDeformableConvTest, MatchesAnotherOpOnlyWhenAskedTo) {
  onnx::ModelProto model = Parse(DeformConvModel(DeformConvSpec{}));
  for (auto& node : *model.mutable_graph()->mutable_node()) {
    if (node.domain() == "mmcv") node.set_op_type("ModulatedDeformConvPack"), node.set_domain("com.vendor");
  }
  for (auto& op : *model.mutable_opset_import()) {
    if (op.domain() == "mmcv") op.set_domain("com.vendor");
  }
  onnx::ModelProto untouched = model;
  EXPECT_EQ(ApplyPass(kPass, untouched).Get("nodes"), 0);
  graph::FixOptions options;
  options.deformable_conv_ops = {"com.vendor:ModulatedDeformConvPack"};
  EXPECT_EQ(ApplyPass(kPass, model, options).Get("nodes"), 1);
}

TEST(DecomposeDeformableConvTest, RefusesAWeightThatIsNotAConstant) {
  onnx::ModelProto model = Parse(DeformConvModel(DeformConvSpec{}));
  // The weight becomes a graph input: its kernel size is unknown when the pass runs.
  auto* graph = model.mutable_graph();
  for (int i = 0; i < graph->initializer_size(); ++i) {
    if (graph->initializer(i).name() == "backbone.dcn.weight") graph->mutable_initializer()->DeleteSubrange(i, 1);
  }
  auto* input = graph->add_input();
  input->set_name("backbone.dcn.weight");
  input->mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  try {
    ApplyPass(kPass, model);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()),
              "decompose-deformable-conv: node '/backbone/dcn/MMCVModulatedDeformConv2d' "
              "(MMCVModulatedDeformConv2d): the weight 'backbone.dcn.weight' must be a constant 4-D tensor "
              "[Cout, C/groups, kh, kw] (an initializer or Constant)");
  }
}

TEST(DecomposeDeformableConvTest, ChecksTheOpSpecification) {
  graph::FixOptions options;
  options.deformable_conv_ops = {"DCNv2"};
  try {
    options.Validate();
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "fix option deformable_conv_ops: 'DCNv2': expected DOMAIN:NAME, e.g. com.example:DCNv2");
  }
}

}  // namespace
}  // namespace ortkit::testing
