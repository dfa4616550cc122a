// The counters move with what the process does: a written block raises the heap in use and
// resident memory by its size; the detailed counters agree with the cheap ones.
#include <cstdlib>

#include <gtest/gtest.h>

#include "memory/gpu_memory.h"
#include "memory/proc_memory.h"
#include "sanitizers/sanitizer_build.h"

namespace ortkit::memory {
namespace {

// Why these cases cannot be judged in a sanitizer build.
constexpr const char* kNotUnderSanitizers =
    "the memory analysis reads glibc's heap counters (mallinfo2), which stay at zero when the "
    "sanitizer's allocator serves malloc, and resident memory, which its quarantine and shadow "
    "memory change";

constexpr int64_t kBlock = 8 << 20;

TEST(ProcMemoryTest, AWrittenBlockShowsInTheHeapAndInResidentMemory) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  ProcMemory proc;
  const CheapCounters before = proc.ReadCheap();
  // malloc directly: the point is to watch the C allocator's counters move by a known amount.
  void* block = std::malloc(kBlock);
  ASSERT_NE(block, nullptr);
  // Through volatile, page by page: a memset before free is a dead store the compiler may drop.
  volatile char* bytes = static_cast<volatile char*>(block);
  for (int64_t i = 0; i < kBlock; i += 4096) bytes[i] = 1;
  const CheapCounters during = proc.ReadCheap();
  std::free(block);
  const CheapCounters after = proc.ReadCheap();
  EXPECT_GE(during.heap - before.heap, kBlock);
  EXPECT_LT(during.heap - before.heap, kBlock + (64 << 10));
  EXPECT_GE(during.anon - before.anon, kBlock * 9 / 10);
  EXPECT_GE(during.footprint, during.heap);
  EXPECT_GE(during.rss, during.anon);
  // 8 MiB is above glibc's mmap threshold: freeing it unmaps it, so both drop back.
  EXPECT_LT(after.heap - before.heap, 64 << 10);
  EXPECT_LT(after.anon - before.anon, kBlock / 10);
}

TEST(ProcMemoryTest, DetailedCountersAreConsistentWithTheCheapOnes) {
  ORTKIT_SKIP_UNDER_SANITIZER(kNotUnderSanitizers);
  ProcMemory proc;
  const std::optional<DetailedCounters> d = proc.ReadDetailed();
  ASSERT_TRUE(d.has_value()) << "needs /proc/self/smaps_rollup (Linux 4.14+)";
  const CheapCounters c = proc.ReadCheap();
  EXPECT_GE(d->peak_rss, c.rss * 9 / 10);
  ASSERT_TRUE(d->pss.has_value());
  EXPECT_GT(*d->pss, 0);
  EXPECT_LE(*d->pss, d->peak_rss);
  ASSERT_TRUE(d->private_dirty.has_value());
  EXPECT_GT(*d->private_dirty, 0);
  // The peak alone skips smaps_rollup (the costly read).
  const std::optional<DetailedCounters> peak = proc.ReadDetailed(false);
  ASSERT_TRUE(peak.has_value());
  EXPECT_GT(peak->peak_rss, 0);
  EXPECT_FALSE(peak->pss.has_value());
  EXPECT_TRUE(ProcMemory::HeapCountersAvailable());
}

TEST(GpuMemoryTest, WithoutAGpuItSaysWhyAndReadsNothing) {
  const GpuMemory gpu;
  if (gpu.available()) {
    EXPECT_TRUE(gpu.UsedBytes().has_value());
    EXPECT_EQ(gpu.why_not(), "");
  } else {
    EXPECT_FALSE(gpu.UsedBytes().has_value());
    EXPECT_FALSE(gpu.why_not().empty());
  }
}

}  // namespace
}  // namespace ortkit::memory
