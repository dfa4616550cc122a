// ReadNodePlacement: a session whose own log is verbose, tapped for ORT's node-placement block.
#include "ortkit/placement.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <system_error>
#include <unistd.h>

#include "core/graph_node_reader.h"
#include "core/ort_env.h"
#include "core/ort_error.h"
#include "core/ort_session_options.h"
#include "core/placement_log.h"
#include "ortkit/error.h"

namespace ortkit {
namespace {

// The same early, clear failures as Model::Load gives, where ORT's own text would be vaguer.
void CheckReadableFile(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::is_directory(path, ignored)) {
    throw Error(ErrorCategory::kLoad, "while loading '" + path + "': it is a directory, not a model file");
  }
  std::ifstream probe(path, std::ios::binary);
  if (!probe) throw Error(ErrorCategory::kLoad, "while loading '" + path + "': " + std::strerror(errno));
}

std::string ReadFileOrThrow(const std::string& path, const std::string& context) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCategory::kLoad, context + ": " + std::strerror(errno));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A session log id no other session shares, so the tap sees only this session's lines.
std::string UniqueLogId(const std::string& model_path) {
  static std::atomic<unsigned> counter{0};
  return "ortkit placement " + std::to_string(::getpid()) + "." + std::to_string(++counter) + " " + model_path;
}

struct Capture {
  std::vector<std::string> lines;
  std::vector<std::string> providers;  // ORT names, priority order, CPU last
  std::map<std::string, std::size_t> recorded;  // ORT's assignment record: nodes per provider
  std::string record_error;
};

// ORT's assignment record of `session`, nodes per provider.
void ReadAssignmentRecord(const Ort::Session& session, Capture& capture) {
  try {
    for (const auto& subgraph : session.GetEpGraphAssignmentInfo()) {
      capture.recorded[subgraph.GetEpName()] += subgraph.GetNodes().size();
    }
  } catch (const Ort::Exception& e) {
    capture.record_error = e.what();
  }
}

// Creates (and destroys) one session for the model, returning every line it logged.
// `optimized_path`: non-empty to have ORT write its optimised graph there.
Capture CreateSessionAndCapture(const std::string& model_path, const SessionConfig& config,
                                const std::string& optimized_path) {
  // The Env first: appending some providers (WebGPU) logs through ORT's default logger, which
  // only exists once an Env does.
  auto env = core::ProcessEnv();
  core::BuiltSessionOptions built = core::BuildSessionOptions(config, model_path);
  const std::string log_id = UniqueLogId(model_path);
  Capture capture;
  capture.providers = built.providers;
  std::mutex mutex;  // ORT may log from its own threads
  core::ScopedLogTap tap(log_id, [&](LogSeverity, std::string_view message) {
    std::lock_guard<std::mutex> lock(mutex);
    capture.lines.emplace_back(message);
  });
  core::WithOrtContext(ErrorCategory::kLoad, "while loading '" + model_path + "'", [&] {
    built.options.SetLogId(log_id.c_str());
    // Verbose for this session only: ORT logs placement only when the session's logger is.
    built.options.SetLogSeverityLevel(ORT_LOGGING_LEVEL_VERBOSE);
    // ORT's own record of the assignment, to cross-check the log against (PlacementRecord).
    built.options.AddConfigEntry("session.record_ep_graph_assignment_info", "1");
    if (!optimized_path.empty()) {
      built.options.SetOptimizedModelFilePath(optimized_path.c_str());
      // Weights go to a side file, so the graph file stays small to read.
      const std::string data_name = std::filesystem::path(optimized_path).filename().string() + ".data";
      built.options.AddConfigEntry("session.optimized_model_external_initializers_file_name", data_name.c_str());
    }
    Ort::Session session(*env, model_path.c_str(), built.options);
    ReadAssignmentRecord(session, capture);
  });
  std::lock_guard<std::mutex> lock(mutex);
  return capture;
}

// Files the naming session writes; removed whatever happens.
struct TemporaryGraphFiles {
  std::string graph;
  TemporaryGraphFiles() {
    static std::atomic<unsigned> counter{0};
    graph = (std::filesystem::temp_directory_path() /
             ("ortkit-placement-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".onnx"))
                .string();
  }
  ~TemporaryGraphFiles() {
    std::error_code ignored;
    std::filesystem::remove(graph, ignored);
    std::filesystem::remove(graph + ".data", ignored);
  }
};

// Groups `nodes` by provider in `providers` order, keeping ORT's order within each.
std::vector<NodePlacement> InPriorityOrder(std::vector<NodePlacement> nodes, const std::vector<std::string>& providers) {
  auto rank = [&](const std::string& provider) {
    return std::find(providers.begin(), providers.end(), provider) - providers.begin();
  };
  std::stable_sort(nodes.begin(), nodes.end(), [&](const NodePlacement& a, const NodePlacement& b) {
    return rank(a.provider) < rank(b.provider);
  });
  return nodes;
}

// The caller's config for a probe session: it leaves no files of the caller's behind, as
// profiling and a saved optimised model don't change placement.
SessionConfig ProbeConfig(const SessionConfig& config) {
  SessionConfig probe = config;
  probe.profiling_prefix.clear();
  probe.optimized_model_path.clear();
  return probe;
}

std::map<std::string, std::size_t> LoggedCounts(const core::ParsedPlacement& parsed) {
  if (!parsed.all_on.empty()) return {{parsed.all_on, parsed.all_count}};
  std::map<std::string, std::size_t> counts;
  for (const NodePlacement& p : parsed.nodes) ++counts[p.provider];
  return counts;
}

// The log stays the ground truth; where ORT's record says otherwise, --verbose shows it.
void NoteDisagreements(const PlacementRecord& record, const std::string& model_path) {
  for (const std::string& line : PlacementDisagreements(record)) {
    core::LogNote(LogSeverity::kWarning, "ortkit placement", "'" + model_path + "': " + line);
  }
}

}  // namespace

std::vector<std::string> PlacementDisagreements(const PlacementRecord& record) {
  std::vector<std::string> lines;
  if (!record.record_error.empty()) return lines;
  std::set<std::string> providers;
  for (const auto& [provider, count] : record.logged) providers.insert(provider);
  for (const auto& [provider, count] : record.recorded) providers.insert(provider);
  for (const std::string& provider : providers) {
    const auto in = [&](const std::map<std::string, std::size_t>& counts) {
      const auto it = counts.find(provider);
      return it == counts.end() ? std::size_t{0} : it->second;
    };
    const std::size_t logged = in(record.logged), recorded = in(record.recorded);
    if ((logged == 0) == (recorded == 0)) continue;
    lines.push_back("ORT's assignment record (Session_GetEpGraphAssignmentInfo) gives " + provider + " " +
                    std::to_string(recorded) + " node(s), its placement log " + std::to_string(logged) +
                    "; ortkit reports the log");
  }
  return lines;
}

PlacementRecord ReadPlacementRecord(const std::string& model_path, const SessionConfig& config) {
  CheckReadableFile(model_path);
  Capture capture = CreateSessionAndCapture(model_path, ProbeConfig(config), "");
  PlacementRecord record;
  record.logged = LoggedCounts(core::ParsePlacementLog(capture.lines, model_path));
  record.recorded = std::move(capture.recorded);
  record.record_error = std::move(capture.record_error);
  return record;
}

std::map<std::string, std::size_t> CountNodePlacement(const std::string& model_path, const SessionConfig& config) {
  CheckReadableFile(model_path);
  const PlacementRecord record = ReadPlacementRecord(model_path, config);
  NoteDisagreements(record, model_path);
  return record.logged;
}

std::vector<NodePlacement> ReadNodePlacement(const std::string& model_path, const SessionConfig& config) {
  CheckReadableFile(model_path);
  const SessionConfig probe = ProbeConfig(config);
  Capture first = CreateSessionAndCapture(model_path, probe, "");
  core::ParsedPlacement parsed = core::ParsePlacementLog(first.lines, model_path);
  NoteDisagreements(PlacementRecord{LoggedCounts(parsed), first.recorded, first.record_error}, model_path);
  if (parsed.all_on.empty()) return InPriorityOrder(std::move(parsed.nodes), first.providers);

  // Every node on one provider: ORT logged only the count, so name them from its optimised graph.
  TemporaryGraphFiles files;
  CreateSessionAndCapture(model_path, probe, files.graph);
  const std::string bytes = ReadFileOrThrow(files.graph, "while reading the optimised graph of '" + model_path + "'");
  std::vector<NodePlacement> placements;
  for (auto& node : core::ReadGraphNodes(bytes, model_path)) {
    placements.push_back(NodePlacement{std::move(node.name), std::move(node.op_type), parsed.all_on});
  }
  return placements;
}

}  // namespace ortkit
