// ortkit_render_doctor_html DOCTOR.json OUT.html: renders a doctor JSON document with
// RenderDoctorHtml, for scripts/report_screenshot.sh while a build has no `ortkit doctor`, and to
// look at a fixture by hand. Exit 0 on success, 2 with one line on stderr otherwise.
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "doctor/doctor_report.h"
#include "ortkit/error.h"
#include "report/doctor_html.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: ortkit_render_doctor_html DOCTOR.json OUT.html\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "ortkit_render_doctor_html: error: cannot read " << argv[1] << "\n";
    return 2;
  }
  nlohmann::json doctor;
  try {
    doctor = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "ortkit_render_doctor_html: error: " << argv[1] << " is not JSON: " << e.what() << "\n";
    return 2;
  }
  std::string html;
  try {
    html = ortkit::report::RenderDoctorHtml(ortkit::doctor::ParseDoctorReport(doctor), doctor);
  } catch (const ortkit::Error& e) {
    std::cerr << "ortkit_render_doctor_html: error: " << argv[1] << ": " << e.what() << "\n";
    return 2;
  }
  std::ofstream out(argv[2], std::ios::binary);
  out << html;
  if (!out.flush()) {
    std::cerr << "ortkit_render_doctor_html: error: cannot write " << argv[2] << "\n";
    return 2;
  }
  return 0;
}
