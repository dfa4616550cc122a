// /proc/self readers and glibc's mallinfo2, as plain numbers.
#include "memory/proc_memory.h"

#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "ortkit/error.h"

namespace ortkit::memory {
namespace {

// Reads a small /proc file in one go into `buf`; returns the bytes read, or -1.
ssize_t ReadSmallFile(const char* path, char* buf, std::size_t size) {
  const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  std::size_t total = 0;
  while (total + 1 < size) {
    const ssize_t n = ::read(fd, buf + total, size - 1 - total);
    if (n <= 0) break;
    total += static_cast<std::size_t>(n);
  }
  ::close(fd);
  buf[total] = '\0';
  return static_cast<ssize_t>(total);
}

// The value of "Key:   123 kB" in /proc text, in bytes; -1 when the key is missing.
int64_t KibField(std::string_view text, std::string_view key) {
  std::size_t pos = 0;
  while ((pos = text.find(key, pos)) != std::string_view::npos) {
    if (pos == 0 || text[pos - 1] == '\n') {
      const std::string value(text.substr(pos + key.size(), 32));
      return std::strtoll(value.c_str(), nullptr, 10) * 1024;
    }
    pos += key.size();
  }
  return -1;
}

}  // namespace

ProcMemory::ProcMemory() {
  statm_fd_ = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (statm_fd_ < 0) {
    throw Error(ErrorCategory::kIo, std::string("memcheck needs Linux's /proc/self/statm: ") + std::strerror(errno));
  }
  const long page = ::sysconf(_SC_PAGESIZE);
  if (page > 0) page_size_ = page;
}

ProcMemory::~ProcMemory() {
  if (statm_fd_ >= 0) ::close(statm_fd_);
}

CheapCounters ProcMemory::ReadCheap() const {
  CheapCounters c;
  // statm: "size resident shared text lib data dt", in pages; shared = RssFile + RssShmem, so
  // resident - shared is RssAnon without formatting all of /proc/self/status.
  char buf[128];
  const ssize_t n = ::pread(statm_fd_, buf, sizeof buf - 1, 0);
  if (n > 0) {
    buf[n] = '\0';
    char* end = nullptr;
    std::strtoll(buf, &end, 10);
    const int64_t resident = std::strtoll(end, &end, 10);
    const int64_t shared = std::strtoll(end, &end, 10);
    c.rss = resident * page_size_;
    c.anon = (resident - shared) * page_size_;
  }
  // mallinfo2 sums every arena: uordblks is in use from the brk/arena heaps, hblkhd the blocks
  // served by mmap (always in use), arena what the arenas hold from the OS.
  const struct mallinfo2 info = ::mallinfo2();
  c.heap = static_cast<int64_t>(info.uordblks + info.hblkhd);
  c.footprint = static_cast<int64_t>(info.arena + info.hblkhd);
  return c;
}

std::optional<DetailedCounters> ProcMemory::ReadDetailed(bool smaps) const {
  // status is ~1.5 KiB and smaps_rollup ~1 KiB; 8 KiB leaves room for kernels that add fields.
  char buf[8192];
  DetailedCounters d;
  if (ReadSmallFile("/proc/self/status", buf, sizeof buf) <= 0) return std::nullopt;
  d.peak_rss = KibField(buf, "VmHWM:");
  if (d.peak_rss < 0) return std::nullopt;
  if (smaps && ReadSmallFile("/proc/self/smaps_rollup", buf, sizeof buf) > 0) {
    const int64_t pss = KibField(buf, "Pss:");
    const int64_t private_dirty = KibField(buf, "Private_Dirty:");
    if (pss >= 0) d.pss = pss;
    if (private_dirty >= 0) d.private_dirty = private_dirty;
  }
  return d;
}

bool ProcMemory::HeapCountersAvailable() {
  // Any process that has reached main() through glibc's malloc has a main arena of some size.
  const struct mallinfo2 info = ::mallinfo2();
  return info.arena > 0;
}

}  // namespace ortkit::memory
