// The shared output flags: see output.h.
#include "cli/output.h"

#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "ortkit/error.h"

namespace ortkit::cli {

const char* FormatName(Format format) {
  switch (format) {
    case Format::kText: return "text";
    case Format::kJson: return "json";
    case Format::kCsv: return "csv";
    case Format::kMarkdown: return "markdown";
    case Format::kSarif: return "sarif";
    case Format::kModelExplorer: return "model-explorer";
  }
  return "text";
}

void AddOutputOptions(CLI::App& app, OutputOptions& options, std::initializer_list<Format> formats) {
  std::vector<std::string> names;
  std::map<std::string, Format> by_name;
  for (const Format f : formats) {
    names.push_back(FormatName(f));
    by_name.emplace(FormatName(f), f);
  }
  options.format = *formats.begin();
  const std::string list =
      fmt::format("{} or {}", fmt::join(names.begin(), names.end() - 1, ", "), names.back());  // "text, json or sarif"
  CLI::Option* format = app.add_option_function<std::string>(
                               "--format", [&options, by_name](const std::string& name) { options.format = by_name.at(name); },
                               "What the printed report is: " + list + " (default " + names[0] + ")")
                            ->type_name("FMT")
                            ->check(FlagCheck([by_name, list](const std::string& name) -> std::string {
                              if (by_name.count(name) != 0) return {};
                              return "expected " + list + ", got '" + name + "'";
                            }));
  if (by_name.count("json") != 0) {
    // CLI11 runs option callbacks in the order the options were added, so --format's has run.
    app.add_flag_callback(
        "--json",
        [&options, format] {
          if (format->count() > 0 && options.format != Format::kJson) {
            throw CLI::ValidationError("--json", std::string("is --format json; it contradicts --format ") +
                                                     FormatName(options.format));
          }
          options.format = Format::kJson;
        },
        "Same as --format json");
  }
  // The format flags the subcommands had before --format.
  if (by_name.count("csv") != 0) AddRetiredOption(app, "--csv", "use --format csv");
  if (by_name.count("markdown") != 0) AddRetiredOption(app, "--markdown", "use --format markdown");
  app.add_option("--report", options.report_path, "Write the printed report to FILE instead of standard output")
      ->type_name("FILE");
  app.add_flag("--force", options.force, "Replace files that exist (the report, and what -o writes)");
}

report::Format TableFormat(Format format) {
  switch (format) {
    case Format::kJson: return report::Format::kJson;
    case Format::kCsv: return report::Format::kCsv;
    case Format::kMarkdown: return report::Format::kMarkdown;
    case Format::kText:
    case Format::kSarif:
    case Format::kModelExplorer: break;  // no table renderer offers these; AddOutputOptions never allows them there
  }
  return report::Format::kText;
}

core::Overwrite OverwriteRule(const OutputOptions& options) {
  return options.force ? core::Overwrite::kReplace : core::Overwrite::kRefuse;
}

void CheckReportPath(const OutputOptions& options) {
  if (!options.report_path.empty()) core::CheckWritable(options.report_path, OverwriteRule(options), "--report");
}

void EmitReport(const Context& context, const OutputOptions& options, const std::string& report) {
  if (options.report_path.empty()) {
    context.out << report << std::flush;
    return;
  }
  core::WriteFileAtomically(options.report_path, report, OverwriteRule(options));
}

void AddRetiredOption(CLI::App& app, const std::string& name, const std::string& advice) {
  // With or without a value (`--csv` and `--csv out.csv` both were), so that what follows is
  // never mistaken for another argument before the advice is given.
  app.add_option_function<std::string>(
         name, [name, advice](const std::string&) { throw CLI::ValidationError(name, "retired: " + advice); })
      ->expected(0, 1)
      ->group("");
}

}  // namespace ortkit::cli
