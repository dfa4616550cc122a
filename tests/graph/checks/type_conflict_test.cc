// Rule ORTKIT002 (type-conflict).
#include <gtest/gtest.h>

#include "graph/checks/check_test_util.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

onnx::ModelProto Parse(const std::string& bytes) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(bytes));
  return model;
}

TEST(TypeConflictRuleTest, DivOfDoubleAndFloatNamesTheNodeBothTypesAndTheFloat64Pass) {
  const auto found = FindingsOf(CheckModel(Parse(DoubleFloatDivModel())), "ORTKIT002");
  ASSERT_EQ(found.size(), 1u);
  const Finding& f = found[0];
  EXPECT_EQ(f.severity, Severity::kError);
  EXPECT_EQ(f.location_kind, "node");
  EXPECT_EQ(f.location, "Div_337");
  EXPECT_EQ(f.op_type, "Div");
  EXPECT_EQ(f.message, "Div node 'Div_337': type parameter T is bound to tensor(double) by input 'a' and to "
                       "tensor(float) by input 'b'");
  EXPECT_EQ(f.why, "ONNX Runtime refuses to load the model: \"Type parameter (T) of Optype (Div) bound to different "
                   "types (tensor(double) and tensor(float) in node (Div_337)\"");
  EXPECT_EQ(f.fix_pass, "float64-to-float32");
}

// The quoted text is what ORT really says: the static finding and the load agree.
TEST(TypeConflictRuleTest, OrtRefusesTheModelWithTheQuotedTextAndIsNotReportedTwice) {
  const CheckReport report = CheckModel(Parse(DoubleFloatDivModel()), WithOrt());
  EXPECT_EQ(report.loads_in_ort, false);
  EXPECT_EQ(FindingsOf(report, "ORTKIT002").size(), 1u);
  EXPECT_TRUE(FindingsOf(report, "ORTKIT010").empty());
  EXPECT_TRUE(FindingsOf(report, "ORTKIT008").empty()) << "the inference error has the same cause";
}

TEST(TypeConflictRuleTest, IntegerConflictSuggestsACastWithoutAPass) {
  ModelBuilder b("ints");
  b.Input("a", ElementType::kInt32, {2})
      .Input("b", ElementType::kInt64, {2})
      .Node("Add", {"a", "b"}, {"c"}, {}, "add")
      .Output("c", ElementType::kInt32, {2});
  const auto found = FindingsOf(CheckModel(b.proto()), "ORTKIT002");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fix, "insert a Cast so that 'b' is tensor(int32) (or 'a' is tensor(int64)), or fix the exporter "
                          "that mixed them");
  EXPECT_EQ(found[0].fix_pass, "");
}

TEST(TypeConflictRuleTest, HomogeneousVariadicInputsMustAgree) {
  ModelBuilder b("concat");
  b.Input("a", ElementType::kFloat32, {2})
      .Input("b", ElementType::kFloat32, {2})
      .Input("c", ElementType::kFloat64, {2})
      .Node("Concat", {"a", "b", "c"}, {"d"}, {graph::Attr::Int("axis", 0)}, "concat")
      .Output("d", ElementType::kFloat32, {6});
  const auto found = FindingsOf(CheckModel(b.proto()), "ORTKIT002");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].message, "Concat node 'concat': type parameter T is bound to tensor(float) by input 'a' and to "
                              "tensor(double) by input 'c'");
}

TEST(TypeConflictRuleTest, MatchingTypesAndHeterogeneousVariadicsAreFine) {
  EXPECT_TRUE(FindingsOf(CheckModel(Parse(AddModel())), "ORTKIT002").empty());
  // Loop's carried values (type parameter V) may each have their own type: carry an int64 too.
  onnx::ModelProto model = LoopModel([](onnx::GraphProto& body) {
    graph::ModelBuilder extra("extra");
    extra.Input("n_in", ElementType::kInt64, Shape{}).Output("n_out", ElementType::kInt64, Shape{});
    *body.add_input() = extra.proto().graph().input(0);
    *body.add_output() = extra.proto().graph().output(0);
    onnx::NodeProto* copy = body.add_node();
    copy->set_op_type("Identity");
    copy->set_name("count");
    copy->add_input("n_in");
    copy->add_output("n_out");
  });
  onnx::GraphProto& main = *model.mutable_graph();
  *main.add_initializer() = graph::MakeTensor("n0", std::vector<int64_t>{0}, Shape{});
  main.mutable_node(0)->add_input("n0");
  main.mutable_node(0)->add_output("n_final");
  const CheckReport report = CheckModel(model, WithOrt());
  EXPECT_TRUE(FindingsOf(report, "ORTKIT002").empty());
  EXPECT_EQ(report.loads_in_ort, true);
}

TEST(TypeConflictRuleTest, ConflictsInsideASubgraphCarryItsPath) {
  const onnx::ModelProto model = LoopModel([](onnx::GraphProto& body) {
    // The body's Add now reads a float64 initializer next to the float carried value.
    *body.add_initializer() = graph::MakeTensor("x64", std::vector<double>{1, 2}, Shape{2});
    body.mutable_node(1)->set_input(1, "x64");
  });
  const auto found = FindingsOf(CheckModel(model), "ORTKIT002");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].location, "loop/body/add");
}

}  // namespace
}  // namespace ortkit::testing
