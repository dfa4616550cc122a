// `ortkit doctor`'s terminal summary: one screen with a verdict per area, the top three actions
// with their measured effect, the steps that did not run cleanly, and where the reports went.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "doctor/doctor_report.h"

namespace ortkit::report {

/// Prints the summary of a doctor run (ParseDoctorReport of docs/doctor.schema.json's document).
/// `written` lists the reports saved, as (kind, path) pairs: {"HTML", "report.html"}.
void RenderDoctorText(const doctor::DoctorReport& doctor,
                      const std::vector<std::pair<std::string, std::string>>& written, std::ostream& out);

}  // namespace ortkit::report
