// `ortkit trace --html` opened in a real headless Chromium with the browser tests' harness
// (tests/browser/report_page_check.h): no console message, exception or request, and the memory
// chart drawn. Skips only when no Chromium is installed.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "browser/headless_chromium.h"
#include "browser/report_page_check.h"
#include "process/child_process.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

TEST(TraceReportBrowserTest, HtmlReportLoadsWithoutErrorsAndDrawsTheMemoryChart) {
#ifdef ORTKIT_TRACE_SKIP_REASON
  GTEST_SKIP() << ORTKIT_TRACE_SKIP_REASON;
#endif
  const auto chromium = FindChromium();
  if (!chromium) GTEST_SKIP() << "Chromium is not installed (apt-get install chromium, or set ORTKIT_CHROMIUM)";
  TempDir dir;
  const std::string model = dir.File("meta.onnx");
  WriteFile(model, MetadataModel());
  const std::string html = dir.File("trace.html");
  process::ChildOptions child;
  child.argv = {ORTKIT_CLI_PATH, "trace", "--html", html, "--", ORTKIT_TRACE_MEMORY_APP, "leak", "30000", model};
  child.timeout_s = 120;
  const process::ChildResult result = process::RunChild(child);
  ASSERT_EQ(result.exit_code, 1) << result.out;
  ASSERT_TRUE(fs::exists(html));
  TempDir profile;  // a fresh --user-data-dir
  const PageCheck check = CheckPageInChromium(*chromium, profile.path(), fs::absolute(html).string(), "");
  EXPECT_EQ(check.Problems(), "");
  EXPECT_EQ(check.report_state, "ready");
  EXPECT_EQ(check.charts_expected, 1);
  EXPECT_EQ(check.charts_drawn, 1);
  EXPECT_NE(check.heading.find("ortkit trace"), std::string::npos) << check.heading;
}

}  // namespace
}  // namespace ortkit::testing
