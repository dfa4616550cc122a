// `ortkit doctor -o report.html`: the doctor JSON rendered as one self-contained HTML page.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "doctor/doctor_report.h"

namespace ortkit::report {

/// Renders a doctor run as one HTML page that needs nothing else: Chart.js, styles and script
/// are inline, and a Content-Security-Policy forbids any request. `doctor` is `document` (the
/// `ortkit doctor` JSON, schema_version 1) as ParseDoctorReport read it; the sections read
/// `doctor`, and `document` is embedded, escaped, in
/// <script type="application/json" id="ortkit-doctor-json">. Sections: verdicts, actions, speed
/// (bench), memory (memcheck), where the time goes (profile), findings (check, fix), the model
/// (inspect), the commands that reproduce every figure, and the environment. A missing, failed,
/// skipped or timed-out step makes its section say so. All text is HTML-escaped. `graph_page`,
/// `ortkit graph`'s page for this run (doctor.graph_view), is embedded in a sandboxed iframe in
/// the graph section; "" leaves the section's note or, without doctor.graph_view, no section.
std::string RenderDoctorHtml(const doctor::DoctorReport& doctor, const nlohmann::json& document,
                             const std::string& graph_page = "");

}  // namespace ortkit::report
