// `ortkit check --target` end to end on an exporter-style model with Constant nodes: the coverage
// counted on ONNX Runtime's graph (golden text, JSON), and on the file's graph with --no-ort.
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "graph/coverage/exported_models.h"
#include "graph/model_builder.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

class CliCheckTargetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    graph::SaveModel(ExportedConvNet(), dir_->File("exported.onnx"));
  }
  static void TearDownTestSuite() { dir_.reset(); }

  static CliResult Checked(const std::vector<std::string>& args) {
    CliResult r = RunCli(args, dir_->path());
    EXPECT_EQ(r.exit_code, 0) << r.err;  // coverage findings are warnings; --fail-on is error
    EXPECT_EQ(r.err, "");
    return r;
  }

  static std::unique_ptr<TempDir> dir_;
};

std::unique_ptr<TempDir> CliCheckTargetTest::dir_;

TEST_F(CliCheckTargetTest, CoremlOnOrtsGraphGolden) {
  ExpectGolden("check_target_coreml.txt", Checked({"check", "exported.onnx", "--target", "coreml"}).out);
}

TEST_F(CliCheckTargetTest, NoOrtCountsTheFilesGraphGolden) {
  ExpectGolden("check_target_coreml_no_ort.txt",
               Checked({"check", "exported.onnx", "--target", "coreml", "--no-ort"}).out);
}

TEST_F(CliCheckTargetTest, JsonSaysWhichGraphWasCounted) {
  const auto doc =
      nlohmann::json::parse(Checked({"check", "exported.onnx", "--target", "nnapi", "--format", "json"}).out);
  int summaries = 0;
  for (const auto& f : doc["findings"]) {
    if (f["rule_id"] != "ORTKIT009" || f["location_kind"] != "graph") continue;
    const std::string message = f["message"];
    if (message.rfind("nnapi ", 0) != 0) continue;
    ++summaries;
    EXPECT_NE(message.find("; counted on ONNX Runtime's graph: 19 nodes in the file, 10 after its basic "
                           "optimisations"),
              std::string::npos)
        << message;
  }
  EXPECT_EQ(summaries, 1);
}

}  // namespace
}  // namespace ortkit::testing
