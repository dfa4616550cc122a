// Keeps stderr to ortkit's own messages while ONNX Runtime and its providers work.
#pragma once

#include <ostream>
#include <streambuf>

namespace ortkit::cli {

/// While an active guard lives, file descriptor 2 points at /dev/null: providers print to it
/// directly, bypassing ORT's logger (WebGPU's Dawn writes "Warning: ..." lines on every session),
/// and such lines would break "one error line on stderr". ortkit's own messages go to stream(),
/// which writes to the real stderr. The destructor restores descriptor 2. An inactive guard (or one
/// that could not redirect) changes nothing and its stream() is std::cerr.
class StderrGuard {
 public:
  explicit StderrGuard(bool active);
  ~StderrGuard();
  StderrGuard(const StderrGuard&) = delete;
  StderrGuard& operator=(const StderrGuard&) = delete;

  std::ostream& stream() noexcept { return *stream_; }

 private:
  // Unbuffered writes to a descriptor: the saved copy of the real stderr.
  class FdBuf : public std::streambuf {
   public:
    void set_fd(int fd) noexcept { fd_ = fd; }

   protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* data, std::streamsize n) override;

   private:
    int fd_ = -1;
  };

  int saved_fd_ = -1;
  FdBuf buf_;
  std::ostream own_{&buf_};
  std::ostream* stream_;
};

}  // namespace ortkit::cli
