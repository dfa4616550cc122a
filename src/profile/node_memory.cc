// Reading ORT's per-node memory statistics file.
#include "profile/node_memory.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include <fmt/format.h>

#include "core/scratch_dir.h"
#include "io/io_common.h"
#include "ortkit/error.h"

namespace ortkit::profile {
namespace {

constexpr std::size_t kNumbers = 4;  // the columns after the name

// ORT keys the statistics by "<node name>_<hash of the node>"; the trace uses the plain name.
std::string WithoutHash(const std::string& key) {
  const auto underscore = key.rfind('_');
  if (underscore == std::string::npos || underscore + 1 == key.size()) return key;
  const bool digits = std::all_of(key.begin() + static_cast<std::ptrdiff_t>(underscore) + 1, key.end(),
                                  [](unsigned char c) { return std::isdigit(c) != 0; });
  return digits ? key.substr(0, underscore) : key;
}

}  // namespace

std::vector<NodeMemory> ParseNodeMemoryStats(const std::string& text, const std::string& source) {
  std::vector<NodeMemory> nodes;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line.front() == '#') continue;  // the header
    // A node name may hold commas; the four numbers are the last four fields.
    std::vector<int64_t> values(kNumbers);
    std::size_t end = line.size();
    for (std::size_t i = kNumbers; i-- > 0;) {
      const auto comma = line.rfind(',', end == 0 ? 0 : end - 1);
      const char* first = line.data() + (comma == std::string::npos ? 0 : comma + 1);
      const char* last = line.data() + end;
      const auto [ptr, ec] = std::from_chars(first, last, values[i]);
      if (comma == std::string::npos || ec != std::errc() || ptr != last || values[i] < 0) {
        // Quoted in part and printable: the wrong file may be a binary one (a model, say).
        throw Error(ErrorCategory::kIo, fmt::format("'{}' line {}: expected NAME and four byte counts, found '{}'",
                                                    source, number, io::Printable(line)));
      }
      end = comma;
    }
    NodeMemory node;
    node.node = WithoutHash(line.substr(0, end));
    node.input_bytes = values[0];
    node.initializer_bytes = values[1];
    node.output_bytes = values[2];
    node.temp_bytes = values[3];
    nodes.push_back(std::move(node));
  }
  std::stable_sort(nodes.begin(), nodes.end(), [](const NodeMemory& a, const NodeMemory& b) {
    return a.allocated_bytes() != b.allocated_bytes() ? a.allocated_bytes() > b.allocated_bytes() : a.node < b.node;
  });
  return nodes;
}

std::vector<NodeMemory> ReadNodeMemoryStats(const std::string& path) {
  const std::string text = core::ReadWholeFile(path);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(ErrorCategory::kIo, fmt::format("'{}' is empty: expected ONNX Runtime's node memory statistics "
                                                "(\"#name,input_sizes,initializers_sizes,total_dynamic_sizes,"
                                                "total_temp_allocations\", then a line per node)",
                                                path));
  }
  return ParseNodeMemoryStats(text, path);
}

}  // namespace ortkit::profile
