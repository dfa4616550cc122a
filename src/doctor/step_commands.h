// The command line of each doctor step: which subcommand, which flags, so that the figures in the
// report come from commands a person can copy and run again.
#pragma once

#include <string>
#include <vector>

#include "core/shell_words.h"
#include "doctor/budget.h"
#include "doctor/doctor.h"
#include "workload/dim_flag.h"

namespace ortkit::doctor {

/// A step's arguments after the executable: {"check", MODEL, "--format", "json", ...}.
using StepArgs = std::vector<std::string>;

StepArgs CheckArgs(const DoctorRequest& request);
StepArgs InspectArgs(const DoctorRequest& request);
/// What the steps that run the model feed it: the --dim flags (the user's, then a spread of the
/// probed sizes) and the --value flags as given.
struct StepWorkload {
  std::vector<workload::DimFlag> dims;
  std::vector<std::string> values;
};

/// `ortkit run` with the smallest size of each --dim: finds sizes that run and says what it guessed.
StepArgs WorkloadArgs(const DoctorRequest& request, const StepWorkload& workload);
/// bench and memcheck take every size (bench: every combination; memcheck: in turn), profile the
/// largest of each.
StepArgs BenchArgs(const DoctorRequest& request, const StepWorkload& workload, const BenchSettings& settings);
StepArgs MemcheckArgs(const DoctorRequest& request, const StepWorkload& workload, const MemcheckSettings& settings);
/// The files profile keeps for the graph view: ORT's trace (the time overlay) and its node memory
/// statistics (the memory overlay); "" for none.
struct ProfileFiles {
  std::string trace, node_memory;
};

/// `keep`: also keep those files there (--trace, --node-memory-stats).
StepArgs ProfileArgs(const DoctorRequest& request, const StepWorkload& workload, int runs,
                     const ProfileFiles& keep = {});
/// `ortkit graph` writing the page to `page_path` (replacing it), at the sizes profile ran, with
/// the files profile kept (`overlay`, those that are set) and the placement on request.provider
/// when it is not the CPU.
StepArgs GraphArgs(const DoctorRequest& request, const StepWorkload& workload, const std::string& page_path,
                   const ProfileFiles& overlay);
/// `force`: replace `output_path` if it exists (doctor's own directory), as the step runs; the
/// command shown to reproduce it into the current directory does not.
StepArgs FixArgs(const DoctorRequest& request, const std::string& output_path, int bench_runs, bool force = true);

/// `ortkit compress` at the sizes profile ran (the largest of each --dim: the gate then compares
/// more rows than at size 1), with `settings`' latency blocks and fresh processes. It runs on the
/// CPU: int8 and float16 kernels are the CPU provider's.
StepArgs CompressArgs(const DoctorRequest& request, const StepWorkload& workload, const CompressSettings& settings);

/// The steady phases bench will run for these dims: every combination, plus the mix when there
/// are several.
std::size_t BenchPhases(const std::vector<workload::DimFlag>& dims);

using core::ShellLine;  // doctor prints every command it runs

/// The passes `fix` runs by default (those `ortkit fix --help` marks *): check findings whose
/// fix_pass is one of these make doctor run the fix step.
const std::vector<std::string>& DefaultFixPasses();

}  // namespace ortkit::doctor
