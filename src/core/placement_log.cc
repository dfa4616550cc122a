// The node-placement block of ORT's verbose session log, as written by
// VerifyEachNodeIsAssignedToAnEp in onnxruntime/core/framework/session_state.cc (ORT 1.30):
//   "Node placements"
//   " All nodes placed on [P]. Number of nodes: N"                    (one provider), or per provider
//   " Node(s) placed on [P]. Number of nodes: N" then N lines "  OpType (NodeName)".
#include "core/placement_log.h"

#include <optional>
#include <string_view>

#include "ortkit/error.h"

namespace ortkit::core {
namespace {

struct ProviderHeader {
  bool all = false;
  std::string provider;
  std::size_t count = 0;
};

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// " All nodes placed on [P]. Number of nodes: N" or " Node(s) placed on [P]. Number of nodes: N".
std::optional<ProviderHeader> ParseHeader(std::string_view line) {
  ProviderHeader header;
  constexpr std::string_view kAll = " All nodes placed on [";
  constexpr std::string_view kSome = " Node(s) placed on [";
  if (StartsWith(line, kAll)) {
    header.all = true;
    line.remove_prefix(kAll.size());
  } else if (StartsWith(line, kSome)) {
    line.remove_prefix(kSome.size());
  } else {
    return std::nullopt;
  }
  constexpr std::string_view kCount = "]. Number of nodes: ";
  const auto end = line.find(kCount);
  if (end == std::string_view::npos) return std::nullopt;
  header.provider = std::string(line.substr(0, end));
  const std::string_view digits = line.substr(end + kCount.size());
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    header.count = header.count * 10 + static_cast<std::size_t>(c - '0');
  }
  return header;
}

// "  OpType (NodeName)": op types have no spaces; names may hold anything, even parentheses.
std::optional<NodePlacement> ParseNodeLine(std::string_view line, const std::string& provider) {
  if (!StartsWith(line, "  ") || line.size() < 5 || line.back() != ')') return std::nullopt;
  line.remove_prefix(2);
  const auto open = line.find(" (");
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  return NodePlacement{std::string(line.substr(open + 2, line.size() - open - 3)),
                       std::string(line.substr(0, open)), provider};
}

[[noreturn]] void Fail(const std::string& label, const std::string& what) {
  throw Error(ErrorCategory::kLoad, "while reading the node placement of '" + label + "': " + what);
}

}  // namespace

ParsedPlacement ParsePlacementLog(const std::vector<std::string>& lines, const std::string& label) {
  std::size_t i = 0;
  while (i < lines.size() && lines[i] != "Node placements") ++i;
  if (i == lines.size()) {
    Fail(label, "ONNX Runtime logged none (is another Ort::Env, created before ortkit's, receiving the log?)");
  }
  ParsedPlacement parsed;
  for (++i; i < lines.size(); ++i) {
    const auto header = ParseHeader(lines[i]);
    if (!header) break;
    if (header->all) {
      parsed.all_on = header->provider;
      parsed.all_count = header->count;
      break;
    }
    std::size_t listed = 0;
    while (i + 1 < lines.size()) {
      auto node = ParseNodeLine(lines[i + 1], header->provider);
      if (!node) break;
      parsed.nodes.push_back(std::move(*node));
      ++listed;
      ++i;
    }
    if (listed != header->count) {
      Fail(label, "ORT counted " + std::to_string(header->count) + " nodes on [" + header->provider +
                      "] but listed " + std::to_string(listed));
    }
  }
  if (parsed.all_on.empty() && parsed.nodes.empty()) Fail(label, "the placement block lists no provider");
  return parsed;
}

}  // namespace ortkit::core
