// Reading shape files.
#include "workload/shape_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::workload {

std::vector<DimSizes> ParseShapeText(const std::string& text, const std::string& label) {
  std::vector<DimSizes> rows;
  std::istringstream lines(text);
  int number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    for (char& c : line) {
      if (c == ',' || c == '\t' || c == '\r') c = ' ';
    }
    std::istringstream words(line);
    DimSizes row;
    for (std::string word; words >> word;) {
      const std::string why = CheckDimFlag(word);
      const DimFlag flag = why.empty() ? ParseDimFlag(word) : DimFlag{};
      if (!why.empty() || !flag.single()) {
        throw Error(ErrorCategory::kConfig,
                    fmt::format("{}:{}: expected NAME=SIZE pairs (e.g. batch=1 seq=37), got '{}'", label, number, word));
      }
      if (!row.emplace(flag.name, flag.values.front()).second) {
        throw Error(ErrorCategory::kConfig, fmt::format("{}:{}: '{}' is given twice", label, number, flag.name));
      }
    }
    if (!row.empty()) rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    throw Error(ErrorCategory::kConfig, label + ": no requests (expected lines like 'batch=1 seq=37')");
  }
  return rows;
}

std::vector<DimSizes> ReadShapeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCategory::kIo, "--shape-file: cannot read '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return ParseShapeText(text.str(), path);
}

}  // namespace ortkit::workload
