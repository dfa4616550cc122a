// Tests of the remove-initializers-from-inputs pass.
#include <gtest/gtest.h>

#include "graph/fixes/pass.h"
#include "graph/onnx_test_util.h"
#include "graph/fixes/fix_test_util.h"
#include "testing/fix_models.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "remove-initializers-from-inputs";

TEST(RemoveInitializersFromInputsTest, WeightsListedAsInputsStopBeingInputsAndKeepTheirValues) {
  const onnx::ModelProto before = WeightsAsInputsModel();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);

  EXPECT_EQ(InputNames(after.graph()), std::vector<std::string>{"x"});
  EXPECT_EQ(after.graph().initializer_size(), 2);
  EXPECT_EQ(changes.Get("inputs_removed"), 2);
  EXPECT_TRUE(changes.changed());
  EXPECT_EQ(changes.details, (std::vector<std::string>{"graph input 'w' removed: it is an initializer",
                                                       "graph input 'b' removed: it is an initializer"}));
  FullCheck(after);
  ExpectSameOutputs(before, after);
}

TEST(RemoveInitializersFromInputsTest, IrVersion3IsRaisedTo4WhichAllowsInitializersOutsideTheInputs) {
  const onnx::ModelProto before = WeightsAsInputsModel(3);
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);

  EXPECT_EQ(after.ir_version(), 4);
  EXPECT_EQ(InputNames(after.graph()), std::vector<std::string>{"x"});
  ASSERT_EQ(changes.details.size(), 3u);
  EXPECT_EQ(changes.details[2], "IR version raised from 3 to 4: older versions require every initializer to be an input");
  onnx::checker::check_model(after);
  ExpectSameOutputs(before, after);
}

TEST(RemoveInitializersFromInputsTest, LoopBodyInputThatIsTheBodysInitializerIsRemoved) {
  const onnx::ModelProto before = LoopWithInitializerInputModel();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);

  const onnx::GraphProto& body = after.graph().node(0).attribute(0).g();
  EXPECT_EQ(InputNames(body), (std::vector<std::string>{"iter", "cond_in", "v_in"}));
  EXPECT_EQ(changes.Get("inputs_removed"), 1);
  EXPECT_EQ(changes.details, std::vector<std::string>{"node 'loop' (Loop) attribute 'body': subgraph input "
                                                      "'body_scale' removed: it is an initializer"});
  // Strict shape inference refuses the original (the body has 4 inputs for 3 loop values), not the result.
  FullCheck(after);
  EXPECT_ANY_THROW(FullCheck(before));

  // y = x * 1.5^3, and ORT agrees.
  const std::string bytes = Bytes(after);
  const Model model = Model::FromBytes(bytes.data(), bytes.size());
  const NamedValues out = model.run({{"x", Tensor::FromVector<float>({1, -2}, {2})}});
  EXPECT_FLOAT_EQ(out[0].value.tensor().data_as<float>()[0], 3.375f);
  EXPECT_FLOAT_EQ(out[0].value.tensor().data_as<float>()[1], -6.75f);
}

TEST(RemoveInitializersFromInputsTest, ModelWithoutWeightInputsIsLeftUnchanged) {
  onnx::ModelProto model = ParseModel(ConvNetModel());
  const std::string before = model.SerializeAsString();
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_FALSE(changes.changed());
  EXPECT_EQ(changes.Get("inputs_removed"), 0);
  EXPECT_TRUE(changes.details.empty());
  EXPECT_EQ(model.SerializeAsString(), before);
}

}  // namespace
}  // namespace ortkit::testing
