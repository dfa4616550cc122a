// The flags of the lossy passes (quantize-*, float16), declared once.
#include "cli/lossy_pass_flags.h"

#include <filesystem>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"

namespace ortkit::cli {

void LossyPassFlags::Apply(graph::FixOptions& options) const {
  ParseFraction(max_top1, &options.gate.max_top1_disagreement);
  options.calibration_method =
      calibration_method == "minmax" ? graph::CalibrationMethod::kMinMax : graph::CalibrationMethod::kPercentile;
  options.activations_int8 = activation_type == "int8";
}

namespace {

std::string CheckDirectoryFlag(const std::string& text) {
  std::error_code error;
  return std::filesystem::is_directory(text, error) ? "" : "'" + text + "' is not a directory";
}

}  // namespace

bool ParseFraction(const std::string& text, double* out) {
  const bool percent = !text.empty() && text.back() == '%';
  const std::string number = percent ? text.substr(0, text.size() - 1) : text;
  try {
    std::size_t used = 0;
    const double v = std::stod(number, &used);
    if (used != number.size() || number.empty()) return false;
    *out = percent ? v / 100 : v;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::string CheckFractionFlag(const std::string& text) {
  double v = 0;
  if (!ParseFraction(text, &v) || !(v >= 0 && v <= 1)) {
    return "expected a fraction in [0, 1] or a percentage (0.01 or 1%), got '" + text + "'";
  }
  return "";
}

void AddGateOptions(CLI::App& app, compare::GateOptions& gate, LossyPassFlags& flags, const std::string& who) {
  app.add_option("--samples", gate.samples,
                 "Accuracy gate (" + who + "): input sets compared (default 16; the --calibration sets when given, "
                 "else seeded ones)")
      ->type_name("N");
  app.add_option("--min-cosine", gate.min_cosine, "Accuracy gate: least cosine similarity per output (default 0.99)")
      ->type_name("X");
  app.add_option("--max-top1-disagreement", flags.max_top1,
                 "Accuracy gate: most rows of a score output whose argmax differs (default 1%)")
      ->type_name("FRACTION")
      ->check(FlagCheck(CheckFractionFlag));
}

void AddCalibrationOptions(CLI::App& app, graph::FixOptions& options, LossyPassFlags& flags) {
  app.add_option("--calibration", options.calibration_dir,
                 "quantize-static: calibration input sets, one subdirectory per set with a .npy/.pb file per input "
                 "(also the accuracy gate's inputs)")
      ->type_name("DIR")
      ->check(FlagCheck(CheckDirectoryFlag));
  app.add_option("--calibration-method", flags.calibration_method,
                 "quantize-static: minmax, or percentile (the default: --percentile of the values, ignoring rare "
                 "outliers)")
      ->type_name("METHOD")
      ->check(CLI::IsMember({"minmax", "percentile"}));
  app.add_option("--percentile", options.calibration_percentile,
                 "quantize-static: the percentile kept by --calibration-method percentile (default 99.99)")
      ->type_name("P");
  app.add_option("--activation-type", flags.activation_type,
                 "quantize-static: uint8 (the default, the pair x86's int8 kernels are fastest with) or int8")
      ->type_name("TYPE")
      ->check(CLI::IsMember({"uint8", "int8"}));
}

void AddNodeSelectionOptions(CLI::App& app, std::vector<std::string>& include, std::vector<std::string>& exclude,
                             const std::string& who) {
  app.add_option("--include-nodes", include,
                 who + ": rewrite only nodes whose name matches (name or fnmatch pattern; repeatable)")
      ->type_name("PATTERN")
      ->allow_extra_args(false);
  app.add_option("--exclude-nodes", exclude, who + ": leave nodes whose name matches alone (name or fnmatch pattern; "
                                                   "repeatable)")
      ->type_name("PATTERN")
      ->allow_extra_args(false);
}

}  // namespace ortkit::cli
