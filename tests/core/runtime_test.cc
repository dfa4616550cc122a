// Tests of runtime facts (versions, providers) and log routing.
#include "ortkit/runtime.h"

#include <algorithm>
#include <mutex>

#include <gtest/gtest.h>

#include "ortkit/model.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

TEST(RuntimeTest, ReportsVersions) {
  EXPECT_STREQ(Version(), "0.1.0");
  EXPECT_FALSE(OrtLibraryVersion().empty());
  EXPECT_GE(OrtApiVersion(), 21);
}

TEST(RuntimeTest, CpuIsAlwaysAvailableAndUsable) {
  auto providers = OrtAvailableProviders();
  EXPECT_NE(std::find(providers.begin(), providers.end(), "CPUExecutionProvider"), providers.end());
  std::string why;
  EXPECT_TRUE(ProviderUsable("cpu", &why)) << why;
  EXPECT_TRUE(ProviderUsable("CPUExecutionProvider"));
  EXPECT_EQ(why, "");
}

TEST(RuntimeTest, UnknownProviderIsNotUsable) {
  std::string why;
  EXPECT_FALSE(ProviderUsable("warp-drive", &why));
  EXPECT_EQ(why, "unknown provider 'warp-drive'");
}

TEST(RuntimeTest, LogSinkReceivesOrtsLines) {
  std::mutex mutex;
  std::vector<std::string> lines;
  SetLogSink(
      [&](LogSeverity, std::string_view, std::string_view message) {
        std::lock_guard<std::mutex> lock(mutex);
        lines.emplace_back(message);
      },
      LogSeverity::kVerbose);
  const std::string bytes = testing::AddModel();
  Model::FromBytes(bytes.data(), bytes.size());
  SetLogSink(nullptr);
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_FALSE(lines.empty()) << "verbose session creation logs nothing";
}

}  // namespace
}  // namespace ortkit
