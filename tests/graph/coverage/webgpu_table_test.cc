// Checks the WebGPU op table against the ORT library in this build: for single-input float ops,
// the table's verdict must match where ORT really places the op (skipped without WebGPU).
#include <gtest/gtest.h>

#include "graph/checks/coverage_analysis.h"
#include "graph/coverage/coverage_models.h"
#include "graph/model_builder.h"
#include "ortkit/placement.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"

namespace ortkit::graph {
namespace {

// x -> Relu -> `op` (mid) -> Round (anchor) -> y. Round runs on CPU (PlacementTest checks it), so
// ORT lists every node in its log and one session per op is enough.
onnx::ModelProto Probe(const std::string& op, ElementType type) {
  ModelBuilder b("probe");
  b.Input("x", type, {1, 4})
      .Output("y", type, {1, 4})
      .Node("Relu", {"x"}, {"a"}, {}, "relu")
      .Node(op, {"a"}, {"b"}, {}, "mid")
      .Node("Round", {"b"}, {"y"}, {}, "anchor");
  return b.proto();
}

// For each op: the table's verdict on node "mid", and whether ORT placed it on WebGPU
// (optimisations off, so the node stays as written).
void ExpectTableMatchesOrt(const std::vector<std::string>& ops, ElementType type = ElementType::kFloat32) {
  testing::TempDir dir;
  SessionConfig config;
  config.providers.push_back(ProviderConfig{"webgpu", {}});
  config.optimization_level = OptimizationLevel::kDisabled;
  for (const std::string& op : ops) {
    const onnx::ModelProto model = Probe(op, type);
    const onnx::ModelProto inferred = testing::Inferred(model);
    const CoverageResult predicted = AnalyzeCoverage(GraphIndex(inferred), WebGpuOpTable());
    const std::string path = dir.File(op + ".onnx");
    SaveModel(model, path);
    std::string placed;
    for (const NodePlacement& p : ReadNodePlacement(path, config)) {
      if (p.node == "mid") placed = p.provider;
    }
    EXPECT_EQ(predicted.nodes.at(1).taken, placed == "WebGpuExecutionProvider") << op << ": ORT placed it on " << placed;
  }
}

TEST(WebGpuTableTest, ElementwiseMathOpsTheTableGivesWebGpuRunThere) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  ExpectTableMatchesOrt({"Abs", "Neg", "Floor", "Ceil", "Reciprocal", "Sqrt", "Exp", "Erf", "Sigmoid",
                         "HardSigmoid", "Log", "Elu"});
}

TEST(WebGpuTableTest, TrigonometricOpsTheTableGivesWebGpuRunThere) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  ExpectTableMatchesOrt({"Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh",
                         "Tanh"});
}

TEST(WebGpuTableTest, OtherOpsArePlacedWhereTheTableSays) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  ExpectTableMatchesOrt({"LeakyRelu", "ThresholdedRelu", "Identity", "Softmax", "Softplus", "HardSwish", "Round",
                         "Sign", "Softsign", "Selu", "Celu", "Shrink", "Hardmax", "LogSoftmax"});
}

TEST(WebGpuTableTest, Float64OpsArePlacedOnCpuAsTheTableSays) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  ExpectTableMatchesOrt({"Neg", "Sqrt", "Exp", "Softmax"}, ElementType::kFloat64);
}

}  // namespace
}  // namespace ortkit::graph
