// Keeps stderr to ortkit's own messages while ONNX Runtime and its providers work.
#include "cli/stderr_guard.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <iostream>
#include <unistd.h>

namespace ortkit::cli {

StderrGuard::StderrGuard(bool active) : stream_(&std::cerr) {
  if (!active) return;
  std::fflush(stderr);
  const int saved = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
  if (saved < 0) return;
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd < 0 || ::dup2(null_fd, STDERR_FILENO) < 0) {
    if (null_fd >= 0) ::close(null_fd);
    ::close(saved);
    return;  // not silenced, but nothing lost either
  }
  ::close(null_fd);
  saved_fd_ = saved;
  buf_.set_fd(saved_fd_);
  stream_ = &own_;
}

StderrGuard::~StderrGuard() {
  if (saved_fd_ < 0) return;
  std::fflush(stderr);
  ::dup2(saved_fd_, STDERR_FILENO);
  ::close(saved_fd_);
}

StderrGuard::FdBuf::int_type StderrGuard::FdBuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  const char ch = traits_type::to_char_type(c);
  return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
}

std::streamsize StderrGuard::FdBuf::xsputn(const char* data, std::streamsize n) {
  std::streamsize done = 0;
  while (done < n) {
    const ssize_t written = ::write(fd_, data + done, static_cast<std::size_t>(n - done));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) break;
    done += written;
  }
  return done;
}

}  // namespace ortkit::cli
