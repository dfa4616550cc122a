// File access and error wording shared by the .pb and .npy readers and writers.
#pragma once

#include <cstdint>
#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "ortkit/tensor.h"

// Both formats store little-endian data, and the readers copy it verbatim into tensors.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ortkit's tensor IO assumes a little-endian host");

namespace ortkit::io {

/// How errors name a file or source: "'x.pb'".
std::string Quoted(const std::string& path);

/// `text` made safe to quote in a one-line message: non-printable bytes become '?', and text longer
/// than `max_chars` is cut with "...". Hostile files choose these bytes.
std::string Printable(std::string_view text, std::size_t max_chars = 80);

/// A regular file opened for sequential reading. Every failure throws Error(kIo):
/// "cannot read 'x.pb': No such file or directory" (or "Is a directory", ...).
class InputFile {
 public:
  explicit InputFile(const std::string& path);

  const std::string& path() const noexcept { return path_; }
  std::uint64_t size() const noexcept { return size_; }
  /// Bytes not read yet.
  std::uint64_t remaining() const noexcept { return size_ - position_; }

  /// Reads exactly `n` bytes (the caller has checked `n <= remaining()`).
  void Read(void* destination, std::size_t n);
  std::string ReadString(std::size_t n);

 private:
  std::string path_;
  std::ifstream stream_;
  std::uint64_t size_ = 0;
  std::uint64_t position_ = 0;
};

/// The whole file; files over `max_bytes` are refused before anything is allocated.
std::string ReadFileBytes(const std::string& path, std::uint64_t max_bytes);

/// Lets `write` fill `path`, replaced atomically (core::WriteFileAtomically: an interrupted write
/// leaves the old file or the new one); throws Error(kIo) "while writing 'x.npy': <reason>".
void WriteFile(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Checks that a tensor about to be written is self-consistent (shape valid, element type sized,
/// buffer or string count matching the shape); throws Error(kIo) "cannot write 'x': ..." if not.
/// Returns the element count.
std::uint64_t CheckWritable(const Tensor& tensor, const std::string& path);

/// Decimal `count * size`, or "more than 18446744073709551615" when that overflows.
std::string BytesFor(std::uint64_t count, std::size_t size);

}  // namespace ortkit::io
