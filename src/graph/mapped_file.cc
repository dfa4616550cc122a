// MappedFile: open, check it is a regular file, mmap; the descriptor is closed at once (the mapping
// keeps the file alive).
#include "graph/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

[[noreturn]] void LoadError(const std::string& path, const std::string& what) {
  throw Error(ErrorCategory::kLoad, "while reading '" + path + "': " + what);
}

// Closes the descriptor on every path out of the constructor.
struct FdCloser {
  int fd;
  ~FdCloser() { ::close(fd); }
};

}  // namespace

MappedFile::MappedFile(const std::string& path) : path_(path) {
  // stat first: open() of a directory succeeds, and its "Is a directory" would only come from mmap.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) LoadError(path, std::strerror(errno));
  if (S_ISDIR(st.st_mode)) LoadError(path, "it is a directory, not a model file");
  // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) LoadError(path, std::strerror(errno));
  const FdCloser closer{fd};
  // Check the file opened, not the name stat'ed: it may have been replaced in between.
  if (::fstat(fd, &st) != 0) LoadError(path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) LoadError(path, "not a regular file");
  if (static_cast<uint64_t>(st.st_size) > std::numeric_limits<std::size_t>::max()) {
    LoadError(path, "the file is too large to map on this platform");
  }
  size_ = static_cast<std::size_t>(st.st_size);
  if (size_ == 0) return;
  void* data = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  if (data == MAP_FAILED) LoadError(path, std::string("cannot map the file: ") + std::strerror(errno));
  data_ = data;
}

MappedFile::~MappedFile() { Unmap(); }

MappedFile::MappedFile(MappedFile&& other) noexcept
    : path_(std::move(other.path_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    Unmap();
    path_ = std::move(other.path_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void MappedFile::Unmap() noexcept {
  if (data_ != nullptr) ::munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
}

}  // namespace ortkit::graph
