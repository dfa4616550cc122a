// Splitting a chunked stream into lines, and keeping the last few.
#include "process/line_buffer.h"

#include <utility>

namespace ortkit::process {

LineSplitter::LineSplitter(Sink sink, std::size_t max_line) : sink_(std::move(sink)), max_line_(max_line) {}

void LineSplitter::Append(const char* data, std::size_t size) {
  pending_.append(data, size);
  std::size_t start = 0;
  for (std::size_t nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n', start)) {
    Emit(pending_.substr(start, nl - start));
    start = nl + 1;
  }
  pending_.erase(0, start);
  if (pending_.size() > max_line_) pending_.erase(0, pending_.size() - max_line_);
}

void LineSplitter::Finish() {
  if (!pending_.empty()) Emit(std::move(pending_));
  pending_.clear();
}

void LineSplitter::Emit(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > max_line_) line.erase(0, line.size() - max_line_);
  sink_(std::move(line));
}

LineTail::LineTail(std::size_t capacity)
    : capacity_(capacity), splitter_([this](std::string line) {
        if (line.empty() || capacity_ == 0) return;
        lines_.push_back(std::move(line));
        if (lines_.size() > capacity_) lines_.pop_front();
      }) {}

std::vector<std::string> LineTail::Finish() {
  splitter_.Finish();
  return {lines_.begin(), lines_.end()};
}

}  // namespace ortkit::process
