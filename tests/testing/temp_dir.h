// TempDir: a unique scratch directory for one test, removed with everything in it when destroyed.
#pragma once

#include <string>

namespace ortkit::testing {

/// Creates a new, empty directory under $ORTKIT_TEST_TMPDIR (created if missing) or, when that is
/// unset or empty, under std::filesystem::temp_directory_path(). Throws ortkit::Error (kIo) if it
/// cannot. The destructor removes the directory recursively and never throws.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// The directory's absolute path.
  const std::string& path() const noexcept { return path_; }
  /// path() + "/" + name; nothing is created.
  std::string File(const std::string& name) const;

 private:
  std::string path_;
};

}  // namespace ortkit::testing
