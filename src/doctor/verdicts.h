// The four verdicts of a doctor run (loads? fast? memory? portable?), each read from the typed
// step results, with a one-sentence headline and the figures behind it.
#pragma once

#include <vector>

#include "doctor/doctor_report.h"

namespace ortkit::doctor {

/// The verdicts for `report` (its steps, request and environment): areas "loads", "speed",
/// "memory", "portability" in that order, each with status "good", "warning", "problem" or
/// "not_measured" (when the step that measures it failed, timed out or did not run: the headline
/// then says why).
std::vector<Verdict> Verdicts(const DoctorReport& report);

Verdict LoadsVerdict(const DoctorReport& report);
Verdict SpeedVerdict(const DoctorReport& report);
Verdict MemoryVerdict(const DoctorReport& report);
Verdict PortabilityVerdict(const DoctorReport& report);

}  // namespace ortkit::doctor
