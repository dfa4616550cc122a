// `ortkit trace` on programs built for the purpose: the exact counts, call sites and misuse it
// reports for each, through the real binary and its -o document.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ortkit/tensor.h"
#include "ortkit/tensor_io.h"
#include "process/child_process.h"
#include "testing/temp_dir.h"
#include "graph/model_builder.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

using nlohmann::json;

struct Traced {
  int exit_code = -1;
  std::string out;
  std::string err;
  json report;  // the -o document; null when none was written
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class TraceTest : public ::testing::Test {
 protected:
  void SetUp() override {
#ifdef ORTKIT_TRACE_SKIP_REASON
    GTEST_SKIP() << ORTKIT_TRACE_SKIP_REASON;
#endif
    model_ = dir_.File("meta.onnx");
    testing::WriteFile(model_, testing::MetadataModel());
  }

  // ortkit trace [flags] -o FILE -- command...
  Traced Trace(const std::vector<std::string>& flags, const std::vector<std::string>& command) {
    const std::string json_path = dir_.File("trace" + std::to_string(++runs_) + ".json");
    process::ChildOptions child;
    child.argv = {ORTKIT_CLI_PATH, "trace"};
    child.argv.insert(child.argv.end(), flags.begin(), flags.end());
    child.argv.insert(child.argv.end(), {"-o", json_path, "--"});
    child.argv.insert(child.argv.end(), command.begin(), command.end());
    child.timeout_s = 120;
    const process::ChildResult result = process::RunChild(child);
    Traced traced;
    traced.exit_code = result.exit_code;
    traced.out = result.out;
    for (const std::string& line : result.err_tail) traced.err += line + "\n";
    if (access(json_path.c_str(), R_OK) == 0) traced.report = json::parse(ReadFile(json_path));
    return traced;
  }

  static const json& Process(const Traced& t) { return t.report.at("processes").at(0); }

  // The leaks of one process as "type api count" lines, sorted, for exact comparison.
  static std::vector<std::string> LeakLines(const json& process) {
    std::vector<std::string> lines;
    for (const json& leak : process.at("leaks")) {
      lines.push_back(leak.at("type").get<std::string>() + " " + leak.at("api").get<std::string>() + " " +
                      std::to_string(leak.at("count").get<int>()));
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  // The first frame of `stack` in `file` (basename), or null.
  static json FrameIn(const json& stack, const std::string& file) {
    for (const json& frame : stack) {
      const std::string path = frame.at("file").get<std::string>();
      if (path.size() >= file.size() && path.compare(path.size() - file.size(), file.size(), file) == 0) return frame;
    }
    return nullptr;
  }

  // The line of `marker` in a program's source (1-based); the wenet wrapper's by default.
  static int LineOf(const std::string& marker, const char* source = ORTKIT_TRACE_WENET_SOURCE) {
    std::ifstream in(source);
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      if (line.find("// " + marker) != std::string::npos) return n;
    }
    return -1;
  }

  testing::TempDir dir_;
  std::string model_;
  int runs_ = 0;
};

TEST_F(TraceTest, LeakyWrapperReportsExactLeaksCallSitesAndTheDoubleRelease) {
  const Traced t = Trace({"--on-misuse", "skip"}, {ORTKIT_TRACE_WENET, "leaky", model_});
  ASSERT_EQ(t.exit_code, 1) << t.out << t.err;
  EXPECT_NE(t.out.find("program  exit 0"), std::string::npos) << t.out;
  const json& p = Process(t);
  EXPECT_EQ(LeakLines(p), (std::vector<std::string>{"string ModelMetadataLookupCustomMetadataMap 3",
                                                    "string SessionGetInputName 1", "string SessionGetOutputName 1"}))
      << p.at("leaks").dump(1);
  // Call sites in the wrapper's own source, at the lines that made them.
  for (const json& leak : p.at("leaks")) {
    const std::string api = leak.at("api");
    const std::string marker = api == "SessionGetInputName"    ? "LEAK-INPUT-NAME"
                               : api == "SessionGetOutputName" ? "LEAK-OUTPUT-NAME"
                                                               : "LEAK-METADATA";
    const json frame = FrameIn(leak.at("stack"), "wenet_wrapper.cc");
    ASSERT_FALSE(frame.is_null()) << leak.dump(1);
    EXPECT_EQ(frame.at("line").get<int>(), LineOf(marker)) << api;
  }
  ASSERT_EQ(p.at("misuse").size(), 1u) << p.at("misuse").dump(1);
  const json& misuse = p.at("misuse").at(0);
  EXPECT_EQ(misuse.at("what"), "double release");
  EXPECT_EQ(misuse.at("type"), "string");
  EXPECT_EQ(misuse.at("api"), "SessionGetOutputName");
  EXPECT_EQ(misuse.at("count"), 1);
  EXPECT_TRUE(misuse.at("skipped").get<bool>());
  EXPECT_EQ(FrameIn(misuse.at("created_at"), "wenet_wrapper.cc").at("line").get<int>(), LineOf("DECODER-NAME"));
  EXPECT_EQ(FrameIn(misuse.at("first_release_at"), "wenet_wrapper.cc").at("line").get<int>(), LineOf("DECODER-FREE"));
  EXPECT_EQ(FrameIn(misuse.at("second_call_at"), "wenet_wrapper.cc").at("line").get<int>(), LineOf("DECODER-FREE"));
  // The summary names the call site and what to do.
  EXPECT_NE(t.out.find("3 strings from ModelMetadataLookupCustomMetadataMap never freed, at wenet_wrapper.cc:" +
                       std::to_string(LineOf("LEAK-METADATA")) + " (") ,
            std::string::npos)
      << t.out;
  EXPECT_NE(t.out.find("AllocatedStringPtr"), std::string::npos);
  EXPECT_NE(t.out.find("\nverdict  5 leaks, 1 misuse\n"), std::string::npos) << t.out;
}

TEST_F(TraceTest, FixedWrapperReportsNoLeaks) {
  const Traced t = Trace({}, {ORTKIT_TRACE_WENET, "fixed", model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  const json& p = Process(t);
  EXPECT_TRUE(p.at("leaks").empty()) << p.at("leaks").dump(1);
  EXPECT_TRUE(p.at("misuse").empty());
  ASSERT_EQ(p.at("sessions").size(), 1u);
  EXPECT_EQ(p.at("sessions").at(0).at("runs").at("count"), 3);
  EXPECT_TRUE(p.at("sessions").at(0).at("released").get<bool>());
  EXPECT_NE(t.out.find("\nverdict  clean"), std::string::npos) << t.out;
}

TEST_F(TraceTest, OrtkitModelApplicationReportsNoLeaks) {
  const Traced t = Trace({}, {ORTKIT_TRACE_MODEL_APP, model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  const json& p = Process(t);
  EXPECT_TRUE(p.at("leaks").empty()) << p.at("leaks").dump(1);
  EXPECT_TRUE(p.at("misuse").empty());
  ASSERT_EQ(p.at("sessions").size(), 1u);
  EXPECT_EQ(p.at("sessions").at(0).at("runs").at("count"), 3);
}

TEST_F(TraceTest, CProgramIsTracedClean) {
  const Traced t = Trace({}, {ORTKIT_TRACE_C_PROGRAM, model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  const json& p = Process(t);
  EXPECT_TRUE(p.at("leaks").empty()) << p.at("leaks").dump(1);
  ASSERT_EQ(p.at("sessions").size(), 1u);
  const json& session = p.at("sessions").at(0);
  EXPECT_EQ(session.at("model"), model_);
  EXPECT_EQ(session.at("options").at("intra_op_threads"), 1);
  EXPECT_EQ(session.at("runs").at("count"), 2);
  ASSERT_EQ(session.at("runs").at("shapes").size(), 1u);
  EXPECT_EQ(session.at("runs").at("shapes").at(0).at("inputs"), "x:float32[2]");
  EXPECT_EQ(session.at("runs").at("shapes").at(0).at("first_run"), 1);
  // Exact object counts: one failed CreateSession made one Status, released.
  std::map<std::string, std::pair<int, int>> objects;
  for (const json& o : p.at("objects")) objects[o.at("type")] = {o.at("created"), o.at("released")};
  EXPECT_EQ(objects["Session"], std::make_pair(1, 1));
  EXPECT_EQ(objects["Value"], std::make_pair(4, 4));
  EXPECT_EQ(objects["string"], std::make_pair(2, 2));  // freed with AllocatorFree
  EXPECT_EQ(objects["Status"], std::make_pair(1, 1));
}

TEST_F(TraceTest, OlderApiVersionIsTracedAndItsLeakFound) {
  const Traced t = Trace({}, {ORTKIT_TRACE_OLDER_API, model_});
  ASSERT_EQ(t.exit_code, 1) << t.out << t.err;
  const json& p = Process(t);
  EXPECT_EQ(p.at("api_versions"), json::array({20}));
  EXPECT_EQ(LeakLines(p), (std::vector<std::string>{"Value Run (output) 1"}));
  EXPECT_FALSE(FrameIn(p.at("leaks").at(0).at("stack"), "older_api.cc").is_null()) << p.at("leaks").dump(1);
}

TEST_F(TraceTest, EightThreadsCountEveryRun) {
  const Traced t = Trace({}, {ORTKIT_TRACE_THREADS, model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  const json& p = Process(t);
  ASSERT_EQ(p.at("sessions").size(), 1u);
  EXPECT_EQ(p.at("sessions").at(0).at("runs").at("count"), 200);
  EXPECT_TRUE(p.at("leaks").empty()) << p.at("leaks").dump(1);
}

TEST_F(TraceTest, ServerGivesASnapshotOnSigusr1AndKeepsRunning) {
  const Traced t = Trace({}, {ORTKIT_TRACE_SERVER, model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  EXPECT_NE(t.out.find("snapshot seen"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("(SIGUSR1): 1 sessions, 5 runs"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find(" misuse; memory: "), std::string::npos) << t.out;  // the series so far, judged
  EXPECT_NE(t.out.find("server still running after the snapshot"), std::string::npos) << t.out;
  EXPECT_EQ(Process(t).at("sessions").at(0).at("runs").at("count"), 10);
}

TEST_F(TraceTest, EveryWritesPeriodicSnapshots) {
  const Traced t = Trace({"--every", "1s"}, {ORTKIT_TRACE_SERVER, model_, "2.6"});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  size_t snapshots = 0;
  for (size_t at = t.out.find("(every): 1 sessions"); at != std::string::npos; at = t.out.find("(every): 1 sessions", at + 1)) {
    ++snapshots;
  }
  EXPECT_GE(snapshots, 2u) << t.out;
  EXPECT_NE(t.out.find("served for 2.6 s"), std::string::npos) << t.out;
}

TEST_F(TraceTest, NodeSessionsAndRunsAreSeenAndAnUnreleasedSessionReported) {
  if (!ORTKIT_TRACE_NODE_READY) GTEST_SKIP() << "onnxruntime-node 1.30.0 packs are missing (run scripts/bootstrap.sh)";
  if (access("/usr/bin/node", X_OK) != 0 && access("/usr/local/bin/node", X_OK) != 0) GTEST_SKIP() << "node is not installed";
  const std::string script = std::string(ORTKIT_TRACE_NODE_DIR) + "/trace_node.js";
  const Traced released = Trace({}, {"node", script, model_, "release"});
  ASSERT_FALSE(released.report.is_null()) << released.out << released.err;
  ASSERT_EQ(released.report.at("processes").size(), 1u) << released.out;
  const json& p = Process(released);
  EXPECT_EQ(p.at("api_versions"), json::array({30}));
  ASSERT_EQ(p.at("sessions").size(), 1u);
  EXPECT_EQ(p.at("sessions").at(0).at("runs").at("count"), 3);
  EXPECT_TRUE(p.at("sessions").at(0).at("released").get<bool>());

  const Traced kept = Trace({}, {"node", script, model_, "keep"});
  ASSERT_FALSE(kept.report.is_null()) << kept.out << kept.err;
  const json& k = Process(kept);
  EXPECT_FALSE(k.at("sessions").at(0).at("released").get<bool>());
  bool session_leak = false;
  for (const json& leak : k.at("leaks")) session_leak = session_leak || leak.at("type") == "Session";
  EXPECT_TRUE(session_leak) << k.at("leaks").dump(1);
  EXPECT_EQ(kept.exit_code, 1);
}

TEST_F(TraceTest, SaveInputsWritesTheFirstRunsAsNpyWithAManifest) {
  const std::string saved = dir_.File("inputs");
  const Traced t = Trace({"--save-inputs", saved, "--max-runs", "2"}, {ORTKIT_TRACE_WENET, "fixed", model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  EXPECT_EQ(Process(t).at("saved_inputs").at("runs"), 2);
  EXPECT_EQ(Process(t).at("saved_inputs").at("files"), 2);
  // The wrapper runs x = {i, i}: run k holds k - 1.
  for (int run = 1; run <= 2; ++run) {
    const Tensor x = ReadNpy(saved + "/session1/run" + std::to_string(run) + "/0_x.npy");
    ASSERT_EQ(x.shape(), (Shape{2}));
    EXPECT_EQ(x.data_as<float>()[0], static_cast<float>(run - 1));
  }
  std::ifstream manifest(saved + "/manifest.jsonl");
  std::string line;
  int lines = 0;
  while (std::getline(manifest, line)) {
    const json entry = json::parse(line);
    EXPECT_EQ(entry.at("session"), 1);
    EXPECT_EQ(entry.at("run"), ++lines);
    EXPECT_EQ(entry.at("model"), model_);
    EXPECT_EQ(entry.at("inputs").at(0).at("name"), "x");
    EXPECT_EQ(entry.at("inputs").at(0).at("shape"), json::array({2}));
  }
  EXPECT_EQ(lines, 2);
}

// A helper that leaks a name, called from two functions: two leaks, each with its own caller.
TEST_F(TraceTest, OneHelperCalledFromTwoPlacesShowsEachCaller) {
  const Traced t = Trace({}, {ORTKIT_TRACE_NAME_HELPER, model_});
  ASSERT_EQ(t.exit_code, 1) << t.out << t.err;
  const json& p = Process(t);
  ASSERT_EQ(LeakLines(p), (std::vector<std::string>{"string SessionGetInputName 1", "string SessionGetInputName 1"}))
      << p.at("leaks").dump(1);
  std::vector<int> caller_lines;
  for (const json& leak : p.at("leaks")) {
    // The first frame in the program is the helper's call to ORT; the next one, its caller.
    int frames_in_program = 0;
    for (const json& frame : leak.at("stack")) {
      const std::string file = frame.at("file").get<std::string>();
      const std::string source = "/name_helper.cc";
      if (file.size() < source.size() || file.compare(file.size() - source.size(), source.size(), source) != 0) continue;
      if (++frames_in_program == 2) caller_lines.push_back(frame.at("line").get<int>());
    }
  }
  std::sort(caller_lines.begin(), caller_lines.end());
  EXPECT_NE(t.out.find("called from name_helper.cc:" + std::to_string(LineOf("CALLER-DECODER", ORTKIT_TRACE_NAME_HELPER_SOURCE))),
            std::string::npos)
      << t.out;
  EXPECT_EQ(caller_lines, (std::vector<int>{LineOf("CALLER-ENCODER", ORTKIT_TRACE_NAME_HELPER_SOURCE),
                                            LineOf("CALLER-DECODER", ORTKIT_TRACE_NAME_HELPER_SOURCE)}));
}

// RunAsync: ORT creates the outputs on its own thread and hands them to the program's callback.
// They are counted like Run's, and one the program keeps is a leak at the RunAsync call.
TEST_F(TraceTest, RunAsyncOutputsAreCountedAndAKeptOneIsALeakAtTheCall) {
  const Traced released = Trace({}, {ORTKIT_TRACE_ASYNC_AND_TYPED, "async-release", model_});
  ASSERT_EQ(released.exit_code, 0) << released.out << released.err;
  const json& clean = Process(released);
  EXPECT_TRUE(clean.at("leaks").empty()) << clean.at("leaks").dump(1);
  std::map<std::string, std::pair<int, int>> objects;
  for (const json& o : clean.at("objects")) objects[o.at("type")] = {o.at("created"), o.at("released")};
  EXPECT_EQ(objects["Value"], std::make_pair(4, 4));  // two inputs, two outputs made by RunAsync
  EXPECT_EQ(clean.at("sessions").at(0).at("runs").at("count"), 2);
  EXPECT_EQ(clean.at("sessions").at(0).at("runs").at("shapes").at(0).at("inputs"), "x:float32[2]");

  const Traced kept = Trace({}, {ORTKIT_TRACE_ASYNC_AND_TYPED, "async-leak", model_});
  ASSERT_EQ(kept.exit_code, 1) << kept.out << kept.err;
  const json& p = Process(kept);
  EXPECT_EQ(LeakLines(p), (std::vector<std::string>{"Value RunAsync (output) 2"})) << p.at("leaks").dump(1);
  const json frame = FrameIn(p.at("leaks").at(0).at("stack"), "async_and_typed.cc");
  ASSERT_FALSE(frame.is_null()) << p.at("leaks").dump(1);
  EXPECT_EQ(frame.at("line").get<int>(), LineOf("ASYNC-CALL", ORTKIT_TRACE_ASYNC_SOURCE));
}

// Types NumPy has no dtype for are saved as ONNX TensorProto (.pb), which run reads back.
TEST_F(TraceTest, SaveInputsWritesStringAndBfloat16AsTensorProtoThatReplays) {
  const std::string model = dir_.File("typed.onnx");
  testing::WriteFile(model, graph::ModelBuilder("typed")
                                .Input("text", ElementType::kString, {3})
                                .Input("half", ElementType::kBFloat16, {3})
                                .Node("Identity", {"text"}, {"text_out"}, {}, "/text/Identity")
                                .Node("Identity", {"half"}, {"half_out"}, {}, "/half/Identity")
                                .Output("text_out", ElementType::kString, {3})
                                .Output("half_out", ElementType::kBFloat16, {3})
                                .Serialize());
  const std::string saved = dir_.File("typed_inputs");
  const Traced t = Trace({"--save-inputs", saved, "--max-runs", "1"}, {ORTKIT_TRACE_ASYNC_AND_TYPED, "typed", model});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  EXPECT_EQ(Process(t).at("saved_inputs").at("files"), 2);
  EXPECT_EQ(Process(t).at("saved_inputs").at("skipped"), 0);
  const Tensor text = ReadTensorProto(saved + "/session1/run1/0_text.pb");
  ASSERT_EQ(text.type(), ElementType::kString);
  EXPECT_EQ(text.strings(), (std::vector<std::string>{"hello", "", "w\xc3\xb6rld"}));
  const Tensor half = ReadTensorProto(saved + "/session1/run1/1_half.pb");
  ASSERT_EQ(half.type(), ElementType::kBFloat16);
  ASSERT_EQ(half.shape(), (Shape{3}));
  ASSERT_EQ(half.byte_size(), 6u);
  EXPECT_EQ(static_cast<const uint16_t*>(half.data())[1], 0xc000);  // -2.0
  std::ifstream manifest(saved + "/manifest.jsonl");
  std::string line;
  ASSERT_TRUE(std::getline(manifest, line));
  const json inputs = json::parse(line).at("inputs");
  EXPECT_EQ(inputs.at(0).at("dtype"), "string");
  EXPECT_EQ(inputs.at(1).at("dtype"), "bfloat16");

  // And they replay.
  process::ChildOptions run;
  run.argv = {ORTKIT_CLI_PATH, "run", model, "--inputs-from", saved, "--json"};
  const process::ChildResult replayed = process::RunChild(run);
  ASSERT_EQ(replayed.exit_code, 0) << replayed.out;
  EXPECT_EQ(json::parse(replayed.out).at("inputs").at(1).at("shape"), json::array({3}));
}

// The memory series: a program that leaks 1 KiB (a 1040-byte malloc chunk) after every Run, beside
// ORT, is judged a leak with a slope near that size; the same runs without the leak are not. 30000
// runs give tens of samples even on a fast machine (one per millisecond at most).
TEST_F(TraceTest, MemorySeriesFindsALeakPerRunWithItsSlope) {
  const Traced t = Trace({}, {ORTKIT_TRACE_MEMORY_APP, "leak", "30000", model_});
  ASSERT_EQ(t.exit_code, 1) << t.out << t.err;
  const json& p = Process(t);
  EXPECT_TRUE(p.at("leaks").empty()) << p.at("leaks").dump(1);
  const json& memory = p.at("memory");
  EXPECT_EQ(memory.at("runs"), 30000);
  EXPECT_GE(memory.at("samples").size(), 10u);
  EXPECT_LE(memory.at("samples").size(), 2048u);
  EXPECT_GT(memory.at("cost_us").get<double>(), 0);
  EXPECT_LT(memory.at("overhead").get<double>(), 0.1);  // sized for 2%; loose against a stalled sample
  const json& analysis = p.at("memory_analysis");
  ASSERT_TRUE(analysis.at("analysed").get<bool>()) << analysis.dump(1);
  EXPECT_EQ(analysis.at("verdict"), "leak") << analysis.dump(1);
  EXPECT_EQ(analysis.at("metric"), "heap");
  const double slope = analysis.at("slope_bytes_per_run").get<double>();
  EXPECT_GE(slope, 1024 * 0.95) << analysis.dump(1);
  EXPECT_LE(slope, 1024 * 1.15) << analysis.dump(1);
  EXPECT_LE(analysis.at("slope_ci95").at(0).get<double>(), slope);
  EXPECT_GE(analysis.at("slope_ci95").at(1).get<double>(), slope);
  EXPECT_NE(t.out.find("\nverdict  memory leak (C heap +"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("\nmemory\n  leak (C heap): C heap in use +"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find(" per run (95% interval "), std::string::npos) << t.out;
}

TEST_F(TraceTest, MemorySeriesOfACleanProgramIsNoLeak) {
  const Traced t = Trace({}, {ORTKIT_TRACE_MEMORY_APP, "clean", "30000", model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  const json& analysis = Process(t).at("memory_analysis");
  ASSERT_TRUE(analysis.at("analysed").get<bool>()) << analysis.dump(1);
  EXPECT_FALSE(analysis.at("leak").get<bool>()) << analysis.dump(1);
  EXPECT_NE(analysis.at("verdict"), "leak");
  EXPECT_NE(t.out.find("\nverdict  clean"), std::string::npos) << t.out;
}

TEST_F(TraceTest, MemoryOfTheFixedWrapperIsNoLeakAndSaysWhyNotJudged) {
  const Traced t = Trace({}, {ORTKIT_TRACE_WENET, "fixed", model_});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  const json& analysis = Process(t).at("memory_analysis");
  EXPECT_FALSE(analysis.at("leak").get<bool>());
  EXPECT_FALSE(analysis.at("analysed").get<bool>());  // 3 runs
  EXPECT_NE(t.out.find("\nmemory\n  not judged: "), std::string::npos) << t.out;
}

TEST_F(TraceTest, FailOnWithoutMemoryKeepsTheProgramsStatusOnAMemoryLeak) {
  const Traced t = Trace({"--fail-on", "leaks,misuse"}, {ORTKIT_TRACE_MEMORY_APP, "leak", "30000", model_});
  EXPECT_EQ(t.exit_code, 0) << t.out << t.err;
}

TEST_F(TraceTest, HtmlReportHasEverySectionAndIsRefusedOverAFileWithoutForce) {
  const std::string html_path = dir_.File("trace.html");
  Traced t = Trace({"--on-misuse", "skip", "--html", html_path}, {ORTKIT_TRACE_WENET, "leaky", model_});
  ASSERT_EQ(t.exit_code, 1) << t.out << t.err;
  const std::string html = ReadFile(html_path);
  ASSERT_FALSE(html.empty());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  // The verdict comes first, then each section in order.
  const size_t verdict = html.find("<section id=\"verdict\">");
  const size_t leaks = html.find("<h3>Leaks by call site</h3>");
  const size_t misuse = html.find("<h3>Misuse</h3>");
  const size_t sessions = html.find("<h3>Sessions</h3>");
  const size_t runs = html.find("<h3>Runs</h3>");
  const size_t memory = html.find("<h3>Memory</h3>");
  ASSERT_NE(verdict, std::string::npos);
  EXPECT_LT(verdict, leaks);
  EXPECT_LT(leaks, misuse);
  EXPECT_LT(misuse, sessions);
  EXPECT_LT(sessions, runs);
  EXPECT_LT(runs, memory);
  ASSERT_NE(memory, std::string::npos);
  EXPECT_NE(html.find("5 leaks, 1 misuse"), std::string::npos);
  EXPECT_NE(html.find("<code>ModelMetadataLookupCustomMetadataMap</code>"), std::string::npos);
  EXPECT_NE(html.find("wenet_wrapper.cc:" + std::to_string(LineOf("LEAK-METADATA"))), std::string::npos);
  EXPECT_NE(html.find("double release"), std::string::npos);
  EXPECT_NE(html.find("x:float32[2]"), std::string::npos);
  EXPECT_NE(html.find("not judged: "), std::string::npos);

  // An existing file is refused before the program runs, and kept; --force replaces it.
  testing::WriteFile(html_path, "keep");
  t = Trace({"--html", html_path}, {ORTKIT_TRACE_MEMORY_APP, "leak", "30000", model_});
  EXPECT_EQ(t.exit_code, 2) << t.out << t.err;
  EXPECT_NE(t.err.find("--force"), std::string::npos) << t.err;
  EXPECT_EQ(ReadFile(html_path), "keep");
  t = Trace({"--html", html_path, "--force"}, {ORTKIT_TRACE_MEMORY_APP, "leak", "30000", model_});
  EXPECT_EQ(t.exit_code, 1) << t.out << t.err;
  const std::string leak_html = ReadFile(html_path);
  EXPECT_NE(leak_html.find("id=\"memory-verdict\">leak (C heap): C heap in use +"), std::string::npos);
  EXPECT_NE(leak_html.find("resident (RSS)"), std::string::npos);  // the chart's spec
  EXPECT_NE(leak_html.find("C heap in use"), std::string::npos);
}

TEST_F(TraceTest, ProgramWithoutOrtIsExplained) {
  const Traced t = Trace({}, {"/bin/true"});
  ASSERT_EQ(t.exit_code, 0) << t.out << t.err;
  EXPECT_NE(t.out.find("never called OrtGetApiBase()->GetApi"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("Python module"), std::string::npos) << t.out;
  EXPECT_FALSE(t.report.at("get_api_called").get<bool>());
}

TEST_F(TraceTest, ProgramExitStatusIsPassedOn) {
  const Traced t = Trace({}, {"/bin/sh", "-c", "exit 7"});
  EXPECT_EQ(t.exit_code, 7);
  EXPECT_NE(t.out.find("program  exit 7"), std::string::npos) << t.out;
}

TEST_F(TraceTest, FailOnNoneKeepsTheProgramsStatus) {
  const Traced t = Trace({"--fail-on", "none"}, {ORTKIT_TRACE_OLDER_API, model_});
  EXPECT_EQ(t.exit_code, 0) << t.out;
}

TEST_F(TraceTest, MissingCommandIsOneErrorLine) {
  const Traced t = Trace({}, {"/nonexistent/program"});
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_EQ(t.err, "ortkit: error: command not found: '/nonexistent/program' is not an executable file\n");
}

TEST_F(TraceTest, MissingSeparatorIsAUsageError) {
  process::ChildOptions child;
  child.argv = {ORTKIT_CLI_PATH, "trace", "/bin/true"};
  const process::ChildResult result = process::RunChild(child);
  EXPECT_EQ(result.exit_code, 2);
  ASSERT_FALSE(result.err_tail.empty());
  EXPECT_NE(result.err_tail.front().find("put the command after '--'"), std::string::npos) << result.err_tail.front();
}

}  // namespace
}  // namespace ortkit
