// The result of one `ortkit run` as data, and its text and JSON renderers.
#pragma once

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cli/output_summary.h"
#include "cli/save_outputs.h"
#include "ortkit/shape.h"

namespace ortkit::cli {

struct InputSummary {
  std::string name;
  ValueKind kind = ValueKind::kTensor;
  std::string type;      ///< as OutputSummary::type; the declared type of an absent optional
  Shape shape;           ///< tensors only
  int64_t elements = 0;  ///< tensor elements, sequence elements or map entries
  std::string source;    ///< "file:<path>", "random(<seed>)", "none (optional)"
};

struct RunReport {
  std::string model;                   ///< the path given
  std::vector<std::string> providers;  ///< the session's, in ORT's names and priority order
  double load_ms = 0;                  ///< Model::Load, wall clock
  double run_ms = 0;                   ///< Model::run, wall clock
  int probe_runs = 0;                  ///< runs made before it to find sizes that run (0: none)
  uint64_t seed = 0;
  std::map<std::string, int64_t> sizes;  ///< every free dimension's size, by --dim name
  std::vector<std::string> probed;       ///< the dimensions whose size was found by probing
  std::vector<std::string> notes;        ///< what was guessed and probed, in words
  std::vector<InputSummary> inputs;
  std::vector<OutputSummary> outputs;
  std::string save_dir;             ///< empty unless --save-outputs
  std::vector<SavedOutput> saved;
};

/// Aligned tables of inputs and outputs under a header with the model, providers and times.
void RenderRunText(const RunReport& report, std::ostream& out);
/// One JSON object: model, providers, load_ms, run_ms, probe_runs, seed, sizes{}, probed[], notes[],
/// inputs[], outputs[], and save_dir/saved[] when outputs were saved.
void RenderRunJson(const RunReport& report, std::ostream& out);

}  // namespace ortkit::cli
