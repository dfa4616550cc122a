// The flags of the lossy passes (quantize-*, float16): the accuracy gate, node selection and
// quantize-static's calibration, declared once for every subcommand that makes compressed
// variants (fix, compress): one flag name, one grammar.
#pragma once

#include <string>
#include <vector>

#include "compare/accuracy_gate.h"
#include "graph/fixes/fix_options.h"

namespace CLI {
class App;
}

namespace ortkit::cli {

/// What the flags bind to as text until parsing is done; Apply() sets the options from them.
struct LossyPassFlags {
  std::string max_top1 = "1%";                    ///< --max-top1-disagreement: a fraction or a percentage
  std::string calibration_method = "percentile";  ///< --calibration-method
  std::string activation_type = "uint8";          ///< --activation-type
  /// Sets the gate's max_top1_disagreement and the calibration fields (CLI11 has checked them).
  void Apply(graph::FixOptions& options) const;
};

/// Declares --samples, --min-cosine and --max-top1-disagreement on `app`, bound to `gate` and
/// `flags`; `who` names the passes the gate judges in --help ("quantize-dynamic, float16").
void AddGateOptions(CLI::App& app, compare::GateOptions& gate, LossyPassFlags& flags, const std::string& who);

/// Declares quantize-static's --calibration DIR (checked to be a directory), --calibration-method,
/// --percentile and --activation-type, bound to `options` and `flags`.
void AddCalibrationOptions(CLI::App& app, graph::FixOptions& options, LossyPassFlags& flags);

/// Declares --include-nodes and --exclude-nodes (names or fnmatch patterns, repeatable).
void AddNodeSelectionOptions(CLI::App& app, std::vector<std::string>& include, std::vector<std::string>& exclude,
                             const std::string& who);

/// "1%" -> 0.01, "0.01" -> 0.01; false for anything else.
bool ParseFraction(const std::string& text, double* out);

/// "" when `text` is a fraction in [0, 1] or a percentage, else what is wrong.
std::string CheckFractionFlag(const std::string& text);

}  // namespace ortkit::cli
