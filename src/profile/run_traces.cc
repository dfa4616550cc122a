// Finding and joining per-run traces.
#include "profile/run_traces.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/scratch_dir.h"
#include "ortkit/error.h"

namespace ortkit::profile {

std::string FindRunTrace(const std::string& directory, const std::string& prefix) {
  // "_" after the prefix: "run1" must not pick up run10's file.
  const std::string start = prefix + "_";
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(start, 0) == 0 && entry.path().extension() == ".json") return entry.path().string();
  }
  throw Error(ErrorCategory::kIo, "ONNX Runtime wrote no trace for the profiled run '" + prefix + "' into '" + directory + "'");
}

std::string JoinRunTraces(const std::vector<RunTrace>& runs) {
  nlohmann::ordered_json joined = nlohmann::ordered_json::array();
  for (const RunTrace& run : runs) {
    const auto events = nlohmann::ordered_json::parse(core::ReadWholeFile(run.path), nullptr, false);
    if (!events.is_array()) throw Error(ErrorCategory::kIo, "'" + run.path + "': not an ONNX Runtime trace (a JSON array)");
    for (auto event : events) {
      if (!event.is_object()) throw Error(ErrorCategory::kIo, "'" + run.path + "': a trace event is not a JSON object");
      if (event.contains("ts") && event["ts"].is_number_integer()) event["ts"] = event["ts"].get<int64_t>() + run.start_us;
      joined.push_back(std::move(event));
    }
  }
  return joined.dump(1);
}

}  // namespace ortkit::profile
