// Tests of provider coverage on the graph ONNX Runtime partitions (partitioned_graph.h): ORT's
// level-basic graph of an exporter-style model, exact fallbacks, partitions and crossings per
// target, node names mapped back to the file's, and the file's graph where ORT is not used.
#include "graph/checks/partitioned_graph.h"

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <vector>

#include <gtest/gtest.h>

#include "graph/check_engine.h"
#include "graph/checks/coverage_analysis.h"
#include "graph/checks/provider_coverage.h"
#include "graph/coverage/exported_models.h"
#include "graph/model_builder.h"
#include "testing/temp_dir.h"

namespace ortkit::graph {
namespace {

class PartitionedGraphTest : public ::testing::Test {
 protected:
  std::vector<Finding> Check(const onnx::ModelProto& model, std::vector<std::string> targets, bool use_ort = true) {
    path_ = dir_.File("model.onnx");
    SaveModel(model, path_);
    CheckOptions options;
    options.targets = std::move(targets);
    options.use_ort = use_ort;
    std::vector<std::unique_ptr<Rule>> rules;
    rules.push_back(MakeProviderCoverageRule());
    return RunChecks(path_, options, rules).findings;
  }

  // The summary finding of `target` (its message starts with the target's name).
  static const Finding& SummaryOf(const std::vector<Finding>& findings, const std::string& target) {
    const auto it = std::find_if(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.location_kind == "graph" && f.message.rfind(target + " ", 0) == 0;
    });
    if (it == findings.end()) throw std::runtime_error("no summary finding for " + target);
    return *it;
  }

  static std::vector<std::string> NodeFindings(const std::vector<Finding>& findings, const std::string& target) {
    std::vector<std::string> out;
    for (const Finding& f : findings) {
      if (f.location_kind == "node" && f.message.find(" on " + target + " (") != std::string::npos) {
        out.push_back(f.message);
      }
    }
    return out;
  }

  testing::TempDir dir_;
  std::string path_;
};

std::vector<std::string> NodeNames(const onnx::GraphProto& graph) {
  std::vector<std::string> names;
  for (const auto& node : graph.node()) names.push_back(node.op_type() + " " + node.name());
  return names;
}

// What ORT 1.30's level-1 transformers do to the exporter's graph, measured: the Constant nodes
// become initializers, the Shape->Gather->Unsqueeze->Concat chain folds into Reshape's shape
// initializer, the Identity goes; Conv, Relu, Gemm and Mul stay unfused (those fusions are level 2).
TEST_F(PartitionedGraphTest, OrtBasicGraphOfAnExportedModel) {
  testing::TempDir dir;
  SaveModel(testing::ExportedConvNet(), dir.File("m.onnx"));
  const onnx::ModelProto ort = OrtBasicGraph(dir.File("m.onnx"));
  EXPECT_EQ(NodeNames(ort.graph()),
            (std::vector<std::string>{"Conv /stem/conv/Conv", "Relu /stem/act/Relu", "Conv /layers.0/conv/Conv",
                                      "Round /layers.0/Round", "Add /layers.0/Add", "Reshape /head/Reshape",
                                      "Gemm /head/fc/Gemm", "Mul /head/Mul", "Floor /head/Floor",
                                      "Softmax /head/Softmax"}));
}

// Which fusions ORT 1.30 does at level basic, measured rather than assumed: BatchNormalization and
// a Mul by a constant after Conv fold into the Conv (which keeps its name), MatMul+Add becomes a
// Gemm ORT names itself, a Dropout inside the graph goes; Relu after Conv stays (ConvActivationFusion
// is level 2).
TEST_F(PartitionedGraphTest, OrtBasicFusionsAreCountedAsOneNode) {
  ModelBuilder b("fusions", 13);
  b.Input("x", ElementType::kFloat32, {1, 3, 4, 4})
      .Output("y", ElementType::kFloat32, {1, 5})
      .Initializer("w", SeededWeights(4 * 3 * 1 * 1, 0.3f, 1), {4, 3, 1, 1})
      .Initializer("scale", std::vector<float>{1, 2, 3, 4}, {4})
      .Initializer("bias", std::vector<float>{0, 0, 0, 0}, {4})
      .Initializer("mean", std::vector<float>{0, 0, 0, 0}, {4})
      .Initializer("var", std::vector<float>{1, 1, 1, 1}, {4})
      .Initializer("k", std::vector<float>{2, 2, 2, 2}, {4, 1, 1})
      .Initializer("fc", SeededWeights(64 * 5, 0.1f, 2), {64, 5})
      .Initializer("fc_bias", SeededWeights(5, 0.1f, 3), {5})
      .Node("Conv", {"x", "w"}, {"c"}, {}, "/conv/Conv")
      .Node("BatchNormalization", {"c", "scale", "bias", "mean", "var"}, {"bn"}, {}, "/bn/BatchNormalization")
      .Node("Mul", {"bn", "k"}, {"m"}, {}, "/Mul")
      .Node("Relu", {"m"}, {"r"}, {}, "/act/Relu")
      .Node("Flatten", {"r"}, {"f"}, {}, "/Flatten")
      .Node("MatMul", {"f", "fc"}, {"mm"}, {}, "/fc/MatMul")
      .Node("Add", {"mm", "fc_bias"}, {"a"}, {}, "/fc/Add")
      .Node("Dropout", {"a"}, {"d"}, {}, "/Dropout")
      .Node("Softmax", {"d"}, {"y"}, {}, "/Softmax");
  testing::TempDir dir;
  SaveModel(b.proto(), dir.File("m.onnx"));
  EXPECT_EQ(NodeNames(OrtBasicGraph(dir.File("m.onnx")).graph()),
            (std::vector<std::string>{"Conv /conv/Conv", "Relu /act/Relu", "Flatten /Flatten",
                                      "Gemm /fc/MatMul/MatMulAddFusion", "Softmax /Softmax"}));
}

TEST_F(PartitionedGraphTest, CoremlCountsOnlyTheNodesOrtPartitions) {
  const auto findings = Check(testing::ExportedConvNet(), {"coreml"});
  const Finding& f = SummaryOf(findings, "coreml");
  EXPECT_EQ(f.severity, Severity::kWarning);
  EXPECT_EQ(f.message,
            "coreml takes 9 of 10 nodes per its op table, in 2 partitions; 1 node falls back to CPU (Floor x1); "
            "2 tensors cross between coreml and CPU, each a hand-over between partitions; counted on ONNX Runtime's "
            "graph: 19 nodes in the file, 10 after its basic optimisations");
  EXPECT_NE(f.why.find("counted on the graph ONNX Runtime partitions"), std::string::npos) << f.why;
  EXPECT_EQ(NodeFindings(findings, "coreml"),
            std::vector<std::string>{"Floor: 1 node falls back to CPU on coreml (/head/Floor): no kernel for "
                                     "ai.onnx:Floor"});
}

TEST_F(PartitionedGraphTest, NnapiAndXnnpackOnTheSameGraph) {
  const auto findings = Check(testing::ExportedConvNet(), {"nnapi", "xnnpack"});
  EXPECT_EQ(SummaryOf(findings, "nnapi").message,
            "nnapi takes 9 of 10 nodes per its op table, in 2 partitions; 1 node falls back to CPU (Round x1); "
            "2 tensors cross between nnapi and CPU, each a hand-over between partitions; counted on ONNX Runtime's "
            "graph: 19 nodes in the file, 10 after its basic optimisations");
  EXPECT_EQ(SummaryOf(findings, "xnnpack").message,
            "xnnpack takes 9 of 10 nodes per its op table, in 2 partitions; 1 node falls back to CPU (Reshape x1); "
            "2 tensors cross between xnnpack and CPU, each a hand-over between partitions; counted on ONNX Runtime's "
            "graph: 19 nodes in the file, 10 after its basic optimisations");
  const auto round =
      std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.op_type == "Round"; });
  ASSERT_NE(round, findings.end());
  EXPECT_EQ(round->location, "/layers.0/Round");  // the file's node
}

TEST_F(PartitionedGraphTest, WithoutOrtCountsTheFilesGraphLessItsConstants) {
  const auto findings = Check(testing::ExportedConvNet(), {"coreml"}, /*use_ort=*/false);
  const Finding& f = SummaryOf(findings, "coreml");
  EXPECT_EQ(f.message,
            "coreml takes 13 of 15 nodes per its op table, in 3 partitions; 2 nodes fall back to CPU (Floor x1, "
            "Gather x1); 4 tensors cross between coreml and CPU, each a hand-over between partitions; counted on "
            "the file's graph less its 4 Constant nodes (15 of 19 nodes), as --no-ort is set");
  EXPECT_NE(f.why.find("counted on the file's graph (--no-ort is set)"), std::string::npos) << f.why;
  for (const std::string& message : NodeFindings(findings, "coreml")) {
    EXPECT_EQ(message.find("Constant"), std::string::npos) << message;
  }
}

TEST_F(PartitionedGraphTest, AModelOrtRefusesIsCountedOnTheFilesGraph) {
  const auto findings = Check(testing::ExportedConvNetOrtRefuses(), {"nnapi"});
  EXPECT_EQ(SummaryOf(findings, "nnapi").message,
            "nnapi takes 12 of 16 nodes per its op table, in 3 partitions; 4 nodes fall back to CPU (Quantise x1, "
            "Round x1, Shape x1, Softmax x1); 5 tensors cross between nnapi and CPU, each a hand-over between "
            "partitions; counted on the file's graph less its 4 Constant nodes (16 of 20 nodes), as ONNX Runtime "
            "refused the model (see ORTKIT010)");
  // Softmax too: the unknown op's output has no type, so nnapi can't see a static shape.
}

TEST_F(PartitionedGraphTest, AfterAnOrtCrashTheFilesGraphIsCountedAndSaysWhy) {
  path_ = dir_.File("model.onnx");
  SaveModel(testing::ExportedConvNet(), path_);
  CheckOptions options;
  options.targets = {"coreml"};
  options.ort_crash_probe = [](const std::string&, const std::string&) {
    return std::optional<std::string>("signal 11, SIGSEGV");
  };
  std::vector<std::unique_ptr<Rule>> rules;
  rules.push_back(MakeProviderCoverageRule());
  const auto findings = RunChecks(path_, options, rules).findings;
  const std::string& message = SummaryOf(findings, "coreml").message;
  EXPECT_NE(message.find("; counted on the file's graph less its 4 Constant nodes (15 of 19 nodes), as the "
                         "rules that need ONNX Runtime were skipped after a crash (see ORTKIT010)"),
            std::string::npos)
      << message;
}

TEST_F(PartitionedGraphTest, AModelOrtFoldsWholeLeavesNothingToTake) {
  ModelBuilder b("folded", 13);
  b.Output("y", ElementType::kFloat32, {2})
      .Node("Constant", {}, {"c"}, {Attr::Tensor("value", MakeTensor("", std::vector<float>{-1, 2}, {2}))}, "/Constant")
      .Node("Relu", {"c"}, {"y"}, {}, "/Relu");
  const auto findings = Check(b.proto(), {"nnapi"});
  const Finding& f = SummaryOf(findings, "nnapi");
  EXPECT_EQ(f.severity, Severity::kInfo);
  EXPECT_EQ(f.message,
            "nnapi has no node to take; counted on ONNX Runtime's graph: 2 nodes in the file, 0 after its basic "
            "optimisations");
}

TEST_F(PartitionedGraphTest, UnnamedNodesKeepTheFilesNumbering) {
  onnx::ModelProto model = testing::ExportedConvNet();
  for (auto& node : *model.mutable_graph()->mutable_node()) node.clear_name();
  const auto findings = Check(model, {"coreml"});
  const auto floor =
      std::find_if(findings.begin(), findings.end(), [](const Finding& f) { return f.op_type == "Floor"; });
  ASSERT_NE(floor, findings.end());
  EXPECT_EQ(floor->location, "(unnamed Floor #17)");  // its position in the file, not in ORT's graph
}

}  // namespace
}  // namespace ortkit::graph
