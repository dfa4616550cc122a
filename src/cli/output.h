// The output flags every subcommand shares, declared once with one meaning everywhere:
//   --format FMT   what the printed report is: text (default), json, csv, markdown or sarif, as
//                  the subcommand supports; --json is kept as an alias of --format json
//   --report FILE  the printed report goes to FILE instead of standard output
//   -o/--output    the subcommand's main artifact (a model, a profile, the HTML); declared by it
//   --force        replace files that exist; without it every file ortkit would write (the
//                  report, the artifact, saved tensors) is refused before any work starts
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "cli/cli_common.h"
#include "core/atomic_file.h"
#include "report/format.h"

namespace CLI {
class App;
}

namespace ortkit::cli {

/// kModelExplorer: Google Model Explorer's node-data JSON (`ortkit graph`).
enum class Format { kText, kJson, kCsv, kMarkdown, kSarif, kModelExplorer };

/// "text", "json", "csv", "markdown", "sarif", "model-explorer".
const char* FormatName(Format format);

struct OutputOptions {
  Format format = Format::kText;
  std::string report_path;  ///< --report FILE; empty: standard output
  bool force = false;       ///< --force
};

/// Declares --format (one of `formats`; the first is the default), --json when JSON is one of
/// them, --report and --force on `app`, bound to `options`; and the retired --csv and --markdown
/// where those formats are offered.
void AddOutputOptions(CLI::App& app, OutputOptions& options, std::initializer_list<Format> formats);

/// --force as the overwrite rule of core::WriteFileAtomically.
core::Overwrite OverwriteRule(const OutputOptions& options);

/// Refuses, before any work, a --report that exists without --force or whose directory does not;
/// subcommands call it first, and CheckWritable (core/atomic_file.h) for their own files.
void CheckReportPath(const OutputOptions& options);

/// The table renderers' format for kText, kJson, kCsv and kMarkdown (a subcommand offers only the
/// formats its renderer has).
report::Format TableFormat(Format format);

/// Prints `report` on standard output, or writes it whole and atomically to --report (a report
/// file never holds half a report).
void EmitReport(const Context& context, const OutputOptions& options, const std::string& report);

/// Declares `name` hidden, with or without a value: using it fails parsing with "retired:
/// <advice>", so that a script still using an old flag is told what replaced it in one line.
void AddRetiredOption(CLI::App& app, const std::string& name, const std::string& advice);

}  // namespace ortkit::cli
