// A small aligned text table for the human-readable output of subcommands.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

namespace ortkit::report {

/// Columns are left-aligned, except those marked numeric, which are right-aligned. Two spaces
/// separate columns; the last column carries no trailing padding.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers, std::vector<bool> numeric = {});

  /// A row with fewer cells than headers is padded with empty cells.
  void AddRow(std::vector<std::string> cells);
  bool empty() const noexcept { return rows_.empty(); }

  /// Writes the header and the rows, each line starting with `indent` spaces.
  void Render(std::ostream& out, std::size_t indent = 0) const;

 private:
  std::vector<std::string> headers_;
  std::vector<bool> numeric_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace ortkit::report
