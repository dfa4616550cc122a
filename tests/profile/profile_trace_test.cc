// Tests of profile/profile_trace: both argument layouts, stored and malformed traces.
#include "profile/profile_trace.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit::profile {
namespace {

const std::string kDataDir = ORTKIT_PROFILE_DATA_DIR;

std::string ParseError(const std::string& json) {
  try {
    ParseOrtProfile(json, "t.json");
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    return e.what();
  }
  return "(parsed)";
}

TEST(ProfileTraceTest, ReadsTheNodeIndexLayoutOfOrt130) {
  const ProfileTrace t = ReadOrtProfile(kDataDir + "/ort_1_30_node_index.json");
  EXPECT_EQ(t.layout, TraceLayout::kNodeIndex);
  ASSERT_EQ(t.kernels.size(), 33u);  // 11 nodes, 3 runs
  EXPECT_EQ(t.kernels[0].node, "/conv1/Conv");
  EXPECT_EQ(t.kernels[0].op_type, "FusedConv");
  EXPECT_EQ(t.kernels[0].provider, "CPUExecutionProvider");
  EXPECT_EQ(t.kernels[0].node_index, 14);
  EXPECT_EQ(t.kernels[0].exec_plan_index, -1);
  EXPECT_EQ(t.kernels[0].ts_us, 24480);
  EXPECT_EQ(t.kernels[0].dur_us, 303);
  EXPECT_EQ(t.session_events.size(), 8u);
}

TEST(ProfileTraceTest, ReadsTheGraphIndexLayoutAndSkipsFenceEvents) {
  const ProfileTrace t = ReadOrtProfile(kDataDir + "/legacy_graph_index.json");
  EXPECT_EQ(t.layout, TraceLayout::kGraphIndex);
  ASSERT_EQ(t.kernels.size(), 33u);  // the 66 fence events are not kernels
  EXPECT_EQ(t.kernels[0].node_index, 14);
  EXPECT_EQ(t.kernels[0].exec_plan_index, 0);
  EXPECT_EQ(t.kernels[10].exec_plan_index, 10);
  EXPECT_STREQ(ToString(t.layout), "graph_index/exec_plan_index");
}

TEST(ProfileTraceTest, AcceptsTheChromeObjectFormAndNumericIndices) {
  const ProfileTrace t = ParseOrtProfile(
      R"({"traceEvents": [{"cat": "Node", "name": "n_kernel_time", "ts": 5.9, "dur": 2, "ph": "X",
          "args": {"op_name": "Add", "provider": "CPUExecutionProvider", "node_index": 3}},
          {"name": "process_name", "ph": "M", "args": {"name": "x"}}]})",
      "t.json");
  ASSERT_EQ(t.kernels.size(), 1u);
  EXPECT_EQ(t.kernels[0].node_index, 3);
  EXPECT_EQ(t.kernels[0].ts_us, 5);
  EXPECT_TRUE(t.session_events.empty());
}

TEST(ProfileTraceTest, MalformedTracesNameTheFileAndTheEvent) {
  EXPECT_EQ(ParseError("not json"), "'t.json': not an ONNX Runtime profile: not valid JSON");
  EXPECT_EQ(ParseError("{\"a\": 1}"), "'t.json': not an ONNX Runtime profile: expected an array of trace events");
  EXPECT_EQ(ParseError("[1]"), "'t.json': not an ONNX Runtime profile: event 0 is not an object");
  EXPECT_EQ(ParseError(R"([{"cat": "Session", "name": "model_run", "dur": 3}])"),
            "'t.json': not an ONNX Runtime profile: event 0 has no number 'ts'");
  EXPECT_EQ(ParseError(R"([{"cat": "Node", "name": "a_kernel_time", "ts": 1, "dur": 1}])"),
            "'t.json': not an ONNX Runtime profile: event 0 has no 'args' object");
  EXPECT_EQ(ParseError(R"([{"cat": "Node", "name": "a_kernel_time", "ts": 1, "dur": 1, "args": {"op_name": "Add"}}])"),
            "'t.json': not an ONNX Runtime profile: event 0 has no string 'args.provider'");
  EXPECT_EQ(ParseError(R"([{"cat": "Node", "name": "a_kernel_time", "ts": 1, "dur": 1,
                           "args": {"op_name": "Add", "provider": "CPUExecutionProvider", "node_index": "x"}}])"),
            "'t.json': not an ONNX Runtime profile: event 0 has a non-integer 'args.node_index'");
  try {
    ReadOrtProfile(kDataDir + "/none.json");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read '" + kDataDir + "/none.json': No such file or directory");
  }
}

// Found by the profile_trace fuzz target: a double time beyond int64 was converted anyway
// (undefined behaviour), and huge or negative times overflowed the summary's sums.
TEST(ProfileTraceTest, TimesOutsideZeroTo2Pow40MicrosecondsAreRefused) {
  EXPECT_EQ(ParseError(R"([{"cat": "Session", "name": "model_run", "ts": 3.4e37, "dur": 3}])"),
            "'t.json': not an ONNX Runtime profile: event 0 has 'ts' 3.4e+37, outside 0 to 1099511627776 microseconds");
  EXPECT_EQ(ParseError(R"([{"cat": "Session", "name": "model_run", "ts": 0, "dur": 18446744073709551615}])"),
            "'t.json': not an ONNX Runtime profile: event 0 has 'dur' 18446744073709551615, outside 0 to "
            "1099511627776 microseconds");
  EXPECT_EQ(ParseError(R"([{"cat": "Session", "name": "model_run", "ts": -1, "dur": 3}])"),
            "'t.json': not an ONNX Runtime profile: event 0 has 'ts' -1, outside 0 to 1099511627776 microseconds");
  const ProfileTrace ok = ParseOrtProfile(R"([{"cat": "Session", "name": "model_run", "ts": 1099511627776, "dur": 2.9}])",
                                          "t.json");
  ASSERT_EQ(ok.session_events.size(), 1u);
  EXPECT_EQ(ok.session_events[0].ts_us, int64_t{1} << 40);
  EXPECT_EQ(ok.session_events[0].dur_us, 2);
}

}  // namespace
}  // namespace ortkit::profile
