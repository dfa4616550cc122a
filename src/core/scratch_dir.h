// A private scratch directory for files handed between processes, removed when done.
#pragma once

#include <string>

namespace ortkit::core {

class ScratchDir {
 public:
  /// Creates a new directory "ortkit-<purpose>-XXXXXX" under `parent`, by default $TMPDIR (or
  /// /tmp); Error(kIo) naming it on failure.
  explicit ScratchDir(const std::string& purpose, const std::string& parent = "");
  /// Removes the directory and everything in it; never throws.
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const noexcept { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Reads a whole file; Error(kIo) "cannot read '<path>': <reason>" on failure.
std::string ReadWholeFile(const std::string& path);
/// Writes a whole file, replacing it atomically (atomic_file.h); Error(kIo) naming it on failure.
void WriteWholeFile(const std::string& path, const std::string& bytes);

}  // namespace ortkit::core
