// A planted leak for memcheck's tests and benchmark: a custom operator, registered through ORT's
// custom-op API, that copies its input and leaks a fixed number of bytes on every call; and the
// raw-ORT Workload that runs it (an ortkit::Model can't carry a custom-op domain).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "memory/workload.h"

namespace ortkit::testing {

/// x: float32[n] -> y = ortkit.test::LeakyCopy(x): float32[n] (opset 17, custom domain version 1).
std::string LeakyCopyModel();

/// Runs LeakyCopyModel on one intra-op thread with a LeakyCopy that leaks `leak_bytes` per call
/// (0: none). The leaked blocks are written, as a forgotten scratch buffer would be, so they are
/// resident as well as allocated. Inputs: float32[dims["n"]] (16 when absent).
class LeakyCopyWorkload : public memory::Workload {
 public:
  explicit LeakyCopyWorkload(std::size_t leak_bytes);
  ~LeakyCopyWorkload() override;

  void Prepare(const memory::Dims& dims) override;
  void Run() override;
  void Release() override;
  /// The session's arena counters, as ModelWorkload gives them: a leak outside the arena must
  /// still be called one when the arena is read.
  std::optional<ArenaStats> Arena() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ortkit::testing
