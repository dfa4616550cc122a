// libortkit_trace.so's report: a JSON document read by `ortkit trace` (src/cli/cmd_trace.cc),
// written at exit, on SIGUSR1, every --every, and from a crash. Stacks are symbolised here, once
// per report (trace_symbolize.h).
#include "trace/trace_report.h"

#include <poll.h>
#include <sys/stat.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "trace/trace_memory.h"
#include "trace/trace_registry.h"
#include "trace/trace_save_inputs.h"
#include "trace/trace_symbolize.h"

namespace ortkit_trace {

void WriteReportImpl(const char* reason, bool final, bool fatal);

namespace {

void Escape(std::string& out, const std::string& text) {
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

std::string Quoted(const std::string& text) {
  std::string out;
  Escape(out, text);
  return out;
}

std::string Number(double v) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

class Writer {
 public:
  explicit Writer(const Registry& r) : r_(r) {}

  std::string Stack(StackId id) {
    std::string out = "[";
    if (id == 0 || id >= r_.stacks.size()) return "[]";
    bool first = true;
    for (void* address : r_.stacks[id]) {
      auto cached = cache_.find(address);
      if (cached == cache_.end()) {
        cached = cache_.emplace(address, symbolizer_.Resolve(reinterpret_cast<uintptr_t>(address))).first;
      }
      for (const Frame& f : cached->second) {
        if (!first) out += ",";
        first = false;
        char addr[24];
        snprintf(addr, sizeof addr, "0x%lx", static_cast<unsigned long>(f.address));
        out += "{\"function\":" + Quoted(f.function) + ",\"file\":" + Quoted(f.file) +
               ",\"line\":" + std::to_string(f.line) + ",\"module\":" + Quoted(f.module) +
               ",\"address\":" + Quoted(addr) + "}";
      }
    }
    return out + "]";
  }

 private:
  const Registry& r_;
  Symbolizer symbolizer_;
  std::map<void*, std::vector<Frame>> cache_;
};

double Percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double pos = q * static_cast<double>(v.size() - 1);
  const size_t i = static_cast<size_t>(pos);
  const double frac = pos - static_cast<double>(i);
  return i + 1 < v.size() ? v[i] * (1 - frac) + v[i + 1] * frac : v[i];
}

std::string BuildJson(const char* reason, bool final, bool fatal) {
  Registry& r = TheRegistry();
  std::unique_lock<std::mutex> lock(r.mu, std::defer_lock);
  if (!fatal) {
    lock.lock();
  } else {
    // The crashing thread may hold the lock: try for a while, then give up rather than hang.
    for (int i = 0; i < 100 && !lock.try_lock(); ++i) usleep(10000);
    if (!lock.owns_lock()) return "";
  }
  Writer writer(r);
  const OrtFound ort = TheOrtFound();
  std::string j = "{\"format\":\"ortkit-trace-1\"";
  j += ",\"pid\":" + std::to_string(getpid());
  j += ",\"reason\":" + Quoted(reason);
  j += std::string(",\"final\":") + (final ? "true" : "false");
  j += std::string(",\"get_api_called\":") + (GetApiSeen() ? "true" : "false");
  j += ",\"api_versions\":[";
  for (size_t i = 0; i < r.api_versions.size(); ++i) j += (i ? "," : "") + std::to_string(r.api_versions[i]);
  j += "],\"ort_library\":" + Quoted(ort.path);
  j += ",\"ort_version\":" + Quoted(ort.version);
  j += ",\"second_ort_library\":" + Quoted(ort.second_copy != nullptr ? ort.second_copy : "");
  j += ",\"untraced_reason\":" + Quoted(ort.untraced_reason != nullptr ? ort.untraced_reason : "");
  j += ",\"on_misuse\":" + Quoted(TheMisusePolicy() == OnMisuse::kSkip    ? "skip"
                                  : TheMisusePolicy() == OnMisuse::kAbort ? "abort"
                                                                          : "report");

  // Objects per type.
  uint64_t live_count[static_cast<int>(Kind::kCount)] = {};
  for (const auto& [p, rec] : r.live) live_count[static_cast<int>(rec.kind)] += 1;
  j += ",\"objects\":[";
  bool first = true;
  for (int k = 0; k < static_cast<int>(Kind::kCount); ++k) {
    if (r.created[k] == 0 && r.releases[k] == 0) continue;
    j += first ? "" : ",";
    first = false;
    j += "{\"type\":" + Quoted(KindName(static_cast<Kind>(k))) + ",\"created\":" + std::to_string(r.created[k]) +
         ",\"released\":" + std::to_string(r.releases[k]) + ",\"live\":" + std::to_string(live_count[k]) + "}";
  }
  j += "],\"untracked_releases\":" + std::to_string(r.untracked_releases);

  // Leaks: live objects grouped by type, creating call and stack. An Env is ORT's process-wide
  // singleton; it is still listed, since a program that never releases it leaks its threads.
  struct Group {
    Kind kind;
    const char* api;
    StackId stack;
    uint64_t count = 0;
    uint64_t bytes = 0;
  };
  std::map<std::tuple<int, std::string, StackId>, Group> groups;
  for (const auto& [p, rec] : r.live) {
    Group& g = groups[{static_cast<int>(rec.kind), rec.api, rec.stack}];
    g.kind = rec.kind;
    g.api = rec.api;
    g.stack = rec.stack;
    g.count += 1;
    g.bytes += rec.bytes;
  }
  j += ",\"leaks\":[";
  first = true;
  for (const auto& [key, g] : groups) {
    j += first ? "" : ",";
    first = false;
    j += "{\"type\":" + Quoted(KindName(g.kind)) + ",\"api\":" + Quoted(g.api) + ",\"count\":" + std::to_string(g.count) +
         ",\"bytes\":" + std::to_string(g.bytes) + ",\"stack\":" + writer.Stack(g.stack) + "}";
  }
  j += "],\"misuse\":[";
  first = true;
  for (const MisuseRecord& m : r.misuse) {
    j += first ? "" : ",";
    first = false;
    j += "{\"what\":" + Quoted(m.what) + ",\"type\":" + Quoted(KindName(m.kind)) + ",\"api\":" + Quoted(m.create_api) +
         ",\"call\":" + Quoted(m.call) + ",\"count\":" + std::to_string(m.count) +
         ",\"skipped\":" + (m.skipped ? "true" : "false") + ",\"created_at\":" + writer.Stack(m.create_stack) +
         ",\"first_release_at\":" + writer.Stack(m.release_stack) + ",\"second_call_at\":" + writer.Stack(m.second_stack) + "}";
  }
  j += "],\"sessions\":[";
  first = true;
  for (const SessionInfo& s : r.sessions) {
    j += first ? "" : ",";
    first = false;
    j += "{\"id\":" + std::to_string(s.id) + ",\"model\":" + Quoted(s.model) + ",\"source\":" + Quoted(s.source) +
         ",\"bytes_hash\":" + Quoted(s.bytes_hash) + ",\"bytes\":" + std::to_string(s.bytes) +
         ",\"created_ms\":" + Number(s.created_ms) + ",\"load_ms\":" + Number(s.load_ms) +
         ",\"rss_delta_bytes\":" + std::to_string(s.rss_delta) + ",\"released\":" + (s.released ? "true" : "false");
    j += ",\"options\":{\"intra_op_threads\":" + std::to_string(s.options.intra_threads) +
         ",\"inter_op_threads\":" + std::to_string(s.options.inter_threads) +
         ",\"optimization_level\":" + std::to_string(s.options.optimization_level) +
         ",\"cpu_arena\":" + std::to_string(s.options.cpu_arena) + ",\"mem_pattern\":" + std::to_string(s.options.mem_pattern) +
         ",\"providers\":[";
    for (size_t i = 0; i < s.options.providers.size(); ++i) j += (i ? "," : "") + Quoted(s.options.providers[i]);
    j += "]},\"created_at\":" + writer.Stack(s.stack);
    j += ",\"runs\":{\"count\":" + std::to_string(s.runs) + ",\"failed\":" + std::to_string(s.failed_runs) +
         ",\"with_binding\":" + std::to_string(s.binding_runs) + ",\"p50_us\":" + Number(Percentile(s.latencies_us, 0.5)) +
         ",\"p90_us\":" + Number(Percentile(s.latencies_us, 0.9)) + ",\"p99_us\":" + Number(Percentile(s.latencies_us, 0.99)) +
         ",\"max_us\":" + Number(Percentile(s.latencies_us, 1.0)) + ",\"shapes\":[";
    for (size_t i = 0; i < s.shapes.size(); ++i) {
      const ShapeInfo& sh = s.shapes[i];
      j += (i ? "," : "") + std::string("{\"inputs\":") + Quoted(sh.shape) + ",\"runs\":" + std::to_string(sh.runs) +
           ",\"first_run\":" + std::to_string(sh.first_run) + ",\"first_run_us\":" + Number(sh.first_run_us) + "}";
    }
    j += "]}}";
  }
  const SavedInputs saved = TheSavedInputs();
  j += "],\"saved_inputs\":{\"dir\":" + Quoted(saved.dir) + ",\"runs\":" + std::to_string(saved.runs) +
       ",\"files\":" + std::to_string(saved.files) + ",\"skipped\":" + std::to_string(saved.skipped) + "}";
  // The series has its own lock, never taken with the registry's held elsewhere: safe to nest here.
  j += ",\"memory\":" + MemoryJson(fatal) + "}\n";
  return j;
}

std::mutex g_write_mu;
int g_snapshots = 0;

// The CLI's pipe, when this process still has it: a program that closed its descriptors may have
// reused the number for a file of its own, which must never receive these lines.
int NotifyFd() {
  static const int fd = [] {
    const char* fd_text = getenv("ORTKIT_TRACE_FD");
    if (fd_text == nullptr) return -1;
    const int n = atoi(fd_text);
    struct stat st {};
    return n > 2 && fstat(n, &st) == 0 && S_ISFIFO(st.st_mode) ? n : -1;
  }();
  return fd;
}

void Notify(const std::string& line) {
  const int fd = NotifyFd();
  const std::string text = line + "\n";
  if (fd >= 0 && write(fd, text.data(), text.size()) < 0) {
    // The CLI went away; the report file is still written.
  }
}

int g_wake[2] = {-1, -1};

void OnSigusr1(int) {
  const char byte = 1;
  if (g_wake[1] >= 0 && write(g_wake[1], &byte, 1) < 0) {
  }
}

// A crash (the program's own double free, say) still leaves a report, written best-effort from
// the signal handler; then the signal is raised again with its default action.
void OnFatalSignal(int signal_number) {
  static std::atomic<bool> once{false};
  if (!once.exchange(true)) WriteReportImpl("fatal signal", true, true);
  ::signal(signal_number, SIG_DFL);
  raise(signal_number);
}

void* SnapshotLoop(void*) {
  const char* every = getenv("ORTKIT_TRACE_EVERY_MS");
  const int every_ms = every != nullptr ? atoi(every) : -1;
  for (;;) {
    pollfd p{g_wake[0], POLLIN, 0};
    const int n = poll(&p, 1, every_ms > 0 ? every_ms : -1);
    if (n < 0) continue;
    if (n > 0) {
      char buf[16];
      if (read(g_wake[0], buf, sizeof buf) <= 0) continue;
      WriteReport("SIGUSR1", false);
    } else {
      WriteReport("every", false);
    }
  }
  return nullptr;
}

}  // namespace

void WriteReport(const char* reason, bool final) { WriteReportImpl(reason, final, false); }

void WriteReportImpl(const char* reason, bool final, bool fatal) {
  // One file per process: a traced shell script or launcher starts processes of its own, and only
  // those that called GetApi write one.
  const char* dir = getenv("ORTKIT_TRACE_DIR");
  if (dir == nullptr || *dir == '\0' || !GetApiSeen()) return;
  const std::string json = BuildJson(reason, final, fatal);
  if (json.empty()) return;
  std::unique_lock<std::mutex> lock(g_write_mu, std::defer_lock);
  if (fatal ? !lock.try_lock() : (lock.lock(), false)) return;
  const std::string pid = std::to_string(getpid());
  const std::string path = std::string(dir) + (final ? "/trace-" + pid + ".json"
                                                     : "/snapshot-" + pid + "-" + std::to_string(++g_snapshots) + ".json");
  const std::string temporary = path + ".tmp";
  FILE* f = fopen(temporary.c_str(), "w");
  if (f == nullptr) return;
  const bool ok = fwrite(json.data(), 1, json.size(), f) == json.size();
  if (fclose(f) != 0 || !ok || rename(temporary.c_str(), path.c_str()) != 0) return;
  Notify((final ? "final " : "snapshot ") + path);
}

void StartSnapshotThread() {
  if (getenv("ORTKIT_TRACE_DIR") == nullptr || pipe(g_wake) != 0) return;
  struct sigaction old {};
  sigaction(SIGUSR1, nullptr, &old);
  if (old.sa_handler == SIG_DFL) {
    struct sigaction action {};
    action.sa_handler = &OnSigusr1;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGUSR1, &action, nullptr);
  }
  for (int fatal : {SIGABRT, SIGSEGV, SIGBUS}) {
    sigaction(fatal, nullptr, &old);
    if (old.sa_handler != SIG_DFL) continue;
    struct sigaction action {};
    action.sa_handler = &OnFatalSignal;
    action.sa_flags = SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(fatal, &action, nullptr);
  }
  // The thread must not take signals meant for the program's own threads.
  sigset_t all, previous;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &previous);
  pthread_t thread;
  if (pthread_create(&thread, nullptr, &SnapshotLoop, nullptr) == 0) pthread_detach(thread);
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  Notify("pid " + std::to_string(getpid()));
}

namespace {

// Written after the program's static destructors (this library was loaded first, so it is
// finalised last), when what it never released is final.
__attribute__((destructor)) void WriteFinalReport() { WriteReport("exit", true); }

}  // namespace

}  // namespace ortkit_trace
