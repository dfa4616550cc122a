// Tests of report/doctor_text: the one-screen summary.
#include "report/doctor_text.h"

#include <sstream>

#include <gtest/gtest.h>

#include "doctor/doctor_documents.h"
#include "doctor/doctor_report.h"

namespace ortkit::report {
namespace {

using nlohmann::json;

std::string Render(const json& doc, const std::vector<std::pair<std::string, std::string>>& written = {}) {
  std::ostringstream out;
  RenderDoctorText(doctor::ParseDoctorReport(doc), written, out);
  return out.str();
}

json Complete(json doc) {
  doc["verdicts"] = testing::VerdictsJson(doc);
  doc["actions"] = testing::ActionsJson(doc);
  return doc;
}

TEST(DoctorTextTest, ShowsEachVerdictTheTopActionsAndTheReports) {
  const std::string text = Render(Complete(testing::DemoDocument()), {{"HTML", "r.html"}, {"JSON", "r.json"}});
  EXPECT_NE(text.find("ortkit doctor  build/demo/demo.onnx  (59.5 KiB, 30.0 s of a 60 s budget)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("  loads        good          loads in ONNX Runtime 1.30.0"), std::string::npos) << text;
  EXPECT_NE(text.find("  speed        warning       p50 1.00 ms"), std::string::npos) << text;
  EXPECT_NE(text.find("  memory       good          plateau"), std::string::npos) << text;
  EXPECT_NE(text.find("  portability  warning       needs work"), std::string::npos) << text;
  EXPECT_NE(text.find("  1. [do first] remove 8 initializers from the graph inputs, make the float64 branch float32\n"
                      "     effect: p50 0.48 ms -> 0.29 ms (1.63x), outputs within 4.5e-08\n"
                      "     why do first: 1.63x faster, beyond the noise (+-2.0%) and the 5% threshold\n"
                      "     run:    ortkit fix build/demo/demo.onnx -o build/demo/demo.fixed.onnx\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  \"do first\" needs a measured gain beyond its noise of at least 5% latency, or at least 10% "
                      "and 32 MiB of memory"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     effect: not measured"), std::string::npos) << text;
  EXPECT_NE(text.find("  HTML  r.html\n  JSON  r.json\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("steps not completed"), std::string::npos) << text;
}

TEST(DoctorTextTest, ListsStepsThatFailedOrWereSkippedWithWhy) {
  json doc = testing::WithStep(testing::DemoDocument(), "profile", "failed", "killed by signal 6 (Aborted)");
  doc = testing::WithStep(doc, "fix", "skipped", "check found nothing that fix's default passes repair");
  const std::string text = Render(Complete(doc));
  EXPECT_NE(text.find("steps not completed\n  profile   failed     killed by signal 6 (Aborted)\n"
                      "  fix       skipped    check found nothing that fix's default passes repair\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  speed        warning"), std::string::npos) << text;
}

TEST(DoctorTextTest, ShowsEachCompressedVariantOrWhyCompressDidNotRun) {
  json doc = testing::DemoDocument();
  EXPECT_EQ(Render(Complete(doc)).find("\ncompress\n"), std::string::npos);  // not run: under 1 MB of weights
  doc["compress"] = testing::CompressEntry();
  const std::string text = Render(Complete(doc));
  EXPECT_NE(text.find("\ncompress\n"
                      "  original          size 1.00x  p50 1.00x (1 thread)  peak RSS 400 MiB\n"
                      "  float16           size 0.50x  p50 1.10x (1 thread)  peak RSS 380 MiB  passes the gate\n"
                      "  quantize-dynamic  size 0.26x  p50 0.48x (1 thread)  peak RSS 300 MiB  passes the gate  (best)\n"
                      "  quantize-static   skipped: no --calibration DIR"),
            std::string::npos)
      << text;
  doc["compress"]["status"] = "skipped";
  doc["compress"]["result"] = nullptr;
  doc["compress"]["message"] = "it needs about 40 s at 6.0 ms a run; a --budget of about 300s runs it";
  EXPECT_NE(Render(Complete(doc)).find("\ncompress\n  skipped: it needs about 40 s at 6.0 ms a run; a --budget of "
                                       "about 300s runs it\n"),
            std::string::npos);
}

TEST(DoctorTextTest, ShowsAtMostThreeActions) {
  json doc = Complete(testing::DemoDocument());
  for (int i = 0; i < 3; ++i)
    doc["actions"].push_back({{"rank", 4 + i},
                              {"title", "more"},
                              {"effect", "not measured"},
                              {"command", ""},
                              {"measured", false},
                              {"tier", "optional"},
                              {"reason", "its effect was not measured"}});
  const std::string text = Render(doc);
  EXPECT_EQ(text.find("  4. more"), std::string::npos) << text;
  EXPECT_NE(text.find("  (3 more in the report)"), std::string::npos) << text;
}

TEST(DoctorTextTest, SurvivesAnEmptyReport) {
  std::ostringstream out;
  RenderDoctorText(doctor::DoctorReport{}, {}, out);
  EXPECT_NE(out.str().find("ortkit doctor"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::report
