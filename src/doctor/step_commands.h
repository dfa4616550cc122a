// The command line of each doctor step: which subcommand, which flags, so that the figures in the
// report come from commands a person can copy and run again.
#pragma once

#include <string>
#include <vector>

#include "doctor/budget.h"
#include "doctor/dim_values.h"
#include "doctor/doctor.h"

namespace ortkit::doctor {

/// A step's arguments after the executable: {"check", MODEL, "--format", "json", ...}.
using StepArgs = std::vector<std::string>;

StepArgs CheckArgs(const DoctorRequest& request);
StepArgs InspectArgs(const DoctorRequest& request);
StepArgs BenchArgs(const DoctorRequest& request, const BenchSettings& settings);
StepArgs MemcheckArgs(const DoctorRequest& request, const std::vector<DimValues>& dims,
                      const MemcheckSettings& settings);
StepArgs ProfileArgs(const DoctorRequest& request, const std::vector<DimValues>& dims, int runs);
StepArgs FixArgs(const DoctorRequest& request, const std::string& output_path, int bench_runs);

/// The steady phases bench will run for these dims: every combination, plus the mix when there
/// are several.
std::size_t BenchPhases(const std::vector<DimValues>& dims);

/// `words` joined by spaces, each quoted for a POSIX shell when it needs it.
std::string ShellLine(const std::vector<std::string>& words);

/// The passes `fix` runs by default (those `ortkit fix --help` marks *): check findings whose
/// fix_pass is one of these make doctor run the fix step.
const std::vector<std::string>& DefaultFixPasses();

}  // namespace ortkit::doctor
