// WriteFileAtomically and CheckWritable: see atomic_file.h.
#include "core/atomic_file.h"

#include <fcntl.h>
#include <stdio.h>  // renameat2
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "ortkit/error.h"

namespace ortkit::core {
namespace fs = std::filesystem;
namespace {

constexpr const char* kExists = "it exists; pass --force to overwrite it";

[[noreturn]] void IoError(const std::string& path, const std::string& what) {
  throw Error(ErrorCategory::kIo, "while writing '" + path + "': " + what);
}

void FsyncPath(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// The temporary file; removed unless the rename moved it into place.
class TempFile {
 public:
  explicit TempFile(const fs::path& dir, const std::string& name) {
    path_ = (dir / ("." + name + ".tmp-XXXXXX")).string();
    fd_ = ::mkstemp(path_.data());
    if (fd_ < 0) error_ = errno;
    if (fd_ < 0) path_.clear();
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  int error() const { return error_; }
  const std::string& path() const { return path_; }

  /// Writes, sets the mode and flushes to disk: the data must be there before the rename makes
  /// it visible under the real name. Returns 0 or errno.
  int WriteAll(const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return n < 0 ? errno : EIO;
      done += static_cast<std::size_t>(n);
    }
    // mkstemp creates 0600; a report or model gets the mode any new file would.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd_, 0644 & ~mask);
    if (::fsync(fd_) != 0) return errno;
    const int rc = ::close(fd_);
    fd_ = -1;
    return rc == 0 ? 0 : errno;
  }

  void Committed() { path_.clear(); }

 private:
  std::string path_;
  int fd_ = -1;
  int error_ = 0;
};

}  // namespace

void CheckWritable(const std::string& path, Overwrite overwrite, const std::string& flag) {
  if (path.empty()) throw Error(ErrorCategory::kIo, flag + " needs a file name");
  std::error_code ec;
  const fs::path target = fs::absolute(fs::path(path), ec);
  const std::string named = flag + " '" + path + "'";
  if (fs::is_directory(target, ec)) {
    throw Error(ErrorCategory::kIo, named + " is a directory; expected a file name");
  }
  if (!fs::is_directory(target.parent_path(), ec)) {
    throw Error(ErrorCategory::kIo, named + ": directory '" + target.parent_path().string() + "' does not exist");
  }
  if (overwrite == Overwrite::kRefuse && fs::exists(target, ec)) {
    throw Error(ErrorCategory::kIo, named + " exists; pass --force to overwrite it");
  }
}

void WriteFileAtomically(const std::string& path, const std::string& bytes, Overwrite overwrite) {
  const bool force = overwrite == Overwrite::kReplace;
  std::error_code ec;
  if (!force && fs::exists(path, ec)) IoError(path, kExists);
  const fs::path target = fs::absolute(fs::path(path));
  const fs::path dir = target.parent_path();
  if (!fs::is_directory(dir, ec)) IoError(path, "directory '" + dir.string() + "' does not exist");
  if (fs::is_directory(target, ec)) IoError(path, "it is a directory");
  TempFile temp(dir, target.filename().string());
  if (temp.error() != 0) IoError(path, std::string("cannot create a temporary file: ") + std::strerror(temp.error()));
  if (const int err = temp.WriteAll(bytes); err != 0) IoError(path, std::strerror(err));
  // Without --force the existence check above can race with another writer; RENAME_NOREPLACE
  // makes the refusal atomic (file systems without it say EINVAL: then the plain rename).
  int renamed = force ? ::rename(temp.path().c_str(), target.c_str())
                      : ::renameat2(AT_FDCWD, temp.path().c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
  if (renamed != 0 && !force && errno == EEXIST) IoError(path, kExists);
  if (renamed != 0 && !force && errno == EINVAL) renamed = ::rename(temp.path().c_str(), target.c_str());
  if (renamed != 0) IoError(path, std::strerror(errno));
  temp.Committed();
  FsyncPath(dir.string(), O_RDONLY | O_DIRECTORY);  // the rename itself must survive a power cut
}

}  // namespace ortkit::core
