// The formats the table reports (bench, profile, tune) are rendered in; the CLI's --format
// (cli/output.h) picks one.
#pragma once

namespace ortkit::report {

enum class Format { kText, kJson, kCsv, kMarkdown };

}  // namespace ortkit::report
