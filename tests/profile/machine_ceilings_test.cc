// Tests of profile/machine_ceilings: a real (tiny) measurement with ORT, the JSON cache's round
// trip, a key that does not match (measured again), a broken cache, and the cache directory.
#include "profile/machine_ceilings.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::profile {
namespace {

// Small enough to take a few milliseconds; what is checked is that real numbers come back.
CeilingSpec Tiny() {
  CeilingSpec spec;
  spec.threads = 1;
  spec.gemm_n = 64;
  spec.stream_bytes = 1 << 20;
  spec.repeats = 3;
  return spec;
}

MachineCeilings Fake(const CeilingKey& key, double gflops) {
  MachineCeilings c;
  c.key = key;
  c.gemm_gflops = gflops;
  c.bandwidth_gbs = 7.5;
  c.gemm_n = 1024;
  c.stream_bytes = 128u << 20;
  c.repeats = 5;
  c.measured_at = "2026-01-02T03:04:05Z";
  return c;
}

// Sets an environment variable for one test, restoring what was there.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    value ? setenv(name, value, 1) : unsetenv(name);
  }
  ~ScopedEnv() { old_.empty() ? unsetenv(name_) : setenv(name_, old_.c_str(), 1); }

 private:
  const char* name_;
  std::string old_;
};

TEST(MachineCeilingsTest, ARealTinyMeasurementGivesPositiveFiniteCeilings) {
  const MachineCeilings c = MeasureCeilings(Tiny());
  EXPECT_TRUE(std::isfinite(c.gemm_gflops) && c.gemm_gflops > 0) << c.gemm_gflops;
  EXPECT_TRUE(std::isfinite(c.bandwidth_gbs) && c.bandwidth_gbs > 0) << c.bandwidth_gbs;
  EXPECT_EQ(c.key, ThisMachine(1));
  EXPECT_EQ(c.stream_bytes, 1u << 20);
  EXPECT_EQ(c.origin, "measured now");
  EXPECT_EQ(c.measured_at.size(), 20u) << c.measured_at;  // 2026-12-07T16:20:10Z
  EXPECT_GT(c.ridge(), 0);
}

TEST(MachineCeilingsTest, InvalidSpecsAreRefusedNamingTheField) {
  CeilingSpec spec = Tiny();
  spec.gemm_n = 0;
  try {
    MeasureCeilings(spec);
    ADD_FAILURE() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_NE(std::string(e.what()).find("gemm_n: expected at least 1, got 0"), std::string::npos) << e.what();
  }
  spec = Tiny();
  spec.repeats = 0;
  EXPECT_THROW(spec.Validate(), Error);
  spec = Tiny();
  spec.threads = -1;
  EXPECT_THROW(spec.Validate(), Error);
}

TEST(MachineCeilingsTest, TheCacheRoundTripsAndKeepsOtherKeys) {
  testing::TempDir dir;
  const std::string path = CeilingsCachePath(dir.path() + "/sub");  // the directory is created
  const CeilingKey one{"Test CPU", 4, "1.30.0", 1};
  CeilingKey two = one;
  two.threads = 2;
  WriteCachedCeilings(path, Fake(one, 11.5));
  WriteCachedCeilings(path, Fake(two, 22.5));
  WriteCachedCeilings(path, Fake(one, 12.5));  // replaces the first entry
  const auto read_one = ReadCachedCeilings(path, one);
  ASSERT_TRUE(read_one);
  EXPECT_DOUBLE_EQ(read_one->gemm_gflops, 12.5);
  EXPECT_DOUBLE_EQ(read_one->bandwidth_gbs, 7.5);
  EXPECT_EQ(read_one->key, one);
  EXPECT_EQ(read_one->gemm_n, 1024);
  EXPECT_EQ(read_one->stream_bytes, 128u << 20);
  EXPECT_EQ(read_one->repeats, 5);
  EXPECT_EQ(read_one->measured_at, "2026-01-02T03:04:05Z");
  EXPECT_EQ(read_one->origin, "cached in " + path);
  EXPECT_DOUBLE_EQ(ReadCachedCeilings(path, two)->gemm_gflops, 22.5);
  const auto doc = nlohmann::json::parse(std::ifstream(path));
  EXPECT_EQ(doc["format"], "ortkit.roofline_ceilings/1");
  EXPECT_EQ(doc["entries"].size(), 2u);
}

TEST(MachineCeilingsTest, AnyKeyFieldThatDiffersIsACacheMiss) {
  testing::TempDir dir;
  const std::string path = CeilingsCachePath(dir.path());
  EXPECT_FALSE(ReadCachedCeilings(path, ThisMachine(1)));  // no file yet
  const CeilingKey key{"Test CPU", 4, "1.30.0", 1};
  WriteCachedCeilings(path, Fake(key, 11.5));
  std::vector<CeilingKey> others(4, key);
  others[0].cpu_model = "Other CPU";
  others[1].cores = 8;
  others[2].ort_version = "1.29.0";
  others[3].threads = 0;
  EXPECT_TRUE(ReadCachedCeilings(path, key));
  for (const CeilingKey& other : others) {
    EXPECT_FALSE(ReadCachedCeilings(path, other)) << other.Describe();
  }
}

TEST(MachineCeilingsTest, AKeyMismatchIsMeasuredAndCachedBesideTheOldEntry) {
  testing::TempDir dir;
  CeilingKey stale = ThisMachine(1);
  stale.ort_version = "0.0.1";  // measured under another ORT: not this machine's figures
  WriteCachedCeilings(CeilingsCachePath(dir.path()), Fake(stale, 99999));
  std::string note;
  const MachineCeilings c = CeilingsForThisMachine(Tiny(), dir.path(), false, &note);
  EXPECT_EQ(c.origin, "measured now");
  EXPECT_NE(c.gemm_gflops, 99999);
  EXPECT_EQ(note, "");
  // Now cached: the next call reads it back (the same figures, no measurement).
  const MachineCeilings again = CeilingsForThisMachine(Tiny(), dir.path(), false, &note);
  EXPECT_EQ(again.origin, "cached in " + CeilingsCachePath(dir.path()));
  EXPECT_DOUBLE_EQ(again.gemm_gflops, c.gemm_gflops);
  EXPECT_TRUE(ReadCachedCeilings(CeilingsCachePath(dir.path()), stale));
}

TEST(MachineCeilingsTest, ACachedEntryIsUsedAndRemeasureReplacesIt) {
  testing::TempDir dir;
  // A figure no measurement gives: seeing it back proves the cache was read.
  WriteCachedCeilings(CeilingsCachePath(dir.path()), Fake(ThisMachine(1), 123456.0));
  EXPECT_DOUBLE_EQ(CeilingsForThisMachine(Tiny(), dir.path(), false, nullptr).gemm_gflops, 123456.0);
  const MachineCeilings fresh = CeilingsForThisMachine(Tiny(), dir.path(), true, nullptr);
  EXPECT_EQ(fresh.origin, "measured now");
  EXPECT_NE(fresh.gemm_gflops, 123456.0);
  EXPECT_DOUBLE_EQ(ReadCachedCeilings(CeilingsCachePath(dir.path()), ThisMachine(1))->gemm_gflops, fresh.gemm_gflops);
}

TEST(MachineCeilingsTest, ABrokenCacheIsAnErrorWhenReadAndMeasuredOverByTheCaller) {
  testing::TempDir dir;
  const std::string path = CeilingsCachePath(dir.path());
  std::ofstream(path) << "{\"format\": \"something else\"}";
  try {
    ReadCachedCeilings(path, ThisMachine(1));
    ADD_FAILURE() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_NE(std::string(e.what()).find("expected \"format\": \"ortkit.roofline_ceilings/1\", found \"something else\""),
              std::string::npos) << e.what();
  }
  std::ofstream(path) << "{\"format\": \"ortkit.roofline_ceilings/1\", \"entries\": [{\"cpu_model\": 3}]}";
  EXPECT_THROW(ReadCachedCeilings(path, ThisMachine(1)), Error);
  std::ofstream(path) << "not json";
  EXPECT_THROW(ReadCachedCeilings(path, ThisMachine(1)), Error);

  std::string note;
  const MachineCeilings c = CeilingsForThisMachine(Tiny(), dir.path(), false, &note);
  EXPECT_EQ(c.origin, "measured now");
  EXPECT_NE(note.find("ceilings cache not used"), std::string::npos) << note;
  EXPECT_TRUE(ReadCachedCeilings(path, ThisMachine(1)));  // the broken file was replaced
}

TEST(MachineCeilingsTest, ACachedCeilingThatIsNotPositiveIsRefused) {
  testing::TempDir dir;
  const std::string path = CeilingsCachePath(dir.path());
  WriteCachedCeilings(path, Fake(ThisMachine(1), 0.0));
  try {
    ReadCachedCeilings(path, ThisMachine(1));
    ADD_FAILURE() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("gemm_gflops: expected a positive number, found 0"), std::string::npos) << e.what();
  }
}

TEST(MachineCeilingsTest, TheCacheDirectoryFollowsOrtkitThenXdgThenHome) {
  const ScopedEnv ortkit("ORTKIT_CACHE_DIR", "/tmp/ortkit-cache");
  const ScopedEnv xdg("XDG_CACHE_HOME", "/tmp/xdg");
  const ScopedEnv home("HOME", "/tmp/home");
  EXPECT_EQ(CacheDirectory(), "/tmp/ortkit-cache");
  unsetenv("ORTKIT_CACHE_DIR");
  EXPECT_EQ(CacheDirectory(), "/tmp/xdg/ortkit");
  unsetenv("XDG_CACHE_HOME");
  EXPECT_EQ(CacheDirectory(), "/tmp/home/.cache/ortkit");
  unsetenv("HOME");
  EXPECT_THROW(CacheDirectory(), Error);
}

TEST(MachineCeilingsTest, AnUnwritableCacheIsANoteNotAFailure) {
  testing::TempDir dir;
  std::ofstream(dir.File("file")) << "x";  // a file where the cache directory should be
  std::string note;
  const MachineCeilings c = CeilingsForThisMachine(Tiny(), dir.File("file"), false, &note);
  EXPECT_GT(c.gemm_gflops, 0);
  EXPECT_NE(note.find("not cached"), std::string::npos) << note;
}

}  // namespace
}  // namespace ortkit::profile
