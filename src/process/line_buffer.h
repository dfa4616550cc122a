// Lines out of a stream that arrives in arbitrary chunks (a pipe read in pieces).
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace ortkit::process {

/// Splits appended bytes at '\n' and hands each complete line (without "\n" or a trailing "\r")
/// to a sink. A line longer than `max_line` bytes is cut to its last `max_line` bytes, so that a
/// process that never prints a newline cannot grow it without bound.
class LineSplitter {
 public:
  using Sink = std::function<void(std::string)>;
  explicit LineSplitter(Sink sink, std::size_t max_line = 4096);

  void Append(const char* data, std::size_t size);
  /// Hands on what is left after the last newline (a last line without one).
  void Finish();

 private:
  void Emit(std::string line);
  Sink sink_;
  std::size_t max_line_;
  std::string pending_;
};

/// The last `capacity` non-empty lines of a stream: a crash's last words on stderr.
class LineTail {
 public:
  explicit LineTail(std::size_t capacity);

  void Append(const char* data, std::size_t size) { splitter_.Append(data, size); }
  /// The kept lines, oldest first, the unterminated last line included.
  std::vector<std::string> Finish();

 private:
  std::size_t capacity_;
  std::deque<std::string> lines_;
  LineSplitter splitter_;
};

}  // namespace ortkit::process
