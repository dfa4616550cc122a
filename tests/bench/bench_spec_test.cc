// Tests of bench/bench_spec and its JSON: validation naming the field, lossless round trips.
#include "bench/bench_spec.h"

#include <gtest/gtest.h>

#include "bench/bench_json.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

BenchSpec Valid() {
  BenchSpec spec;
  spec.model_path = "m.onnx";
  return spec;
}

std::string ValidateError(const BenchSpec& spec) {
  try {
    spec.Validate();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    return e.what();
  }
  return "(valid)";
}

TEST(BenchSpecTest, DefaultsWithAModelAreValid) { EXPECT_EQ(ValidateError(Valid()), "(valid)"); }

TEST(BenchSpecTest, ValidateNamesTheFieldTheValueAndWhatIsAllowed) {
  BenchSpec s = Valid();
  s.model_path.clear();
  EXPECT_EQ(ValidateError(s), "bench spec: model_path: expected a model file, got nothing");
  s = Valid();
  s.cold_runs = 0;
  EXPECT_EQ(ValidateError(s), "bench spec: cold_runs: expected at least 1, got 0");
  s = Valid();
  s.iterations = 0;
  s.duration_s = 0;
  EXPECT_EQ(ValidateError(s), "bench spec: iterations: expected iterations or a duration above 0, got neither");
  s = Valid();
  s.threads = 0;
  EXPECT_EQ(ValidateError(s), "bench spec: threads: expected at least 1, got 0");
  s = Valid();
  s.max_variation = 0;
  EXPECT_EQ(ValidateError(s), "bench spec: max_variation: expected a fraction above 0, got 0");
  s = Valid();
  s.values = {workload::ParseValueFlag("x=1..2")};
  s.values[0].low = 3;
  EXPECT_EQ(ValidateError(s), "bench spec: values: expected --value rules, got 'x=3..2': the range '3..2' is empty: "
                              "LOW is above HIGH");
  s = Valid();
  s.shapes.shapes = {{{"batch", 1}}};
  EXPECT_EQ(ValidateError(s), "bench spec: shapes: expected one weight per shape, got 0 weights for 1 shapes");
  s = Valid();
  s.config.intra_op_threads = -1;
  EXPECT_NE(ValidateError(s).find("intra_op_threads"), std::string::npos);
}

TEST(BenchSpecTest, JsonRoundTripKeepsEveryField) {
  BenchSpec s = Valid();
  s.config.intra_op_threads = 2;
  s.config.providers = {ProviderConfig{"webgpu", {}}};
  s.input_files = {{"x", "x.npy"}};
  s.values = {workload::ParseValueFlag("x=0")};
  s.seed = 18446744073709551615ULL;  // the largest seed survives JSON
  s.shapes.shapes = {{{"batch", 1}, {"seq", 5}}, {{"batch", 2}, {"seq", 5}}};
  s.shapes.weights = {3, 1};
  s.warmup = 2;
  s.iterations = 7;
  s.duration_s = 0.5;
  s.cold_runs = 3;
  s.threads = 4;
  s.sessions = 2;
  s.io_binding = true;
  s.max_variation = 0.25;
  const BenchSpec back = BenchSpec::FromJson(s.ToJson());
  EXPECT_EQ(back.ToJson(), s.ToJson());
  EXPECT_EQ(back.config, s.config);
  EXPECT_EQ(back.seed, s.seed);
  EXPECT_EQ(back.shapes.weights, s.shapes.weights);
  EXPECT_EQ(back.workers(), 4);

  BenchSpec ranged = Valid();
  ranged.values = {workload::ParseValueFlag("ids=0..30000"), workload::ParseValueFlag("x=0.1..0.30000000000000004")};
  ranged.values[1].guess = "a guess";
  EXPECT_EQ(BenchSpec::FromJson(ranged.ToJson()).values, ranged.values);
}

TEST(BenchSpecTest, FromJsonNamesAMissingOrMistypedField) {
  try {
    BenchSpec::FromJson("{\"model_path\": 3}");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "bench spec: 'model_path' must be a string, got an integer");
  }
  try {
    BenchSpec::FromJson("[1,");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("bench spec: not valid JSON: ", 0), 0u) << e.what();
  }
  Json j = SpecToJson(Valid());
  j.erase("threads");
  try {
    SpecFromJson(j, "job");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "job: 'threads' is missing");
  }
  j = SpecToJson(Valid());
  j["values"] = Json::array({{{"input", "x"}, {"value", "1..0"}, {"guess", ""}}});
  try {
    SpecFromJson(j, "job");
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "job.values: 'value' must be a --value rule, got a string");
  }
}

TEST(BenchSpecTest, WorkersAreRaisedToTheNumberOfSessions) {
  BenchSpec s = Valid();
  s.threads = 1;
  s.sessions = 3;
  EXPECT_EQ(s.workers(), 3);
}

}  // namespace
}  // namespace ortkit::bench
