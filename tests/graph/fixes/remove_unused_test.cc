// Tests of the remove-unused pass.
#include <gtest/gtest.h>

#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/pass.h"
#include "graph/onnx_test_util.h"
#include "testing/fix_models.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "remove-unused";

std::vector<std::string> NodeNames(const onnx::GraphProto& graph) {
  std::vector<std::string> names;
  for (const auto& node : graph.node()) names.push_back(node.name());
  return names;
}

std::vector<std::string> InitializerNames(const onnx::GraphProto& graph) {
  std::vector<std::string> names;
  for (const auto& t : graph.initializer()) names.push_back(t.name());
  return names;
}

TEST(RemoveUnusedTest, DeadNodesAndUnreadInitializersGoAndSubgraphReadsStay) {
  const onnx::ModelProto before = UnusedNodesModel();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);

  EXPECT_EQ(NodeNames(after.graph()), (std::vector<std::string>{"relu", "pick", "add"}));
  // "two" and "three" are read only inside the If branches: they stay.
  EXPECT_EQ(InitializerNames(after.graph()), (std::vector<std::string>{"two", "three"}));
  const onnx::GraphProto& else_branch = after.graph().node(1).attribute(1).g();
  EXPECT_EQ(NodeNames(else_branch), std::vector<std::string>{"times_three"});
  EXPECT_EQ(after.graph().value_info_size(), 0);  // it described the dead "dead"
  EXPECT_EQ(changes.Get("nodes"), 3);
  EXPECT_EQ(changes.Get("initializers"), 1);
  EXPECT_EQ(changes.Get("value_info"), 1);
  EXPECT_EQ(changes.details,
            (std::vector<std::string>{
                "node 'dead_sigmoid_outer' (Sigmoid) removed: none of its outputs reaches a graph output",
                "node 'dead_neg' (Neg) removed: none of its outputs reaches a graph output",
                "node 'dead_sigmoid' (Sigmoid) (in node 'pick' (If) attribute 'else_branch') removed: none of its "
                "outputs reaches a graph output",
                "initializer 'unused_w' removed: nothing reads it"}));
  FullCheck(after);
  for (uint64_t seed : {0, 1, 2, 3}) ExpectSameOutputs(before, after, Exact(), seed);
}

TEST(RemoveUnusedTest, InitializerListedAsInputStaysEvenWhenUnread) {
  onnx::ModelProto model = WeightsAsInputsModel();
  model.mutable_graph()->mutable_node(1)->set_input(1, "xw");  // y = xw + xw: "b" is no longer read
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_FALSE(changes.changed());
  EXPECT_EQ(InitializerNames(model.graph()), (std::vector<std::string>{"w", "b"}));
}

TEST(RemoveUnusedTest, ProducerOfAValueReadOnlyByADeadSubgraphNodeGoesToo) {
  // "pre" feeds only the dead Sigmoid of a branch; once that goes, "pre" is dead as well.
  onnx::ModelProto model = UnusedNodesModel();
  onnx::GraphProto& g = *model.mutable_graph();
  onnx::NodeProto pre;
  pre.set_name("pre");
  pre.set_op_type("Abs");
  pre.add_input("x");
  pre.add_output("pre_out");
  *g.add_node() = pre;
  for (int i = g.node_size() - 1; i > 0; --i) g.mutable_node()->SwapElements(i, i - 1);
  for (auto& node : *g.mutable_node()) {
    if (node.name() != "pick") continue;
    node.mutable_attribute(1)->mutable_g()->mutable_node(0)->set_input(0, "pre_out");
  }
  const onnx::ModelProto before = model;
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_EQ(NodeNames(model.graph()), (std::vector<std::string>{"relu", "pick", "add"}));
  EXPECT_EQ(changes.Get("nodes"), 4);
  FullCheck(model);
  ExpectSameOutputs(before, model);
}

TEST(RemoveUnusedTest, ModelWithNothingUnusedIsLeftUnchanged) {
  onnx::ModelProto model = ParseModel(ConvNetModel());
  const std::string before = model.SerializeAsString();
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_FALSE(changes.changed());
  EXPECT_TRUE(changes.details.empty());
  EXPECT_EQ(model.SerializeAsString(), before);
}

}  // namespace
}  // namespace ortkit::testing
