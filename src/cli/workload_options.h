// The workload flags every subcommand that runs a model shares (--input, --inputs-from, --dim,
// --value, --seed), declared once, with one meaning everywhere (see src/workload/).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ortkit/value_spec.h"
#include "workload/inputs.h"

namespace CLI {
class App;
}

namespace ortkit::cli {

struct WorkloadOptions {
  std::vector<std::string> inputs;  ///< --input NAME=FILE
  std::vector<std::string> dims;    ///< --dim (workload/dim_flag.h)
  std::vector<std::string> values;  ///< --value (workload/value_rule.h)
  uint64_t seed = 0;                ///< --seed
  std::string inputs_from;          ///< --inputs-from DIR (workload/saved_inputs.h); empty: none
  std::string inputs_session;       ///< --inputs-session N; empty: the only session saved
};

/// Whether a subcommand runs one shape (run, compare, profile) or several (bench, memcheck, tune).
enum class SizeUse { kOne, kMany };

/// Declares --input, --inputs-from, --inputs-session, --dim, --value and --seed on `app`, bound
/// to `options`, each checked while parsing (a usage error before any model is loaded).
void AddWorkloadOptions(CLI::App& app, WorkloadOptions& options, SizeUse use);

/// Declares --dim and --value alone (doctor, which hands them on to its steps).
void AddSizeAndValueOptions(CLI::App& app, std::vector<std::string>& dims, std::vector<std::string>& values,
                            SizeUse use);

/// Declares bench's and profile's retired --range and --zeros, hidden, so that a script still
/// using them gets one line saying what replaced them instead of "argument not expected".
void AddRetiredValueOptions(CLI::App& app);

/// The help text on free dimensions, values and guesses, for footers.
extern const char* const kWorkloadHelp;

/// The --input flags as (input name, path) pairs, in flag order (syntax checked while parsing);
/// with --inputs-from, the files of the first saved run of the session chosen (SavedRun).
std::vector<std::pair<std::string, std::string>> InputFiles(const WorkloadOptions& options);

/// The saved run --inputs-from replays: its label (workload::SavedRunLabel) and files.
struct SavedRunFiles {
  std::string label;  ///< empty without --inputs-from
  std::vector<std::pair<std::string, std::string>> files;
  workload::DimSizes varying;  ///< workload::VaryingAxes among the session's runs
};

/// Reads --inputs-from's manifest (when given) and picks the first run of the session
/// (--inputs-session, else the only one). Throws Error(kConfig) when combined with --input,
/// --value or --dim (the saved run gives every input and its shape), and as
/// workload::ReadSavedInputs, SessionRuns and SavedRunFiles do.
SavedRunFiles SavedRun(const WorkloadOptions& options);

/// Every run of that session, by run number (empty without --inputs-from): what memcheck and bench
/// replay. Throws as SavedRun does.
std::vector<SavedRunFiles> SavedRuns(const WorkloadOptions& options);

/// The request of a one-shape subcommand: files (or --inputs-from's first saved run, checked
/// against the model when built), --dim (one size each, else an Error(kConfig) naming
/// `subcommand`), --value rules and the seed. Throws as the grammars do.
workload::InputRequest OneShapeRequest(const WorkloadOptions& options, const std::string& subcommand);

}  // namespace ortkit::cli
