// The one shape-file format (bench, memcheck, doctor): real requests' sizes, one request a line.
//
//   # comments and blank lines are skipped
//   batch=1 seq=37
//   batch=4, seq=120          (pairs separated by blanks or commas)
//
// Each line uses the --dim names (a symbol, or INPUT:AXIS) with one size each. bench weighs a
// line repeated N times N times in its mix; memcheck runs the lines in turn.
#pragma once

#include <string>
#include <vector>

#include "workload/dim_flag.h"

namespace ortkit::workload {

/// Parses shape-file text; `label` names the source in errors. Throws Error(kConfig)
/// "LABEL:LINE: ..." for a pair that is not NAME=SIZE (sizes at least 1), a name given twice on
/// a line, and "LABEL: no requests ..." for text with none.
std::vector<DimSizes> ParseShapeText(const std::string& text, const std::string& label);

/// ParseShapeText of the file at `path`; Error(kIo) "--shape-file: cannot read 'PATH': why".
std::vector<DimSizes> ReadShapeFile(const std::string& path);

}  // namespace ortkit::workload
