// Tests of profile/run_traces: a run's file found by its prefix, runs joined at their start times.
#include "profile/run_traces.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::profile {
namespace {

TEST(RunTracesTest, FindsARunsFileByItsPrefixOnly) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("run10_2026-12-06_20-12-30_773.json"), "[]");
  testing::WriteFile(dir.File("run1_2026-12-06_20-12-30_772.json"), "[]");
  EXPECT_EQ(FindRunTrace(dir.path(), "run1"), dir.File("run1_2026-12-06_20-12-30_772.json"));
  EXPECT_EQ(FindRunTrace(dir.path(), "run10"), dir.File("run10_2026-12-06_20-12-30_773.json"));
  EXPECT_THROW(FindRunTrace(dir.path(), "run2"), Error);
}

TEST(RunTracesTest, ShiftsEachRunToWhereItBegan) {
  testing::TempDir dir;
  const std::string run = R"([{"cat":"Session","name":"model_run","ts":0,"dur":100},
                              {"cat":"Node","name":"/a_kernel_time","ts":5,"dur":50,"args":{}}])";
  testing::WriteFile(dir.File("a.json"), run);
  testing::WriteFile(dir.File("b.json"), run);
  const auto joined = nlohmann::json::parse(JoinRunTraces({{dir.File("a.json"), 0}, {dir.File("b.json"), 1000}}));
  ASSERT_EQ(joined.size(), 4u);
  EXPECT_EQ(joined[0]["ts"], 0);
  EXPECT_EQ(joined[1]["ts"], 5);
  EXPECT_EQ(joined[2]["ts"], 1000);
  EXPECT_EQ(joined[3]["ts"], 1005);
  EXPECT_EQ(joined[3]["dur"], 50);
}

TEST(RunTracesTest, AFileThatIsNoTraceIsAnErrorNamingIt) {
  testing::TempDir dir;
  testing::WriteFile(dir.File("object.json"), R"({"traceEvents": 1})");
  testing::WriteFile(dir.File("numbers.json"), "[1, 2]");
  for (const char* name : {"object.json", "numbers.json"}) {
    try {
      JoinRunTraces({{dir.File(name), 0}});
      ADD_FAILURE() << name;
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(name), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace ortkit::profile
