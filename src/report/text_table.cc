// A small aligned text table for the human-readable output of subcommands.
#include "report/text_table.h"

#include <algorithm>

namespace ortkit::report {
namespace {

// Display width as code points: model and output names may be UTF-8, and counting bytes would
// push the following columns out of line.
std::size_t Width(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

TextTable::TextTable(std::vector<std::string> headers, std::vector<bool> numeric)
    : headers_(std::move(headers)), numeric_(std::move(numeric)) {
  numeric_.resize(headers_.size(), false);
}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(std::max(cells.size(), headers_.size()));
  rows_.push_back(std::move(cells));
}

void TextTable::Render(std::ostream& out, std::size_t indent) const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = Width(headers_[c]);
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < headers_.size(); ++c) widths[c] = std::max(widths[c], Width(row[c]));
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    std::string text(indent, ' ');
    for (std::size_t c = 0; c < headers_.size(); ++c) {
      const std::size_t pad = widths[c] - Width(cells[c]);
      const bool last = c + 1 == headers_.size();
      if (c > 0) text += "  ";
      if (numeric_[c]) text.append(pad, ' ');
      text += cells[c];
      if (!numeric_[c] && !last) text.append(pad, ' ');
    }
    // Trailing blanks only make golden files and diffs noisier.
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << "\n";
  };
  line(headers_);
  for (const auto& row : rows_) line(row);
}

}  // namespace ortkit::report
