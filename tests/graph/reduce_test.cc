// Tests of ReduceModel with in-process checkers: which nodes remain, the steps, the limits.
#include "graph/reduce.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "graph/onnx_test_util.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

// x: float32[1,4] -> Relu r -> Sin s -> Exp e -> Add(e, r) a -> Tanh t -> Mul(t, x) out.
onnx::ModelProto Chain() {
  return ModelBuilder("chain")
      .Input("x", ElementType::kFloat32, {1, 4})
      .Node("Relu", {"x"}, {"r"}, {}, "relu")
      .Node("Sin", {"r"}, {"s"}, {}, "sin")
      .Node("Exp", {"s"}, {"e"}, {}, "exp")
      .Node("Add", {"e", "r"}, {"a"}, {}, "add")
      .Node("Tanh", {"a"}, {"t"}, {}, "tanh")
      .Node("Mul", {"t", "x"}, {"out"}, {}, "mul")
      .Output("out", ElementType::kFloat32, {1, 4})
      .proto();
}

bool Has(const onnx::ModelProto& m, const std::string& op) {
  const auto& nodes = m.graph().node();
  return std::any_of(nodes.begin(), nodes.end(), [&](const onnx::NodeProto& n) { return n.op_type() == op; });
}

// Fails while the model has a node of type `op`, counting its calls.
Checker FailsWhileItHas(const std::string& op, int* calls) {
  return [op, calls](const onnx::ModelProto& m) {
    ++*calls;
    const bool fails = Has(m, op);
    return CheckResult{fails, fails ? "exit 1" : "exit 0"};
  };
}

std::vector<std::string> OpTypes(const onnx::ModelProto& m) {
  std::vector<std::string> ops;
  for (const auto& n : m.graph().node()) ops.push_back(n.op_type());
  return ops;
}

TEST(ReduceTest, AnOpTypeThatMakesTheCheckFailIsReducedToThatNode) {
  int calls = 0;
  const ReduceResult r = ReduceModel(Chain(), FailsWhileItHas("Sin", &calls), {}, "chain.onnx");
  EXPECT_EQ(OpTypes(r.model), std::vector<std::string>{"Sin"});
  EXPECT_EQ(r.summary.nodes, std::vector<std::string>{"Sin 'sin'"});
  EXPECT_EQ(r.summary.inputs, std::vector<std::string>{"r"});
  EXPECT_EQ(r.summary.outputs, std::vector<std::string>{"s"});
  EXPECT_EQ(r.summary.original_nodes, 6u);
  EXPECT_EQ(r.summary.model, "chain.onnx");
  EXPECT_EQ(testing::SignatureString(r.model.graph().input()), "r: float32[1,4]");  // typed by inference
  ASSERT_FALSE(r.summary.steps.empty());
  EXPECT_EQ(r.summary.steps[0].phase, "full");
  EXPECT_TRUE(r.summary.steps[0].fails);
  EXPECT_FALSE(r.summary.step_limit_reached);
  // Every distinct candidate is checked once, and each check is a listed step.
  const auto checked = std::count_if(r.summary.steps.begin(), r.summary.steps.end(),
                                     [](const ReduceStep& s) { return s.checked; });
  EXPECT_EQ(checked, calls);
  // The result is a valid model that ORT loads and runs.
  const std::string bytes = SerializeModel(r.model);
  const Model model = Model::FromBytes(bytes.data(), bytes.size());
  EXPECT_NO_THROW(model.run({NamedValue{"r", Tensor::FromVector<float>({0, 1, 2, 3}, {1, 4})}}));
}

TEST(ReduceTest, AFailureThatNeedsTwoNodesKeepsBoth) {
  // Fails while an Exp reads the output of a Sin inside the candidate.
  const Checker checker = [](const onnx::ModelProto& m) {
    std::set<std::string> sin_outputs;
    bool fails = false;
    for (const auto& n : m.graph().node()) {
      if (n.op_type() == "Sin") sin_outputs.insert(n.output(0));
      if (n.op_type() == "Exp" && sin_outputs.count(n.input(0))) fails = true;
    }
    return CheckResult{fails, fails ? "exit 1" : "exit 0"};
  };
  const ReduceResult r = ReduceModel(Chain(), checker);
  EXPECT_EQ(OpTypes(r.model), (std::vector<std::string>{"Sin", "Exp"}));
  EXPECT_EQ(r.summary.inputs, std::vector<std::string>{"r"});
}

TEST(ReduceTest, TheResidualAddOfConvNetIsFoundWithBothOfItsInputs) {
  int calls = 0;
  const ReduceResult r = ReduceModel(testing::ParseModel(testing::ConvNetModel()), FailsWhileItHas("Add", &calls));
  EXPECT_EQ(r.summary.nodes, std::vector<std::string>{"Add 'block/Add'"});
  EXPECT_EQ(r.summary.inputs, (std::vector<std::string>{"block_conv", "stem_out"}));
  EXPECT_EQ(testing::SignatureString(r.model.graph().input()),
            "block_conv: float32[batch,16,32,32]; stem_out: float32[batch,16,32,32]");
  EXPECT_EQ(r.model.graph().initializer_size(), 0);
}

TEST(ReduceTest, BranchesOffTheFailingPathAreRemoved) {
  // Two outputs; the failing Sin feeds only o1, and the other branch comes last.
  const onnx::ModelProto model = ModelBuilder("branches")
                                     .Input("x", ElementType::kFloat32, {3})
                                     .Node("Sin", {"x"}, {"s"})
                                     .Node("Neg", {"s"}, {"o1"})
                                     .Node("Cos", {"x"}, {"c"})
                                     .Node("Identity", {"c"}, {"o2"})
                                     .Output("o1", ElementType::kFloat32, {3})
                                     .Output("o2", ElementType::kFloat32, {3})
                                     .proto();
  int calls = 0;
  const ReduceResult r = ReduceModel(model, FailsWhileItHas("Sin", &calls));
  EXPECT_EQ(OpTypes(r.model), std::vector<std::string>{"Sin"});
  const auto dropped = std::find_if(r.summary.steps.begin(), r.summary.steps.end(),
                                    [](const ReduceStep& s) { return s.candidate == "drop output 'o2'"; });
  ASSERT_NE(dropped, r.summary.steps.end());
  EXPECT_EQ(dropped->phase, "branches");
}

TEST(ReduceTest, ACheckThatPassesOnTheFullModelIsAnError) {
  int calls = 0;
  try {
    ReduceModel(Chain(), FailsWhileItHas("Conv", &calls), {}, "chain.onnx");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "the check passes on the full model 'chain.onnx' (exit 0): nothing to reduce; the check "
                           "must fail (exit status != 0) on it");
  }
  EXPECT_EQ(calls, 1);
}

TEST(ReduceTest, TheStepLimitStopsWithTheSmallestFailingCandidateSoFar) {
  int calls = 0;
  ReduceOptions options;
  options.max_steps = 3;
  std::vector<std::string> seen;
  options.on_step = [&](const ReduceStep& s) { seen.push_back(s.phase); };
  const ReduceResult r = ReduceModel(Chain(), FailsWhileItHas("Sin", &calls), options);
  EXPECT_EQ(calls, 3);
  EXPECT_TRUE(r.summary.step_limit_reached);
  EXPECT_TRUE(Has(r.model, "Sin"));
  EXPECT_LT(r.model.graph().node_size(), 6);
  EXPECT_EQ(seen.size(), r.summary.steps.size());
}

TEST(ReduceTest, CandidatesThatCannotBeTypedAreListedAsNotBuilt) {
  // Nothing types DCNv2's output, so it can't become a graph input.
  const onnx::ModelProto model = ModelBuilder("custom")
                                     .Opset("com.example", 1)
                                     .Input("x", ElementType::kFloat32, {1, 4})
                                     .Node("Relu", {"x"}, {"r"})
                                     .Node("DCNv2", {"r"}, {"t"}, {}, "dcn", "com.example")
                                     .Node("Sin", {"t"}, {"y"})
                                     .Output("y", ElementType::kFloat32, {1, 4})
                                     .proto();
  int calls = 0;
  const ReduceResult r = ReduceModel(model, FailsWhileItHas("Sin", &calls));
  const auto unbuilt = std::find_if(r.summary.steps.begin(), r.summary.steps.end(),
                                    [](const ReduceStep& s) { return !s.checked; });
  ASSERT_NE(unbuilt, r.summary.steps.end());
  EXPECT_NE(unbuilt->detail.find("no type for tensor 't'"), std::string::npos) << unbuilt->detail;
  EXPECT_EQ(OpTypes(r.model), (std::vector<std::string>{"DCNv2", "Sin"}));
}

}  // namespace
}  // namespace ortkit::graph
