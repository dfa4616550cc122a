// Tests of core::ScopedLogTap: a session's own lines, whatever the process sink's severity.
#include "core/ort_env.h"

#include <algorithm>
#include <functional>
#include <mutex>

#include <gtest/gtest.h>

#include "core/ort_session_options.h"
#include "testing/test_models.h"

namespace ortkit::core {
namespace {

// Creates a session for the Add model whose log id is `log_id` and whose own log is verbose.
void CreateVerboseSession(const std::string& log_id) {
  const std::string bytes = testing::AddModel();
  BuiltSessionOptions built = BuildSessionOptions(SessionConfig{}, log_id);
  built.options.SetLogSeverityLevel(ORT_LOGGING_LEVEL_VERBOSE);
  Ort::Session session(*ProcessEnv(), bytes.data(), bytes.size(), built.options);
}

struct Lines {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::function<void(LogSeverity, std::string_view)> Receiver() {
    return [this](LogSeverity, std::string_view message) {
      std::lock_guard<std::mutex> lock(mutex);
      lines.emplace_back(message);
    };
  }
};

TEST(LogTapTest, ReceivesVerboseLinesOfItsSessionWhileTheSinkFiltersThem) {
  Lines tapped;
  {
    ScopedLogTap tap("tap-test-a", tapped.Receiver());
    CreateVerboseSession("tap-test-a");
  }
  std::lock_guard<std::mutex> lock(tapped.mutex);
  EXPECT_NE(std::find(tapped.lines.begin(), tapped.lines.end(), "Node placements"), tapped.lines.end());
}

TEST(LogTapTest, IgnoresOtherSessionsAndStopsWhenDestroyed) {
  Lines tapped;
  {
    ScopedLogTap tap("tap-test-b", tapped.Receiver());
    CreateVerboseSession("tap-test-other");
  }
  CreateVerboseSession("tap-test-b");  // after the tap is gone
  std::lock_guard<std::mutex> lock(tapped.mutex);
  EXPECT_TRUE(tapped.lines.empty()) << tapped.lines.front();
}

TEST(LogTapTest, TappedLinesNoLongerReachTheSink) {
  std::mutex mutex;
  std::vector<std::string> sink_categories;
  SetLogSink(
      [&](LogSeverity, std::string_view category, std::string_view) {
        std::lock_guard<std::mutex> lock(mutex);
        sink_categories.emplace_back(category);
      },
      LogSeverity::kVerbose);
  Lines tapped;
  {
    ScopedLogTap tap("tap-test-c", tapped.Receiver());
    CreateVerboseSession("tap-test-c");
    CreateVerboseSession("tap-test-untapped");
  }
  SetLogSink(nullptr);
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(std::count(sink_categories.begin(), sink_categories.end(), "tap-test-c"), 0);
  EXPECT_GT(std::count(sink_categories.begin(), sink_categories.end(), "tap-test-untapped"), 0);
  std::lock_guard<std::mutex> tapped_lock(tapped.mutex);
  EXPECT_FALSE(tapped.lines.empty());
}

TEST(LogNoteTest, OrtkitsOwnNotesReachTheSinkAtItsSeverityOnly) {
  std::vector<std::pair<std::string, std::string>> received;
  SetLogSink(
      [&](LogSeverity, std::string_view category, std::string_view message) {
        received.emplace_back(category, message);
      },
      LogSeverity::kWarning);
  LogNote(LogSeverity::kWarning, "ortkit placement", "the record and the log disagree");
  LogNote(LogSeverity::kInfo, "ortkit placement", "below the sink's minimum");
  SetLogSink(nullptr);
  EXPECT_EQ(received, (std::vector<std::pair<std::string, std::string>>{
                          {"ortkit placement", "the record and the log disagree"}}));
}

}  // namespace
}  // namespace ortkit::core
