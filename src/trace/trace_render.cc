// Rendering `ortkit trace`'s outcome as text and JSON.
#include "trace/trace_render.h"

#include <algorithm>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "trace/trace_memory_analysis.h"

namespace ortkit::trace {
namespace {

std::string Basename(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string Plural(int64_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Noun(const std::string& type, int64_t n) {
  if (type == "string") return n == 1 ? "string" : "strings";
  if (type == "buffer") return n == 1 ? "buffer" : "buffers";
  return n == 1 ? "Ort" + type : "Ort" + type + "s";
}

}  // namespace

std::string DescribeCallSite(const TraceStack& stack) {
  const TraceFrame* site = CallSite(stack);
  if (site == nullptr) return "an unknown call site";
  TraceFrame shown = *site;
  // Drop the parameter list: the ')'-terminated group at the end, matched from the right (a name
  // may begin with "(anonymous namespace)").
  std::string& f = shown.function;
  if (!f.empty() && f.back() == ')') {
    int depth = 0;
    for (size_t i = f.size(); i-- > 0;) {
      if (f[i] == ')') ++depth;
      if (f[i] == '(' && --depth == 0) {
        if (i > 0) f.resize(i);
        break;
      }
    }
  }
  return DescribeFrame(&shown);
}

namespace {

std::string Site(const TraceStack& stack) { return DescribeCallSite(stack); }

// The call site, and when another group of leaks has the same one (a helper called from several
// places), the caller that tells them apart.
std::string LeakSite(const TraceLeak& leak, const std::vector<TraceLeak>& all) {
  const std::string site = Site(leak.stack);
  const auto same_site = std::count_if(all.begin(), all.end(), [&](const TraceLeak& l) { return Site(l.stack) == site; });
  const TraceFrame* frame = CallSite(leak.stack);
  if (same_site < 2 || frame == nullptr || frame + 1 >= leak.stack.data() + leak.stack.size()) return site;
  return site + ", called from " + DescribeCallSite(TraceStack(frame + 1, leak.stack.data() + leak.stack.size()));
}

std::string Mib(int64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1024.0 * 1024.0)); }

void RenderMemoryText(const TraceMemory& memory, std::ostream& out) {
  out << "memory\n";
  if (memory.samples.empty()) {
    out << "  no samples: no successful Run call\n";
    return;
  }
  const TraceMemoryAnalysis a = AnalyzeTraceMemory(memory);
  out << "  " << DescribeMemory(a) << "\n";
  const TraceMemorySample& first = memory.samples.front();
  const TraceMemorySample& last = memory.samples.back();
  out << fmt::format("  {} from run {} to run {}", Plural(static_cast<int64_t>(memory.samples.size()), "sample", "samples"),
                     first.run, last.run);
  if (a.analysed) out << fmt::format(" (warm-up to run {})", a.warmup_runs);
  out << fmt::format("; resident {} -> {}", Mib(first.rss), Mib(last.rss));
  if (memory.heap_available) out << fmt::format(", C heap in use {} -> {}", Mib(first.heap), Mib(last.heap));
  out << "\n";
  for (const std::string& note : a.notes) out << "  note: " << note << "\n";
  out << fmt::format("  sampling cost {:.1f} us each, {:.2f} ms in all: {:.2f}% of the {:.1f} ms spent in {} Run calls "
                     "(budget {:.0f}%)\n",
                     memory.cost_us, memory.sampling_ms, 100 * memory.overhead, memory.run_ms, memory.runs,
                     100 * memory.budget);
}

void RenderProcess(const TraceDocument& d, bool several, std::ostream& out) {
  if (several) out << "\nprocess " << d.pid << "\n";
  if (!d.untraced_reason.empty()) out << "  not traced: " << d.untraced_reason << "\n";
  if (!d.second_ort_library.empty()) {
    out << "  two ONNX Runtime copies are loaded: " << d.ort_library << " (traced) and " << d.second_ort_library
        << " (not traced); each has its own threads and memory\n";
  }
  out << "leaks\n";
  if (d.leaks.empty()) out << "  none: everything ORT handed out was released\n";
  for (const TraceLeak& leak : d.leaks) {
    out << "  " << leak.count << " " << Noun(leak.type, leak.count) << " from " << leak.api << " never "
        << (leak.type == "string" || leak.type == "buffer" ? "freed" : "released") << ", at " << LeakSite(leak, d.leaks)
        << " — " << LeakAdvice(leak.type, leak.api) << "\n";
  }
  out << "misuse\n";
  if (d.misuse.empty()) out << "  none\n";
  for (const TraceMisuse& m : d.misuse) {
    out << "  " << m.what << (m.count > 1 ? fmt::format(" (x{})", m.count) : "") << ": " << m.call << " on "
        << (m.type == "string" ? "a string" : "an Ort" + m.type) << " from " << m.api << "\n"
        << "    created at        " << Site(m.created_at) << "\n"
        << "    first released at " << Site(m.first_release_at) << "\n"
        << "    again at          " << Site(m.second_call_at) << "\n"
        << "    " << (m.skipped ? "the second call was skipped (--on-misuse skip)" : "the second call was passed on to ONNX Runtime")
        << "\n";
  }
  out << "sessions\n";
  if (d.sessions.empty()) out << "  none created\n";
  std::map<std::string, std::vector<const TraceSession*>> by_model;
  for (const TraceSession& s : d.sessions) {
    by_model[s.source == "file" ? s.model : s.bytes_hash].push_back(&s);
    std::string options;
    if (s.options.intra_op_threads > 0) options += fmt::format(", intra-op threads {}", s.options.intra_op_threads);
    if (s.options.inter_op_threads > 0) options += fmt::format(", inter-op threads {}", s.options.inter_op_threads);
    if (s.options.optimization_level >= 0) options += fmt::format(", optimization level {}", s.options.optimization_level);
    if (s.options.cpu_arena == 0) options += ", cpu arena off";
    if (s.options.mem_pattern == 0) options += ", memory pattern off";
    for (const std::string& p : s.options.providers) options += ", provider " + p;
    const std::string model = s.source == "file" ? s.model : fmt::format("<{} bytes, {}>", s.bytes, s.bytes_hash);
    out << fmt::format("  #{} {}  created at {:.0f} ms in {:.1f} ms, +{} resident{}; {}; from {}\n", s.id, model,
                       s.created_ms, s.load_ms, Mib(s.rss_delta_bytes), options,
                       s.released ? "released" : "never released", Site(s.created_at));
  }
  for (const auto& [key, sessions] : by_model) {
    if (sessions.size() < 2) continue;
    int64_t total = 0;
    for (const TraceSession* s : sessions) total += s->rss_delta_bytes;
    const std::string name = sessions.front()->source == "file" ? Basename(key) : "the same model bytes";
    out << fmt::format("  {} sessions of {}: share one; each holds ~{}\n", sessions.size(), name,
                       Mib(total / static_cast<int64_t>(sessions.size())));
  }
  out << "runs\n";
  bool any = false;
  for (const TraceSession& s : d.sessions) {
    if (s.runs.count == 0 && s.runs.failed == 0) continue;
    any = true;
    out << fmt::format("  #{} {} runs", s.id, s.runs.count);
    if (s.runs.failed > 0) out << fmt::format(" ({} failed)", s.runs.failed);
    out << fmt::format(", p50 {:.1f} us, p90 {:.1f} us, p99 {:.1f} us, max {:.1f} us\n", s.runs.p50_us, s.runs.p90_us,
                       s.runs.p99_us, s.runs.max_us);
    if (!s.runs.shapes.empty()) {
      out << "    " << Plural(static_cast<int64_t>(s.runs.shapes.size()), "input shape", "distinct input shapes")
          << (s.runs.shapes.size() > 1 ? " (each new shape can grow the arena)" : "") << ":\n";
    }
    for (const TraceShape& shape : s.runs.shapes) {
      out << fmt::format("      {}  {} runs, first at run {} ({:.1f} us)\n", shape.inputs, shape.runs, shape.first_run,
                         shape.first_run_us);
    }
  }
  if (!any) out << "  none\n";
  RenderMemoryText(d.memory, out);
  const TraceSavedInputs& saved = d.saved_inputs;
  if (!saved.dir.empty()) {
    out << fmt::format("saved inputs  {} runs, {} .npy files in {} (manifest {}/manifest.jsonl)", saved.runs, saved.files,
                       saved.dir, saved.dir);
    if (saved.skipped > 0) out << fmt::format("; {} inputs skipped (not on the CPU, or no NumPy type)", saved.skipped);
    out << "\n";
  }
}

}  // namespace

std::string LeakAdvice(const std::string& type, const std::string& api) {
  if (type == "string") {
    if (api.rfind("ModelMetadataLookupCustomMetadataMap", 0) == 0) {
      return "free each with the allocator, or take them as AllocatedStringPtr (LookupCustomMetadataMapAllocated)";
    }
    return "free each with the allocator, or take them as AllocatedStringPtr";
  }
  if (type == "buffer") return "free it with the allocator that made it (AllocatorFree)";
  if (type == "Value" && api == "Run (output)") return "release each output with ReleaseValue, or take them as Ort::Value";
  if (type == "Env") return "release it with ReleaseEnv after every session (one Ort::Env per process, destroyed last)";
  return "release with Release" + type + ", or hold it in Ort::" + type;
}

std::string Verdict(const TraceOutcome& outcome) {
  if (outcome.processes.empty()) {
    return "nothing traced: the program never called OrtGetApiBase()->GetApi: it did not use ONNX Runtime, or it "
           "linked it statically or used the Python module (onnxruntime's Python binding), which trace cannot see";
  }
  int64_t leaks = 0, misuse = 0;
  for (const TraceDocument& d : outcome.processes) {
    leaks += LeakCount(d);
    misuse += MisuseCount(d);
  }
  std::string memory;
  for (const TraceDocument& d : outcome.processes) {
    const TraceMemoryAnalysis a = AnalyzeTraceMemory(d.memory);
    if (!a.leak) continue;
    memory = fmt::format("memory leak ({} {}{} per run{})", a.metric == "heap" ? "C heap" : "resident",
                         a.slope_per_run >= 0 ? "+" : "", FormatBytes(a.slope_per_run),
                         outcome.processes.size() > 1 ? fmt::format(", pid {}", d.pid) : "");
    break;
  }
  if (leaks == 0 && misuse == 0) {
    if (!memory.empty()) return memory + "; every object and string ONNX Runtime handed out was released once";
    return "clean: every object and string ONNX Runtime handed out was released once";
  }
  std::string verdict;
  if (leaks > 0) verdict = Plural(leaks, "leak", "leaks");
  if (misuse > 0) verdict += (verdict.empty() ? "" : ", ") + Plural(misuse, "misuse", "misuses");
  if (!memory.empty()) verdict += ", " + memory;
  return verdict;
}

void RenderTraceText(const TraceOutcome& outcome, std::ostream& out) {
  out << "verdict  " << Verdict(outcome) << "\n";
  for (const TraceDocument& d : outcome.processes) RenderProcess(d, outcome.processes.size() > 1, out);
  out << "program  " << outcome.end << "\n";
}

void RenderSnapshotText(const TraceDocument& d, std::ostream& out) {
  int64_t runs = 0;
  for (const TraceSession& s : d.sessions) runs += s.runs.count;
  // A server's memory is judged on the series so far: what a snapshot is taken for.
  out << fmt::format("ortkit trace: snapshot of pid {} ({}): {} sessions, {} runs, {} live objects not yet released, "
                     "{} misuse; memory: {}\n",
                     d.pid, d.reason, d.sessions.size(), runs, LeakCount(d), MisuseCount(d),
                     DescribeMemory(AnalyzeTraceMemory(d.memory)));
}

std::string RenderTraceJson(const TraceOutcome& outcome, const std::vector<std::string>& raw_reports) {
  nlohmann::ordered_json j;
  j["command"] = outcome.command;
  j["exit_code"] = outcome.exit_code;
  j["signal"] = outcome.signal;
  j["end"] = outcome.end;
  j["verdict"] = Verdict(outcome);
  int64_t leaks = 0, misuse = 0;
  for (const TraceDocument& d : outcome.processes) {
    leaks += LeakCount(d);
    misuse += MisuseCount(d);
  }
  j["get_api_called"] = !outcome.processes.empty();
  j["leaks"] = leaks;
  j["misuse"] = misuse;
  j["processes"] = nlohmann::ordered_json::array();
  for (const std::string& raw : raw_reports) j["processes"].push_back(nlohmann::ordered_json::parse(raw));
  // What the CLI concluded from each process's memory series, beside the series itself.
  for (std::size_t i = 0; i < outcome.processes.size() && i < j["processes"].size(); ++i) {
    const TraceMemoryAnalysis a = AnalyzeTraceMemory(outcome.processes[i].memory);
    nlohmann::ordered_json m;
    m["analysed"] = a.analysed;
    m["why_not"] = a.why_not;
    m["verdict"] = a.verdict;
    m["leak"] = a.leak;
    m["metric"] = a.metric;
    m["location"] = a.location;
    m["slope_bytes_per_run"] = a.slope_per_run;
    m["slope_ci95"] = {a.ci_low, a.ci_high};
    m["r_squared"] = a.r_squared;
    m["samples"] = a.samples;
    m["warmup_runs"] = a.warmup_runs;
    m["notes"] = a.notes;
    j["processes"][i]["memory_analysis"] = std::move(m);
  }
  return j.dump(2) + "\n";
}

}  // namespace ortkit::trace
