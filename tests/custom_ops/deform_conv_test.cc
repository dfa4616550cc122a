// DCNv2 from libortkit_example_ops, both conventions, against the naive reference on random shapes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "custom_ops/deform_conv_reference.h"
#include "custom_ops/example_ops_session.h"
#include "testing/custom_op_models.h"

namespace ortkit::testing {
namespace {

constexpr double kTolerance = 1e-4;  // absolute below 1, relative above

std::vector<float> Uniform(size_t n, float lo, float hi, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// Offsets uniform in [-range, range] (with range > 1 many taps land outside the image), then
// `exact_share` of them replaced by ones that put the sample exactly on a border mmcv decides on:
// -1 and H (zero), -0.5 and H-0.5 (one neighbour inside), 0 and H-1 (on the first/last row).
std::vector<float> Offsets(const DeformConvSpec& s, float range, double exact_share, std::mt19937& rng) {
  const int64_t ho = s.OutH(), wo = s.OutW(), taps = s.kh * s.kw, channels = 2 * s.deform_groups * taps;
  std::vector<float> off = Uniform(static_cast<size_t>(s.n * channels * ho * wo), -range, range, rng);
  std::bernoulli_distribution exact(exact_share);
  std::uniform_int_distribution<int> pick(0, 5);
  for (int64_t n = 0; n < s.n; ++n) {
    for (int64_t ch = 0; ch < channels; ++ch) {
      const bool is_dx = ch % 2 == 1;
      const int64_t k = (ch / 2) % taps;
      const int64_t tap = is_dx ? k % s.kw : k / s.kw;
      const int64_t axis = is_dx ? 1 : 0;
      const float size = static_cast<float>(is_dx ? s.w : s.h);
      const float targets[6] = {-1.0f, -0.5f, 0.0f, size - 1.0f, size - 0.5f, size};
      for (int64_t oh = 0; oh < ho; ++oh) {
        for (int64_t ow = 0; ow < wo; ++ow) {
          if (!exact(rng)) continue;
          const int64_t out = is_dx ? ow : oh;
          const auto base = static_cast<float>(out * s.stride[axis] - s.pad[axis] + tap * s.dilation[axis]);
          off[static_cast<size_t>(((n * channels + ch) * ho + oh) * wo + ow)] = targets[pick(rng)] - base;
        }
      }
    }
  }
  return off;
}

DeformConvProblem ProblemOf(const DeformConvSpec& s) {
  DeformConvProblem p;
  p.n = s.n, p.c = s.c, p.h = s.h, p.w = s.w, p.cout = s.cout, p.kh = s.kh, p.kw = s.kw;
  p.stride = s.stride, p.pad = s.pad, p.dilation = s.dilation, p.groups = s.groups, p.deform_groups = s.deform_groups;
  return p;
}

std::string Describe(const DeformConvSpec& s) {
  return fmt::format("{} N={} C={} H={} W={} Cout={} k={}x{} stride={},{} pad={},{} dilation={},{} groups={} dg={} bias={}",
                     s.convention == DeformConvConvention::kMmcv ? "mmcv" : "DCNv2", s.n, s.c, s.h, s.w, s.cout, s.kh,
                     s.kw, s.stride[0], s.stride[1], s.pad[0], s.pad[1], s.dilation[0], s.dilation[1], s.groups,
                     s.deform_groups, s.with_bias);
}

// Runs the op on random data and compares every output with the reference; returns the largest
// error seen, relative where |reference| > 1.
double ExpectMatchesReference(const DeformConvSpec& s, std::mt19937& rng, float offset_range, double exact_share,
                              int intra_threads = 1) {
  SCOPED_TRACE(Describe(s));
  const int64_t ho = s.OutH(), wo = s.OutW(), taps = s.kh * s.kw;
  FloatTensor x{Uniform(static_cast<size_t>(s.n * s.c * s.h * s.w), -1.0f, 1.0f, rng), {s.n, s.c, s.h, s.w}};
  FloatTensor offset{Offsets(s, offset_range, exact_share, rng), {s.n, 2 * s.deform_groups * taps, ho, wo}};
  FloatTensor mask{Uniform(static_cast<size_t>(s.n * s.deform_groups * taps * ho * wo), 0.0f, 1.0f, rng),
                   {s.n, s.deform_groups * taps, ho, wo}};

  ExampleOpsSession session(DeformConvModel(s), intra_threads);
  const FloatTensor y = session.Run({"x", "offset", "mask"}, {x, offset, mask});
  const std::vector<float> expected =
      ReferenceDeformConv(ProblemOf(s), x.data, offset.data, mask.data, DeformConvWeight(s), DeformConvBias(s));

  EXPECT_EQ(y.shape, (std::vector<int64_t>{s.n, s.cout, ho, wo}));
  EXPECT_EQ(y.data.size(), expected.size());
  double worst = 0.0;
  int reported = 0;
  for (size_t i = 0; i < std::min(y.data.size(), expected.size()); ++i) {
    const double want = expected[i];
    const double err = std::fabs(static_cast<double>(y.data[i]) - want) / std::max(1.0, std::fabs(want));
    worst = std::max(worst, err);
    if (err > kTolerance && reported++ < 5) {
      ADD_FAILURE() << "y[" << i << "] = " << y.data[i] << ", reference " << want << " (error " << err << ")";
    }
  }
  return worst;
}

// A random layer with the given structure: channels divisible as needed, kernels 1..3, padding
// 0..2, image sizes up to 9 for which the kernel fits.
DeformConvSpec RandomSpec(DeformConvConvention convention, int64_t stride, int64_t dilation, int64_t groups,
                          int64_t deform_groups, bool with_bias, std::mt19937& rng) {
  auto draw = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  DeformConvSpec s;
  s.convention = convention;
  s.n = draw(1, 2);
  s.c = groups * deform_groups * draw(1, 2);
  s.cout = groups * draw(1, 3);
  s.kh = draw(1, 3);
  s.kw = draw(1, 3);
  s.stride = {stride, stride};
  s.dilation = {dilation, dilation};
  s.pad = {draw(0, 2), draw(0, 2)};
  s.groups = groups;
  s.deform_groups = deform_groups;
  s.with_bias = with_bias;
  s.seed = static_cast<uint32_t>(draw(1, 1000));
  do {
    s.h = draw(1, 9);
    s.w = draw(1, 9);
  } while (s.OutH() < 1 || s.OutW() < 1);
  return s;
}

void SweepStructures(DeformConvConvention convention, const std::vector<int64_t>& group_counts, uint32_t seed) {
  std::mt19937 rng(seed);
  double worst = 0.0;
  int cases = 0;
  for (int64_t stride : {1, 2}) {
    for (int64_t dilation : {1, 2}) {
      for (int64_t groups : group_counts) {
        for (int64_t deform_groups : {1, 2}) {
          for (bool bias : {true, false}) {
            const DeformConvSpec s = RandomSpec(convention, stride, dilation, groups, deform_groups, bias, rng);
            worst = std::max(worst, ExpectMatchesReference(s, rng, 3.0f, 0.2));
            ++cases;
          }
        }
      }
    }
  }
  std::printf("%d layers, largest error %.3g\n", cases, worst);
}

TEST(DeformConvTest, MmcvMatchesReferenceOverStridesDilationsGroupsDeformGroupsAndBias) {
  SweepStructures(DeformConvConvention::kMmcv, {1, 2}, 17);
}

TEST(DeformConvTest, DcnV2MatchesReferenceOverStridesDilationsDeformGroupsAndBias) {
  SweepStructures(DeformConvConvention::kDcnV2, {1}, 23);
}

TEST(DeformConvTest, SamplesExactlyOnTheBordersFollowMmcv) {
  std::mt19937 rng(5);
  for (auto convention : {DeformConvConvention::kMmcv, DeformConvConvention::kDcnV2}) {
    DeformConvSpec s;
    s.convention = convention;
    s.c = 2, s.h = 5, s.w = 6, s.cout = 3;
    const double worst = ExpectMatchesReference(s, rng, 0.0f, 1.0);  // every offset on a border
    EXPECT_LE(worst, kTolerance);
  }
}

TEST(DeformConvTest, OffsetsFarOutsideTheImageGiveTheBias) {
  DeformConvSpec s;
  s.c = 2, s.h = 4, s.w = 4, s.cout = 2;
  std::mt19937 rng(9);
  FloatTensor x{Uniform(2 * 16, -1.0f, 1.0f, rng), {1, 2, 4, 4}};
  FloatTensor offset{std::vector<float>(18 * 16, 100.0f), {1, 18, 4, 4}};
  FloatTensor mask{std::vector<float>(9 * 16, 1.0f), {1, 9, 4, 4}};
  ExampleOpsSession session(DeformConvModel(s));
  const FloatTensor y = session.Run({"x", "offset", "mask"}, {x, offset, mask});
  const std::vector<float> bias = DeformConvBias(s);
  for (size_t i = 0; i < y.data.size(); ++i) EXPECT_FLOAT_EQ(y.data[i], bias[i / 16]) << "y[" << i << "]";
}

TEST(DeformConvTest, LargeLayerSplitIntoBlocksAndThreadsMatchesReference) {
  // 37x37 outputs are six blocks of 256 positions, the last partial; 6 output channels per group
  // leave a partial set of four in the GEMM; two intra-op threads share the blocks.
  std::mt19937 rng(31);
  DeformConvSpec s;
  s.n = 2, s.c = 8, s.h = 37, s.w = 37, s.cout = 12, s.groups = 2, s.deform_groups = 2;
  const double worst = ExpectMatchesReference(s, rng, 2.0f, 0.05, /*intra_threads=*/2);
  std::printf("largest error %.3g\n", worst);
}

TEST(DeformConvTest, MissingAttributesTakeTheDefaults) {
  std::mt19937 rng(41);
  for (auto convention : {DeformConvConvention::kMmcv, DeformConvConvention::kDcnV2}) {
    DeformConvSpec s;
    s.convention = convention;
    s.pad = {0, 0};
    s.omit_default_attributes = true;  // no attribute at all: stride 1, padding 0, dilation 1, groups 1
    ExpectMatchesReference(s, rng, 1.5f, 0.1);
  }
}

TEST(DeformConvTest, ConcurrentRunsOnTwoSessionsAgreeWithOneRun) {
  // Two sessions share the library's one pair of domains; each kernel keeps no per-call state,
  // so four threads running them at once must all get the single-threaded answer. One intra-op
  // thread each: this case runs under TSan (label concurrency), which cannot see the
  // synchronisation inside ORT's uninstrumented thread pool; the pool is covered by the case above.
  std::mt19937 rng(47);
  DeformConvSpec s;
  s.c = 4, s.h = 12, s.w = 12, s.cout = 8, s.groups = 2, s.deform_groups = 2;
  FloatTensor x{Uniform(4 * 144, -1.0f, 1.0f, rng), {1, 4, 12, 12}};
  FloatTensor offset{Offsets(s, 2.0f, 0.1, rng), {1, 36, 12, 12}};
  FloatTensor mask{Uniform(18 * 144, 0.0f, 1.0f, rng), {1, 18, 12, 12}};
  ExampleOpsSession first(DeformConvModel(s));
  ExampleOpsSession second(DeformConvModel(s));
  const FloatTensor expected = first.Run({"x", "offset", "mask"}, {x, offset, mask});

  std::vector<FloatTensor> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      ExampleOpsSession& session = t % 2 == 0 ? first : second;
      for (int i = 0; i < 10; ++i) results[t] = session.Run({"x", "offset", "mask"}, {x, offset, mask});
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const FloatTensor& r : results) EXPECT_EQ(r.data, expected.data);
}

}  // namespace
}  // namespace ortkit::testing
