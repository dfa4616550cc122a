// Reading libortkit_trace.so's report strictly, and the terminal summary rendered from it.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "trace/trace_document.h"
#include "trace/trace_render.h"

namespace ortkit::trace {
namespace {

// A report as the library writes it (one leak group, one double release, one session).
constexpr const char* kReport = R"json({"format":"ortkit-trace-1","pid":42,"reason":"exit","final":true,
"get_api_called":true,"api_versions":[27],"ort_library":"/lib/libonnxruntime.so.1","ort_version":"1.30.0",
"second_ort_library":"","untraced_reason":"","on_misuse":"report",
"objects":[{"type":"Session","created":1,"released":1,"live":0},{"type":"string","created":11,"released":0,"live":11}],
"untracked_releases":0,
"leaks":[{"type":"string","api":"ModelMetadataLookupCustomMetadataMap","count":11,"bytes":60,"stack":[
 {"function":"Ort::detail::Inline()","file":"/usr/include/onnxruntime_cxx_inline.h","line":10,"module":"/app","address":"0x1"},
 {"function":"OnnxAsrModel::Init(std::string const&)","file":"/src/onnx_asr_model.cc","line":97,"module":"/app","address":"0x2"}]}],
"misuse":[{"what":"double release","type":"string","api":"SessionGetInputName","call":"OrtAllocator::Free","count":1,
 "skipped":false,"created_at":[],"first_release_at":[],"second_call_at":[
 {"function":"Decoder::~Decoder()","file":"/src/decoder.cc","line":12,"module":"/app","address":"0x3"}]}],
"sessions":[{"id":1,"model":"/m/encoder.onnx","source":"file","bytes_hash":"","bytes":0,"created_ms":1.5,"load_ms":20.25,
 "rss_delta_bytes":10485760,"released":true,"options":{"intra_op_threads":2,"inter_op_threads":0,"optimization_level":-1,
 "cpu_arena":-1,"mem_pattern":-1,"providers":[]},"created_at":[],
 "runs":{"count":4,"failed":0,"with_binding":0,"p50_us":100.0,"p90_us":120.0,"p99_us":130.0,"max_us":131.0,
 "shapes":[{"inputs":"x:float32[2]","runs":4,"first_run":1,"first_run_us":300.0}]}},
 {"id":2,"model":"/m/encoder.onnx","source":"file","bytes_hash":"","bytes":0,"created_ms":30.0,"load_ms":18.0,
 "rss_delta_bytes":10485760,"released":false,"options":{"intra_op_threads":0,"inter_op_threads":0,"optimization_level":-1,
 "cpu_arena":-1,"mem_pattern":-1,"providers":[]},"created_at":[],
 "runs":{"count":0,"failed":0,"with_binding":0,"p50_us":0,"p90_us":0,"p99_us":0,"max_us":0,"shapes":[]}}],
"saved_inputs":{"dir":"","runs":0,"files":0,"skipped":0},
"memory":{"budget":0.02,"runs":4,"run_ms":0.4,"sampling_ms":0.002,"overhead":0.005,"cost_us":2,"stride":1,
 "decimations":0,"heap_available":true,"samples":[{"run":1,"ms":0.5,"rss":1000,"anon":600,"heap":500,"footprint":700,"events":2}]}})json";

TEST(TraceDocumentTest, ReadsEveryField) {
  const TraceDocument d = ParseTraceDocument(kReport, "report");
  EXPECT_EQ(d.pid, 42);
  ASSERT_EQ(d.leaks.size(), 1u);
  EXPECT_EQ(d.leaks[0].count, 11);
  EXPECT_EQ(DescribeFrame(CallSite(d.leaks[0].stack)), "onnx_asr_model.cc:97 (OnnxAsrModel::Init(std::string const&))");
  EXPECT_EQ(LeakCount(d), 11);
  EXPECT_EQ(MisuseCount(d), 1);
  EXPECT_EQ(d.sessions[0].runs.shapes[0].inputs, "x:float32[2]");
}

TEST(TraceDocumentTest, AWrongTypeNamesTheKeyPath) {
  std::string bad = kReport;
  bad.replace(bad.find("\"count\":11"), 10, "\"count\":\"11\"");
  try {
    ParseTraceDocument(bad, "report");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("report.leaks[0]"), std::string::npos) << e.what();
  }
}

TEST(TraceRenderTest, SummaryPutsTheVerdictFirstAndGroupsByCallSite) {
  TraceOutcome outcome;
  outcome.command = {"./asr"};
  outcome.exit_code = 0;
  outcome.end = "exit 0";
  outcome.processes.push_back(ParseTraceDocument(kReport, "report"));
  std::ostringstream out;
  RenderTraceText(outcome, out);
  const std::string text = out.str();
  EXPECT_EQ(text.rfind("verdict  11 leaks, 1 misuse\n", 0), 0u) << text;
  EXPECT_NE(text.find("  11 strings from ModelMetadataLookupCustomMetadataMap never freed, at onnx_asr_model.cc:97 "
                      "(OnnxAsrModel::Init) — free each with the allocator, or take them as AllocatedStringPtr"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  double release: OrtAllocator::Free on a string from SessionGetInputName\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    again at          decoder.cc:12 (Decoder::~Decoder)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  2 sessions of encoder.onnx: share one; each holds ~10.0 MiB\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  #1 4 runs, p50 100.0 us, p90 120.0 us, p99 130.0 us, max 131.0 us\n"), std::string::npos) << text;
  EXPECT_NE(text.find("      x:float32[2]  4 runs, first at run 1 (300.0 us)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("program  exit 0\n"), std::string::npos);
}

TEST(TraceRenderTest, NoGetApiSaysWhy) {
  TraceOutcome outcome;
  EXPECT_NE(Verdict(outcome).find("statically"), std::string::npos);
}

}  // namespace
}  // namespace ortkit::trace
