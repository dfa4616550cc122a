// Fuzz target: doctor's strict reading of its document (ParseDoctorReport: every step's result
// into typed structs), then what reads the typed report: the verdicts, the actions, the text
// summary and the HTML page. A document either is refused with an ortkit::Error naming the key,
// or renders; nothing in between may crash.
#include <sstream>

#include <nlohmann/json.hpp>

#include "doctor/actions.h"
#include "doctor/doctor_report.h"
#include "doctor/verdicts.h"
#include "fuzz/fuzz_target.h"
#include "ortkit/error.h"
#include "report/doctor_html.h"
#include "report/doctor_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const nlohmann::json document = nlohmann::json::parse(ortkit::fuzz::Bytes(data, size), nullptr, false);
  if (document.is_discarded()) return 0;
  ortkit::doctor::DoctorReport report;
  try {
    report = ortkit::doctor::ParseDoctorReport(document);
  } catch (const ortkit::Error&) {
    return 0;
  }
  report.verdicts = ortkit::doctor::Verdicts(report);
  report.actions = ortkit::doctor::Actions(report);
  std::ostringstream out;
  ortkit::report::RenderDoctorText(report, {{"HTML", "report.html"}}, out);
  out << ortkit::report::RenderDoctorHtml(report, document);
  return 0;
}
