// LeakyIdentity from libortkit_example_ops copies its input and really leaks leak_bytes per call.
#include <malloc.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "custom_ops/example_ops_session.h"
#include "sanitizers/sanitizer_build.h"
#include "testing/custom_op_models.h"

namespace ortkit::testing {
namespace {

// Bytes the C heap has handed out and not taken back, over every arena, small and mmapped
// blocks alike: what a leak of new[] adds to, whatever page reuse does to the RSS.
int64_t HeapInUse() {
  const struct mallinfo2 info = mallinfo2();
  return static_cast<int64_t>(info.uordblks) + static_cast<int64_t>(info.hblkhd);
}

// Heap growth over `runs` calls, after warm-up calls that let ORT's arena and caches settle.
int64_t HeapGrowth(int64_t leak_bytes, int runs) {
  ExampleOpsSession session(LeakyIdentityModel(leak_bytes));
  const FloatTensor x{std::vector<float>(32, 1.5f), {2, 16}};
  for (int i = 0; i < 10; ++i) session.Run({"x"}, {x});
  const int64_t before = HeapInUse();
  for (int i = 0; i < runs; ++i) session.Run({"x"}, {x});
  return HeapInUse() - before;
}

TEST(LeakyIdentityTest, CopiesItsInput) {
  ExampleOpsSession session(LeakyIdentityModel(0));
  FloatTensor x{std::vector<float>(48), {3, 16}};
  for (size_t i = 0; i < x.data.size(); ++i) x.data[i] = static_cast<float>(i) * 0.25f - 3.0f;
  const FloatTensor y = session.Run({"x"}, {x});
  EXPECT_EQ(y.shape, x.shape);
  EXPECT_EQ(y.data, x.data);
}

TEST(LeakyIdentityTest, EveryCallLeaksLeakBytes) {
  ORTKIT_SKIP_UNDER_SANITIZER("its allocator bypasses mallinfo2, and LeakSanitizer would fail the process on the "
                              "planted leak");
  constexpr int64_t kLeak = 16384;
  constexpr int kRuns = 200;
  const int64_t leaking = HeapGrowth(kLeak, kRuns);
  const int64_t control = HeapGrowth(0, kRuns);
  std::printf("heap growth over %d runs: %lld bytes leaking %lld per run, %lld without\n", kRuns,
              static_cast<long long>(leaking), static_cast<long long>(kLeak), static_cast<long long>(control));
  // The leaked blocks are never freed, so the heap in use grows by their sum (plus malloc's
  // headers). 10% below and 1 MiB above leave room for what ORT itself frees or settles after the
  // warm-up; the control without a leak must stay below that same 1 MiB, a third of the leak.
  EXPECT_GE(leaking, kLeak * kRuns * 9 / 10);
  EXPECT_LE(leaking, kLeak * kRuns + (1 << 20));
  EXPECT_LT(control, 1 << 20);
}

TEST(LeakyIdentityTest, NegativeLeakBytesFailsTheSession) {
  try {
    ExampleOpsSession session(LeakyIdentityModel(-1));
    ADD_FAILURE() << "the session was created";
  } catch (const Ort::Exception& e) {
    EXPECT_NE(std::string(e.what()).find("LeakyIdentity node '/debug/LeakyIdentity': attribute 'leak_bytes' is -1, "
                                         "expected >= 0"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace ortkit::testing
