// The doctor HTML report opened in a real headless Chromium (issue 6): no console message, no
// exception, no network request, every chart drawn, a screenshot kept as an artifact under the
// build directory (tests/browser/artifacts/). Skips only when no Chromium is installed.
//
// Why the DevTools protocol (over --remote-debugging-pipe) rather than --dump-dom with
// --enable-logging=stderr: that log prints every console message at INFO, without its level,
// among the browser's own D-Bus and GPU errors, and a NetLog (--log-net-log) is full of the
// browser's own requests (component updates, accounts) even with --disable-background-networking.
// Over the protocol, every console call, exception, log entry (a CSP refusal is one) and request
// arrives tagged with the page's session, so the page's own problems are told apart exactly. The
// charts are judged by pixels the test counts itself, not only by what the page says it drew.
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "browser/headless_chromium.h"
#include "browser/report_page_check.h"
#include "doctor/doctor_report.h"
#include "report/doctor_html.h"
#include "testing/temp_dir.h"
#include "testing/time_scale.h"

namespace ortkit::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class DoctorReportBrowserTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto found = FindChromium();
    if (!found) GTEST_SKIP() << "Chromium is not installed (apt-get install chromium, or set ORTKIT_CHROMIUM)";
    chromium_ = *found;
    fs::create_directories(kArtifacts);
  }

  PageCheck Open(const std::string& html_path, const std::string& screenshot, const std::string& pdf = "") {
    TempDir profile;  // a fresh --user-data-dir each time
    return CheckPageInChromium(chromium_, profile.path(), fs::absolute(html_path).string(), screenshot, pdf);
  }

  static void WriteFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    ASSERT_TRUE(out.good()) << "cannot write " << path;
  }

  static json Fixture() {
    std::ifstream in(ORTKIT_DOCTOR_FIXTURE);
    return json::parse(in);
  }

  const std::string kArtifacts = ORTKIT_BROWSER_ARTIFACTS;
  std::string chromium_;
};

// Runs `command` through the shell; returns its exit status and stdout.
std::pair<int, std::string> Shell(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  std::array<char, 4096> chunk;
  while (size_t n = fread(chunk.data(), 1, chunk.size(), pipe)) output.append(chunk.data(), n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// `ortkit doctor` exists once its subcommand is listed in `ortkit --help`.
bool OrtkitHasDoctor() {
  if (!fs::exists(ORTKIT_CLI)) return false;
  const auto [status, help] = Shell(std::string("'") + ORTKIT_CLI + "' --help 2>/dev/null");
  return status == 0 && help.find("\n  doctor ") != std::string::npos;
}

// First, that this harness can fail: a page that logs, throws and requests is caught.
TEST_F(DoctorReportBrowserTest, HarnessCatchesConsoleMessagesExceptionsAndRequests) {
  TempDir dir;
  const std::string page = dir.File("bad.html");
  WriteFile(page, R"(<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; img-src data:">
</head><body><h1>bad</h1><img src="http://example.invalid/pixel.png">
<script>console.error('something broke'); fetch('https://example.invalid/').catch(function () {});</script>
<script>notDefined();</script></body></html>)");
  const PageCheck check = Open(page, "");
  EXPECT_EQ(check.console.size(), 1u);
  EXPECT_EQ(check.exceptions.size(), 1u);
  // The policy refuses both requests, each refusal an error log entry naming the URL; the image
  // is also announced on the Network domain before the refusal.
  EXPECT_GE(check.log_errors.size(), 2u) << "the CSP refusals of the image and the fetch";
  EXPECT_NE(check.Problems().find("http://example.invalid/pixel.png"), std::string::npos) << check.Problems();
  EXPECT_NE(check.Problems().find("https://example.invalid/"), std::string::npos) << check.Problems();
  EXPECT_EQ(check.requests, std::vector<std::string>{"http://example.invalid/pixel.png"});
  std::cout << "[ caught    ] " << check.console.size() << " console, " << check.exceptions.size() << " exception, "
            << check.log_errors.size() << " log entries, " << check.requests.size() << " requests\n";
}

// And a page that claims to have drawn a chart on a blank canvas is caught too.
TEST_F(DoctorReportBrowserTest, HarnessCountsTheChartPixelsItself) {
  TempDir dir;
  const std::string page = dir.File("blank.html");
  WriteFile(page, R"(<!DOCTYPE html><html><head><meta charset="utf-8"></head>
<body data-report-state="ready" data-charts-expected="1" data-charts-drawn="1"><h1>blank</h1>
<canvas id="chart-1" data-chart-state="drawn" width="400" height="200"></canvas></body></html>)");
  const PageCheck check = Open(page, "");
  ASSERT_EQ(check.canvases.size(), 1u);
  EXPECT_EQ(check.canvases[0].inked_pixels, 0);
  EXPECT_NE(check.Problems().find("canvas chart-1: state 'drawn', 0 inked pixels"), std::string::npos) << check.Problems();
}

TEST_F(DoctorReportBrowserTest, ReportRendersEveryChartWithoutErrorsOrRequests) {
  const std::string html = kArtifacts + "/doctor_report.html";
  fs::remove(html);
  if (OrtkitHasDoctor()) {
    // The real thing: `ortkit doctor` on the demo model writes the report itself.
    const std::string command = std::string("'") + ORTKIT_CLI + "' doctor '" + ORTKIT_DEMO_MODEL + "' -o '" + html +
                                "' --budget " + ScaledDuration(20) + " > '" + kArtifacts + "/doctor_stdout.txt' 2>&1";
    const auto [status, output] = Shell(command);
    ASSERT_TRUE(status == 0 || status == 1) << command << " exited " << status << "; see doctor_stdout.txt";
    std::cout << "[ report    ] from `ortkit doctor` on the demo model\n";
  } else {
    WriteFile(html, report::RenderDoctorHtml(doctor::ParseDoctorReport(Fixture()), Fixture()));
    std::cout << "[ report    ] from the fixture (no `ortkit doctor` in this build yet)\n";
  }
  ASSERT_TRUE(fs::exists(html));
  const std::string screenshot = kArtifacts + "/doctor_report.png";
  const PageCheck check = Open(html, screenshot, kArtifacts + "/doctor_report.pdf");
  EXPECT_EQ(check.Problems(), "");
  if (OrtkitHasDoctor()) {
    // The graph view doctor had `ortkit graph` write, embedded: every node of the demo model drawn.
    EXPECT_TRUE(check.has_graph);
    EXPECT_EQ(check.graph_state, "ready");
    const auto slash = check.graph_nodes.find('/');
    ASSERT_NE(slash, std::string::npos) << check.graph_nodes;
    EXPECT_EQ(check.graph_nodes.substr(0, slash), check.graph_nodes.substr(slash + 1));
    EXPECT_GT(std::stoi(check.graph_nodes.substr(slash + 1)), 10);
    // The profile step kept its trace and node memory statistics for the view's overlays.
    std::ifstream in(html);
    const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(page.find("\"with_profile\":true"), std::string::npos);
    EXPECT_NE(page.find("\"with_node_memory\":true"), std::string::npos);
  }
  // Histograms, cold vs warm, memory, op time, placement: at least these five.
  EXPECT_GE(check.charts_expected, 5);
  EXPECT_GT(check.screenshot_bytes, 50000) << "screenshot: " << screenshot;
  EXPECT_GT(check.pdf_bytes, 50000) << "printed: " << kArtifacts << "/doctor_report.pdf";
  std::cout << "[ artifact  ] " << screenshot << " (" << check.screenshot_bytes << " bytes, " << check.charts_drawn
            << " charts)\n";
}

// profile --roofline's data draws one more chart, log-log with both ceilings as lines; an op
// type with no FLOPs (0 on a log axis) is left out of it rather than logged as a problem.
TEST_F(DoctorReportBrowserTest, RooflineChartDrawsWithoutErrors) {
  json doctor = Fixture();
  const std::string plain = kArtifacts + "/doctor_report_no_roofline.html";
  WriteFile(plain, report::RenderDoctorHtml(doctor::ParseDoctorReport(doctor), doctor));
  const PageCheck without = Open(plain, "");
  auto point = [](double intensity, double gflops, double share) {
    return json{{"time_us", 100.0}, {"time_share", share}, {"flops", 1}, {"bytes", 1}, {"gflops", gflops},
                {"gbs", gflops / std::max(intensity, 1e-9)}, {"intensity", intensity}, {"attainable_gflops", 40.0},
                {"of_roof", 0.5}, {"bound", intensity > 4 ? "compute" : "memory"}};
  };
  for (json& step : doctor["steps"]) {
    if (step["name"] != "profile") continue;
    step["result"]["roofline"] = {
        {"ceilings", {{"gemm_gflops", 80.0}, {"bandwidth_gbs", 20.0}, {"threads", 2}}},
        {"ops", json::array({{{"op_type", "FusedConv"}, {"point", point(15.7, 42.6, 0.76)}},
                             {{"op_type", "GlobalAveragePool"}, {"point", point(0.25, 4.1, 0.02)}},
                             {{"op_type", "Flatten"}, {"point", point(0.0, 0.0, 0.01)}},
                             {{"op_type", "TopK"}, {"point", nullptr}}})},
        {"nodes", json::array({{{"name", "/conv1/Conv"}, {"op_type", "FusedConv"}, {"point", point(5.9, 29.1, 0.13)}}})}};
  }
  const std::string html = kArtifacts + "/doctor_report_roofline.html";
  WriteFile(html, report::RenderDoctorHtml(doctor::ParseDoctorReport(doctor), doctor));
  const PageCheck check = Open(html, kArtifacts + "/doctor_report_roofline.png");
  EXPECT_EQ(check.Problems(), "");
  EXPECT_EQ(check.charts_expected, without.charts_expected + 1);
  EXPECT_EQ(check.charts_drawn, check.charts_expected);
  for (const CanvasCheck& canvas : check.canvases) EXPECT_EQ(canvas.state, "drawn") << canvas.id;
}

TEST_F(DoctorReportBrowserTest, PartialReportWithHostileNamesStillHasNoErrors) {
  json doctor = Fixture();
  doctor["model"]["path"] = "models/<script>alert(1)</script>.onnx";
  json steps = json::array();
  for (json step : doctor["steps"]) {
    const std::string name = step["name"];
    if (name == "inspect") continue;  // missing altogether
    if (name == "bench") {
      step["status"] = "failed";
      step["message"] = "ortkit bench exited 2: </script><script>alert(2)</script>";
      step["result"] = nullptr;
    } else if (name == "memcheck") {
      step["status"] = "timed_out";
      step["message"] = "the budget ran out";
    } else if (name == "profile") {
      step["status"] = "skipped";
      step["result"] = nullptr;
    }
    steps.push_back(step);
  }
  doctor["steps"] = steps;
  const std::string html = kArtifacts + "/doctor_report_partial.html";
  WriteFile(html, report::RenderDoctorHtml(doctor::ParseDoctorReport(doctor), doctor));
  const PageCheck check = Open(html, kArtifacts + "/doctor_report_partial.png");
  EXPECT_EQ(check.Problems(), "");
  EXPECT_TRUE(check.dialogs.empty());
  EXPECT_EQ(check.heading, "ortkit doctor models/<script>alert(1)</script>.onnx");
  EXPECT_EQ(check.charts_expected, 0) << "every charted step failed, timed out, was skipped or is missing";
}

}  // namespace
}  // namespace ortkit::testing
