// Strict reading of libortkit_trace.so's report (see trace_report.cc for the writer).
#include "trace/trace_document.h"

#include "core/json_fields.h"

namespace ortkit::trace {

using core::Json;
using core::JsonFields;

namespace {

JsonFields Fields(const Json& value, const std::string& where) { return JsonFields(value, where, ErrorCategory::kIo); }

}  // namespace

void ReadJson(const Json& value, const std::string& where, TraceFrame& out) {
  const JsonFields f = Fields(value, where);
  f.Get("function", out.function);
  f.Get("file", out.file);
  f.Get("line", out.line);
  f.Get("module", out.module);
  f.Get("address", out.address);
}

void ReadJson(const Json& value, const std::string& where, TraceObjects& out) {
  const JsonFields f = Fields(value, where);
  f.Get("type", out.type);
  f.Get("created", out.created);
  f.Get("released", out.released);
  f.Get("live", out.live);
}

void ReadJson(const Json& value, const std::string& where, TraceLeak& out) {
  const JsonFields f = Fields(value, where);
  f.Get("type", out.type);
  f.Get("api", out.api);
  f.Get("count", out.count);
  f.Get("bytes", out.bytes);
  f.Get("stack", out.stack);
}

void ReadJson(const Json& value, const std::string& where, TraceMisuse& out) {
  const JsonFields f = Fields(value, where);
  f.Get("what", out.what);
  f.Get("type", out.type);
  f.Get("api", out.api);
  f.Get("call", out.call);
  f.Get("count", out.count);
  f.Get("skipped", out.skipped);
  f.Get("created_at", out.created_at);
  f.Get("first_release_at", out.first_release_at);
  f.Get("second_call_at", out.second_call_at);
}

void ReadJson(const Json& value, const std::string& where, TraceSessionOptions& out) {
  const JsonFields f = Fields(value, where);
  f.Get("intra_op_threads", out.intra_op_threads);
  f.Get("inter_op_threads", out.inter_op_threads);
  f.Get("optimization_level", out.optimization_level);
  f.Get("cpu_arena", out.cpu_arena);
  f.Get("mem_pattern", out.mem_pattern);
  f.Get("providers", out.providers);
}

void ReadJson(const Json& value, const std::string& where, TraceShape& out) {
  const JsonFields f = Fields(value, where);
  f.Get("inputs", out.inputs);
  f.Get("runs", out.runs);
  f.Get("first_run", out.first_run);
  f.Get("first_run_us", out.first_run_us);
}

void ReadJson(const Json& value, const std::string& where, TraceRuns& out) {
  const JsonFields f = Fields(value, where);
  f.Get("count", out.count);
  f.Get("failed", out.failed);
  f.Get("with_binding", out.with_binding);
  f.Get("p50_us", out.p50_us);
  f.Get("p90_us", out.p90_us);
  f.Get("p99_us", out.p99_us);
  f.Get("max_us", out.max_us);
  f.Get("shapes", out.shapes);
}

void ReadJson(const Json& value, const std::string& where, TraceSession& out) {
  const JsonFields f = Fields(value, where);
  f.Get("id", out.id);
  f.Get("model", out.model);
  f.Get("source", out.source);
  f.Get("bytes_hash", out.bytes_hash);
  f.Get("bytes", out.bytes);
  f.Get("created_ms", out.created_ms);
  f.Get("load_ms", out.load_ms);
  f.Get("rss_delta_bytes", out.rss_delta_bytes);
  f.Get("released", out.released);
  f.Get("options", out.options);
  f.Get("created_at", out.created_at);
  f.Get("runs", out.runs);
}

void ReadJson(const Json& value, const std::string& where, TraceSavedInputs& out) {
  const JsonFields f = Fields(value, where);
  f.Get("dir", out.dir);
  f.Get("runs", out.runs);
  f.Get("files", out.files);
  f.Get("skipped", out.skipped);
}

void ReadJson(const Json& value, const std::string& where, TraceMemorySample& out) {
  const JsonFields f = Fields(value, where);
  f.Get("run", out.run);
  f.Get("ms", out.ms);
  f.Get("rss", out.rss);
  f.Get("anon", out.anon);
  f.Get("heap", out.heap);
  f.Get("footprint", out.footprint);
  f.Get("events", out.events);
}

void ReadJson(const Json& value, const std::string& where, TraceMemory& out) {
  const JsonFields f = Fields(value, where);
  f.Get("budget", out.budget);
  f.Get("runs", out.runs);
  f.Get("run_ms", out.run_ms);
  f.Get("sampling_ms", out.sampling_ms);
  f.Get("overhead", out.overhead);
  f.Get("cost_us", out.cost_us);
  f.Get("stride", out.stride);
  f.Get("decimations", out.decimations);
  f.Get("heap_available", out.heap_available);
  f.Get("samples", out.samples);
}

TraceDocument ParseTraceDocument(const std::string& text, const std::string& where) {
  const Json json = core::ParseJson(text, where, ErrorCategory::kIo);
  const JsonFields f = Fields(json, where);
  TraceDocument d;
  f.Get("format", d.format);
  if (d.format != "ortkit-trace-1") {
    throw Error(ErrorCategory::kIo, where + ": format '" + d.format + "' is not ortkit-trace-1 (a libortkit_trace.so of another ortkit?)");
  }
  f.Get("pid", d.pid);
  f.Get("reason", d.reason);
  f.Get("final", d.final);
  f.Get("get_api_called", d.get_api_called);
  f.Get("api_versions", d.api_versions);
  f.Get("ort_library", d.ort_library);
  f.Get("ort_version", d.ort_version);
  f.Get("second_ort_library", d.second_ort_library);
  f.Get("untraced_reason", d.untraced_reason);
  f.Get("on_misuse", d.on_misuse);
  f.Get("objects", d.objects);
  f.Get("untracked_releases", d.untracked_releases);
  f.Get("leaks", d.leaks);
  f.Get("misuse", d.misuse);
  f.Get("sessions", d.sessions);
  f.Get("saved_inputs", d.saved_inputs);
  f.Get("memory", d.memory);
  return d;
}

namespace {

std::string Basename(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Frames that are not the program's own: ONNX Runtime, its C/C++ headers, this tool, the C library.
bool Foreign(const TraceFrame& f) {
  const std::string file = Basename(f.file);
  const std::string module = Basename(f.module);
  if (file.rfind("onnxruntime_", 0) == 0) return true;
  if (module.rfind("libonnxruntime", 0) == 0 || module.rfind("libortkit_trace", 0) == 0) return true;
  if (module.rfind("libc.so", 0) == 0 || module.rfind("libstdc++", 0) == 0) return true;
  return f.file.find("/include/c++/") != std::string::npos;  // std::make_shared, unique_ptr's deleter
}

}  // namespace

const TraceFrame* CallSite(const TraceStack& stack) {
  for (const TraceFrame& f : stack) {
    if (!Foreign(f)) return &f;
  }
  return stack.empty() ? nullptr : &stack.front();
}

std::string DescribeFrame(const TraceFrame* frame) {
  if (frame == nullptr) return "an unknown call site";
  std::string text;
  if (!frame->file.empty() && frame->line > 0) {
    text = Basename(frame->file) + ":" + std::to_string(frame->line);
    if (!frame->function.empty()) text += " (" + frame->function + ")";
    return text;
  }
  text = frame->function.empty() ? frame->address : frame->function;
  if (!frame->module.empty()) text += " in " + Basename(frame->module);
  return text;
}

int64_t LeakCount(const TraceDocument& document) {
  int64_t n = 0;
  for (const TraceLeak& leak : document.leaks) n += leak.count;
  return n;
}

int64_t MisuseCount(const TraceDocument& document) {
  int64_t n = 0;
  for (const TraceMisuse& m : document.misuse) n += m.count;
  return n;
}

}  // namespace ortkit::trace
