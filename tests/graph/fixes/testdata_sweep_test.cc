// The structural passes over every model of ONNX's backend test data that ONNX Runtime loads:
// remove-initializers-from-inputs and remove-unused must not change a single output bit (ORT
// running the graphs as written: see AsWritten).
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "compare/compare.h"
#include "conformance/conformance_case.h"
#include "conformance/test_data.h"
#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::testing {
namespace {

struct SweepCounts {
  int models = 0;       // cases with a model file
  int loaded = 0;       // the original loads in ORT and runs on its data set
  int changed = 0;      // some pass changed the model
  int compared = 0;     // outputs compared
  int nondeterministic = 0;  // the original disagrees with itself (random ops): not comparable
  std::vector<std::string> failures;
};

// The outputs of `model` on the data set's inputs; nullopt when it doesn't load or run.
std::optional<NamedValues> RunOnDataSet(const std::string& bytes, const conformance::ConformanceCase& c) {
  try {
    const Model model = Model::FromBytes(bytes.data(), bytes.size(), AsWritten(), c.id());
    const conformance::DataSet data = conformance::ReadDataSet(c.data_sets.at(0), model.inputs(), model.outputs());
    return model.run(data.inputs);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

void SweepOne(const conformance::ConformanceCase& c, SweepCounts& counts) {
  if (c.data_sets.empty()) return;
  std::ifstream in(c.model_path, std::ios::binary);
  if (!in) return;
  ++counts.models;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string original_bytes = buffer.str();
  const std::optional<NamedValues> expected = RunOnDataSet(original_bytes, c);
  if (!expected) return;
  ++counts.loaded;

  onnx::ModelProto model = graph::ParseModel(original_bytes, c.id());
  bool changed = false;
  for (const char* pass : {"remove-initializers-from-inputs", "remove-unused"}) {
    changed = ApplyPass(pass, model).changed() || changed;
  }
  if (!changed) return;
  ++counts.changed;
  const std::optional<NamedValues> actual = RunOnDataSet(graph::SerializeModel(model), c);
  if (!actual) {
    counts.failures.push_back(c.id() + ": the fixed model no longer loads or runs");
    return;
  }
  if (compare::CompareOutputs(*actual, *expected, Exact()).pass) {
    ++counts.compared;
    return;
  }
  const std::optional<NamedValues> again = RunOnDataSet(original_bytes, c);
  if (again && !compare::CompareOutputs(*again, *expected, Exact()).pass) {
    ++counts.nondeterministic;
    return;
  }
  counts.failures.push_back(c.id() + ": outputs differ after the fix");
}

TEST(TestdataSweepTest, StructuralPassesKeepEveryOutputOfEveryLoadableModelIdentical) {
  const auto cases = conformance::DiscoverCases(ORTKIT_ONNX_TESTDATA_DIR, conformance::DefaultSuites());
  if (cases.empty()) GTEST_SKIP() << "no ONNX test data under " << ORTKIT_ONNX_TESTDATA_DIR;
  SweepCounts counts;
  for (const auto& c : cases) SweepOne(c, counts);

  for (const auto& failure : counts.failures) ADD_FAILURE() << failure;
  std::printf("fix sweep: %d models, %d load and run in ORT, %d changed by the passes, %d of them compared "
              "identical, %d nondeterministic\n",
              counts.models, counts.loaded, counts.changed, counts.compared, counts.nondeterministic);
  // The old PyTorch exports list their weights as inputs: the sweep must have exercised the passes.
  EXPECT_GT(counts.changed, 10);
  EXPECT_EQ(counts.compared + counts.nondeterministic + static_cast<int>(counts.failures.size()), counts.changed);
}

// float64-to-float32 keeps the interface, so the converted model takes the same data set. Its
// numbers may differ (float32 is less precise), but it must still load and run wherever the
// original does: the Casts inserted at the boundary and the converted ops must fit together.
TEST(TestdataSweepTest, Float64ToFloat32ResultsLoadAndRunWhereverTheOriginalDoes) {
  const auto cases = conformance::DiscoverCases(ORTKIT_ONNX_TESTDATA_DIR, conformance::DefaultSuites());
  if (cases.empty()) GTEST_SKIP() << "no ONNX test data under " << ORTKIT_ONNX_TESTDATA_DIR;
  int changed = 0, close = 0;
  for (const auto& c : cases) {
    if (c.data_sets.empty()) continue;
    std::ifstream in(c.model_path, std::ios::binary);
    if (!in) continue;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::optional<NamedValues> expected = RunOnDataSet(buffer.str(), c);
    if (!expected) continue;
    onnx::ModelProto model = graph::ParseModel(buffer.str(), c.id());
    if (!ApplyPass("float64-to-float32", model).changed()) continue;
    ++changed;
    const std::optional<NamedValues> actual = RunOnDataSet(graph::SerializeModel(model), c);
    if (!actual) {
      ADD_FAILURE() << c.id() << ": the float32 model no longer loads or runs";
      continue;
    }
    if (compare::CompareOutputs(*actual, *expected).pass) {
      ++close;
    } else {
      std::printf("float64 sweep: %s differs beyond the default tolerance\n", c.id().c_str());
    }
  }
  std::printf("float64 sweep: %d models changed, %d within rtol 1e-3 / atol 1e-5 of the original\n", changed, close);
  EXPECT_GT(changed, 10);
}

}  // namespace
}  // namespace ortkit::testing
