// Tests of bench/stats' MakeHistogram on known data, and its JSON round trip in a bench phase.
#include <numeric>

#include <gtest/gtest.h>

#include "bench/bench_json.h"
#include "bench/stats.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

int64_t Total(const Histogram& h) { return std::accumulate(h.counts.begin(), h.counts.end(), int64_t{0}); }

TEST(HistogramTest, EqualBinsFromMinToMaxWhenNothingIsClipped) {
  // 0..9 in 5 bins: p99 of 0..9 is 8.91, so 9 falls into the overflow bin [8.91, 9].
  std::vector<double> samples;
  for (int i = 9; i >= 0; --i) samples.push_back(i);
  const Histogram h = MakeHistogram(samples, 5);
  ASSERT_EQ(h.counts.size(), 6u);
  ASSERT_EQ(h.edges_ms.size(), 7u);
  EXPECT_DOUBLE_EQ(h.edges_ms.front(), 0);
  EXPECT_NEAR(h.edges_ms[5], 8.91, 1e-9);
  EXPECT_DOUBLE_EQ(h.edges_ms.back(), 9);
  // Width 1.782: [0,1.78) 0,1 | [1.78,3.56) 2,3 | [3.56,5.35) 4,5 | [5.35,7.13) 6,7 | [7.13,8.91] 8 | overflow 9
  EXPECT_EQ(h.counts, (std::vector<int64_t>{2, 2, 2, 2, 1, 1}));
  EXPECT_EQ(Total(h), 10);
}

TEST(HistogramTest, OneStraySampleGoesToTheOverflowBinInsteadOfSqueezingTheRest) {
  std::vector<double> samples(2000, 1.0);
  for (int i = 0; i < 2000; ++i) samples[static_cast<std::size_t>(i)] = 1.0 + 0.001 * (i % 100);  // 1.000 .. 1.099
  samples.push_back(500.0);                                                                       // one stall
  const Histogram h = MakeHistogram(samples);
  ASSERT_EQ(h.counts.size(), static_cast<std::size_t>(kHistogramBins) + 1);
  EXPECT_EQ(h.counts.back(), 1);
  EXPECT_DOUBLE_EQ(h.edges_ms.back(), 500.0);
  EXPECT_LT(h.edges_ms[static_cast<std::size_t>(kHistogramBins)], 1.1);  // the regular bins span the real spread
  EXPECT_EQ(Total(h), 2001);
}

TEST(HistogramTest, EdgeCasesNoSamplesOneValueOneBin) {
  const Histogram none = MakeHistogram({});
  EXPECT_TRUE(none.edges_ms.empty());
  EXPECT_TRUE(none.counts.empty());
  const Histogram same = MakeHistogram({2.5, 2.5, 2.5});
  EXPECT_EQ(same.edges_ms, (std::vector<double>{2.5, 2.5}));
  EXPECT_EQ(same.counts, (std::vector<int64_t>{3}));
  const Histogram one_bin = MakeHistogram({1, 2, 3}, 0);  // bins < 1 count as 1
  EXPECT_EQ(Total(one_bin), 3);
  EXPECT_EQ(one_bin.edges_ms.size(), one_bin.counts.size() + 1);
}

TEST(HistogramTest, EdgesAscendAndCountsCoverEverySampleOnRandomishData) {
  std::vector<double> samples;
  uint32_t x = 12345;
  for (int i = 0; i < 5000; ++i) {
    x = x * 1664525u + 1013904223u;
    samples.push_back(0.2 + (x >> 8) % 10000 / 1000.0 + (i % 997 == 0 ? 50 : 0));
  }
  const Histogram h = MakeHistogram(samples);
  EXPECT_EQ(Total(h), 5000);
  for (std::size_t i = 1; i < h.edges_ms.size(); ++i) EXPECT_LE(h.edges_ms[i - 1], h.edges_ms[i]);
}

TEST(HistogramTest, RoundTripsThroughAPhasesJsonAndOldPhasesStillRead) {
  PhaseResult phase;
  phase.name = "batch=1";
  phase.requests = 3;
  phase.latency = Summarize({1, 2, 4});
  phase.histogram = MakeHistogram({1, 2, 4}, 3);
  Json j = PhaseToJson(phase);
  ASSERT_TRUE(j.contains("histogram"));
  const PhaseResult back = PhaseFromJson(j, "test");
  EXPECT_EQ(back.histogram.edges_ms, phase.histogram.edges_ms);
  EXPECT_EQ(back.histogram.counts, phase.histogram.counts);

  j.erase("histogram");  // a baseline written before histograms existed
  EXPECT_TRUE(PhaseFromJson(j, "old").histogram.counts.empty());

  j["histogram"] = {{"edges_ms", {1, 2}}, {"counts", {1, 1}}};  // one edge short
  EXPECT_THROW(PhaseFromJson(j, "bad"), Error);
  j["histogram"] = {{"edges_ms", {1, 2, 3}}, {"counts", {1, -1}}};
  EXPECT_THROW(PhaseFromJson(j, "bad"), Error);
}

}  // namespace
}  // namespace ortkit::bench
