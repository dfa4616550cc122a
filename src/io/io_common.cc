// File access and error wording shared by the .pb and .npy readers and writers.
#include "io/io_common.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <sstream>

#include "core/atomic_file.h"
#include "ortkit/error.h"

namespace ortkit::io {
namespace {

[[noreturn]] void CannotRead(const std::string& path, const std::string& reason) {
  throw Error(ErrorCategory::kIo, "cannot read " + Quoted(path) + ": " + reason);
}

[[noreturn]] void CannotWrite(const std::string& path, const std::string& reason) {
  throw Error(ErrorCategory::kIo, "cannot write " + Quoted(path) + ": " + reason);
}

// errno's text after a failed open; the standard streams don't promise to set errno, so a
// missing value is reported plainly rather than as "Success".
std::string ErrnoText(int saved_errno) {
  return saved_errno ? std::strerror(saved_errno) : std::string("unknown error");
}

}  // namespace

// Paths come from the caller, not from the file, so they are quoted verbatim.
std::string Quoted(const std::string& path) { return "'" + path + "'"; }

std::string Printable(std::string_view text, std::size_t max_chars) {
  std::string out;
  const std::size_t n = std::min(text.size(), max_chars);
  out.reserve(n + 3);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  if (text.size() > max_chars) out += "...";
  return out;
}

InputFile::InputFile(const std::string& path) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (ec) CannotRead(path, ec.message());
  if (fs::is_directory(status)) CannotRead(path, std::strerror(EISDIR));
  // Devices and pipes have no size to check claims against.
  if (!fs::is_regular_file(status)) CannotRead(path, "not a regular file");
  size_ = fs::file_size(path, ec);
  if (ec) CannotRead(path, ec.message());
  errno = 0;
  stream_.open(path, std::ios::binary);
  if (!stream_) CannotRead(path, ErrnoText(errno));
}

void InputFile::Read(void* destination, std::size_t n) {
  if (n == 0) return;
  if (n > remaining()) CannotRead(path_, "unexpected end of file");
  stream_.read(static_cast<char*>(destination), static_cast<std::streamsize>(n));
  if (static_cast<std::size_t>(stream_.gcount()) != n) {
    // The size was checked up front, so a short read means the file shrank or the read failed.
    CannotRead(path_, "the file ended early (changed while reading?)");
  }
  position_ += n;
}

std::string InputFile::ReadString(std::size_t n) {
  if (n > remaining()) CannotRead(path_, "unexpected end of file");
  std::string bytes(n, '\0');
  Read(bytes.data(), n);
  return bytes;
}

std::string ReadFileBytes(const std::string& path, std::uint64_t max_bytes) {
  InputFile file(path);
  if (file.size() > max_bytes) {
    throw Error(ErrorCategory::kIo, Quoted(path) + ": file is " + std::to_string(file.size()) +
                                        " bytes, over the limit of " + std::to_string(max_bytes));
  }
  return file.ReadString(static_cast<std::size_t>(file.size()));
}

void WriteFile(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::ostringstream bytes;
  write(bytes);
  if (!bytes) CannotWrite(path, "the data could not be rendered");
  core::WriteFileAtomically(path, bytes.str(), core::Overwrite::kReplace);
}

std::uint64_t CheckWritable(const Tensor& tensor, const std::string& path) {
  const auto count = tensor.shape_elements();
  if (!count) CannotWrite(path, "tensor " + tensor.Describe() + " has a negative or overflowing shape");
  const auto elements = static_cast<std::uint64_t>(*count);
  if (tensor.type() == ElementType::kString) {
    if (tensor.strings().size() != elements) {
      CannotWrite(path, "tensor " + tensor.Describe() + " holds " +
                            std::to_string(tensor.strings().size()) + " strings, not " +
                            std::to_string(elements));
    }
    return elements;
  }
  const std::size_t size = ElementSize(tensor.type());
  if (size == 0) {
    CannotWrite(path, "element type " + std::string(ElementTypeName(tensor.type())) + " has no size");
  }
  if (elements > std::numeric_limits<std::uint64_t>::max() / size ||
      tensor.byte_size() != elements * size) {
    CannotWrite(path, "tensor " + tensor.Describe() + " needs " + BytesFor(elements, size) +
                          " bytes but its buffer holds " + std::to_string(tensor.byte_size()));
  }
  return elements;
}

std::string BytesFor(std::uint64_t count, std::size_t size) {
  if (size != 0 && count > std::numeric_limits<std::uint64_t>::max() / size) {
    return "more than " + std::to_string(std::numeric_limits<std::uint64_t>::max());
  }
  return std::to_string(count * size);
}

}  // namespace ortkit::io
