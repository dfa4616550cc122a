// SessionConfig::custom_op_libraries at session creation: the example library's ops load and
// run, and each way a library can be wrong is an error naming it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit/session_config.h"
#include "testing/custom_op_models.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

using ::testing::HasSubstr;

Model LoadDeformConv(const SessionConfig& config) {
  const std::string bytes = DeformConvModel(DeformConvSpec{});
  return Model::FromBytes(bytes.data(), bytes.size(), config, "dcn.onnx");
}

// The message of the Error `load` throws, after checking its category.
template <typename F>
std::string ErrorOf(F&& load, ErrorCategory category) {
  try {
    load();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), category) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(CustomOpLibraryTest, TheExampleLibraryMakesItsOpsLoadAndRun) {
  SessionConfig config;
  config.custom_op_libraries = {ExampleOpsLibraryPath()};
  const Model model = LoadDeformConv(config);
  EXPECT_EQ(model.inputs().size(), 3u);
}

TEST(CustomOpLibraryTest, WithoutItOrtRefusesTheOp) {
  EXPECT_THAT(ErrorOf([] { LoadDeformConv(SessionConfig{}); }, ErrorCategory::kLoad),
              HasSubstr("mmcv:MMCVModulatedDeformConv2d(-1) is not a registered function/op"));
}

TEST(CustomOpLibraryTest, AMissingFileIsRefusedBeforeOrtSeesIt) {
  SessionConfig config;
  config.custom_op_libraries = {"/nonexistent/libdcn.so"};
  EXPECT_EQ(ErrorOf([&] { LoadDeformConv(config); }, ErrorCategory::kConfig),
            "session config: custom_op_libraries[0]: expected an existing file, got '/nonexistent/libdcn.so' "
            "(no such file)");
}

TEST(CustomOpLibraryTest, AFileThatIsNotASharedObjectIsNamedWithOrtsReason) {
  TempDir dir;
  // Longer than an ELF header, so that the loader reads one and finds it wrong.
  std::ofstream(dir.File("libnotes.so")) << std::string(256, 'x');
  SessionConfig config;
  config.custom_op_libraries = {dir.File("libnotes.so")};
  const std::string message = ErrorOf([&] { LoadDeformConv(config); }, ErrorCategory::kConfig);
  EXPECT_THAT(message, HasSubstr("custom-op library '" + dir.File("libnotes.so") + "' could not be registered"));
  EXPECT_THAT(message, HasSubstr("invalid ELF header"));
}

TEST(CustomOpLibraryTest, ALibraryWithoutRegisterCustomOpsIsNamed) {
  SessionConfig config;
  config.custom_op_libraries = {ORTKIT_NO_CUSTOM_OPS_LIBRARY};
  const std::string message = ErrorOf([&] { LoadDeformConv(config); }, ErrorCategory::kConfig);
  EXPECT_THAT(message, HasSubstr("custom-op library '" ORTKIT_NO_CUSTOM_OPS_LIBRARY "' could not be registered"));
  EXPECT_THAT(message, HasSubstr("RegisterCustomOps"));
}

TEST(CustomOpLibraryTest, WithTwoLibrariesTheFailingOneIsNamed) {
  SessionConfig config;
  config.custom_op_libraries = {ExampleOpsLibraryPath(), ORTKIT_NO_CUSTOM_OPS_LIBRARY};
  EXPECT_THAT(ErrorOf([&] { LoadDeformConv(config); }, ErrorCategory::kConfig),
              HasSubstr("custom-op library '" ORTKIT_NO_CUSTOM_OPS_LIBRARY "'"));
}

TEST(CustomOpLibraryTest, AProfileCarriesTheLibraryToTheSession) {
  SessionConfig written;
  written.custom_op_libraries = {ExampleOpsLibraryPath()};
  const SessionConfig read = SessionConfig::FromJson(written.ToJson());
  EXPECT_EQ(read.custom_op_libraries, written.custom_op_libraries);
  EXPECT_EQ(LoadDeformConv(read).outputs().size(), 1u);
}

}  // namespace
}  // namespace ortkit::testing
