// Symbolising captured return addresses at report time: file:line and inlined callers with
// elfutils' libdw when the build found it (ORTKIT_TRACE_LIBDW), else the dladdr symbol names.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ortkit_trace {

struct Frame {
  std::string function;
  std::string file;
  int line = 0;
  std::string module;
  uintptr_t address = 0;
};

/// Reads this process's modules once; Resolve() then maps return addresses to frames.
class Symbolizer {
 public:
  Symbolizer();
  ~Symbolizer();
  Symbolizer(const Symbolizer&) = delete;
  Symbolizer& operator=(const Symbolizer&) = delete;

  /// The frames one return address stands for, innermost first (inlined calls expanded).
  std::vector<Frame> Resolve(uintptr_t return_address);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ortkit_trace
