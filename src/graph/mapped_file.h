// MappedFile: a whole file mapped read-only into memory, unmapped when the object goes away.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ortkit::graph {

/// A read-only, private mmap of one regular file. Pages are read from disk only when touched, so
/// scanning a model's structure does not bring its weights into memory. Move-only.
class MappedFile {
 public:
  /// Maps `path`. Throws Error(kLoad) "while reading '<path>': <why>" when the file is missing, is
  /// a directory or another non-regular file, or cannot be opened or mapped. An empty file maps to
  /// an empty view.
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  /// The file's bytes; valid while this object lives.
  std::string_view bytes() const noexcept { return {static_cast<const char*>(data_), size_}; }
  uint64_t size() const noexcept { return size_; }
  const std::string& path() const noexcept { return path_; }

 private:
  void Unmap() noexcept;

  std::string path_;
  void* data_ = nullptr;  // nullptr for an empty file (mmap refuses length 0)
  std::size_t size_ = 0;
};

}  // namespace ortkit::graph
