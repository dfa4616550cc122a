// What to do about a doctor run's findings, ranked: each action with the command that does it and
// its effect, stated only when a step measured it ("not measured" otherwise).
#pragma once

#include <vector>

#include "doctor/doctor_report.h"

namespace ortkit::doctor {

/// The actions for `report` (its steps, request, model and workload): ranked from 1, measured
/// gains first, then steps that failed (with the command to reproduce them), memory settings,
/// provider coverage, free dimensions and post-processing.
std::vector<Action> Actions(const DoctorReport& report);

}  // namespace ortkit::doctor
