// The registry of libortkit_trace.so: what is alive, what was released, and misuse.
#include "trace/trace_registry.h"

#include <execinfo.h>
#include <link.h>
#include <pthread.h>

#include <cstdlib>
#include <cstring>

#include "trace/trace_report.h"

namespace ortkit_trace {
namespace {

// This library's own address range, so that its frames are dropped from captured stacks.
uintptr_t g_self_begin = 0;
uintptr_t g_self_end = 0;

void FindSelf() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&FindSelf), &info) == 0) return;
  struct Range {
    const void* base;
    uintptr_t begin, end;
  } range{info.dli_fbase, 0, 0};
  dl_iterate_phdr(
      [](dl_phdr_info* phdr, size_t, void* data) {
        auto* r = static_cast<Range*>(data);
        for (int i = 0; i < phdr->dlpi_phnum; ++i) {
          const ElfW(Phdr)& h = phdr->dlpi_phdr[i];
          if (h.p_type != PT_LOAD || (h.p_flags & PF_X) == 0) continue;
          const uintptr_t begin = phdr->dlpi_addr + h.p_vaddr;
          const uintptr_t self = reinterpret_cast<uintptr_t>(&FindSelf);
          if (self >= begin && self < begin + h.p_memsz) {
            r->begin = begin;
            r->end = begin + h.p_memsz;
            return 1;
          }
        }
        return 0;
      },
      &range);
  g_self_begin = range.begin;
  g_self_end = range.end;
}

uint64_t HashFrames(void* const* frames, int n) {
  uint64_t h = 1469598103934665603ull;
  for (int i = 0; i < n; ++i) {
    h ^= reinterpret_cast<uintptr_t>(frames[i]);
    h *= 1099511628211ull;
  }
  return h ^ static_cast<uint64_t>(n);
}

constexpr std::size_t kMaxReleased = 1 << 18;

}  // namespace

const char* KindName(Kind kind) {
  static const char* const kNames[] = {"Env",        "SessionOptions", "Session",   "Value",
                                       "MemoryInfo", "Allocator",      "IoBinding", "RunOptions",
                                       "ModelMetadata", "TypeInfo", "TensorTypeAndShapeInfo",
                                       "Status",     "KeyValuePairs",  "ThreadingOptions",
                                       "string",     "buffer"};
  return kNames[static_cast<int>(kind)];
}

Registry& TheRegistry() {
  // Never destroyed: the report is written from this library's destructor, after static
  // destructors of the program have released what they hold.
  static Registry* registry = [] {
    FindSelf();
    void* warm[2];
    backtrace(warm, 2);  // loads libgcc_s now, not inside the first wrapped call
    auto* r = new Registry;
    // A fork while another thread holds the lock would leave the child's copy locked for good.
    pthread_atfork([] { TheRegistry().mu.lock(); }, [] { TheRegistry().mu.unlock(); },
                   [] { TheRegistry().mu.unlock(); });
    return r;
  }();
  return *registry;
}

StackId CaptureStack() {
  void* frames[kMaxFrames + 8];
  const int n = backtrace(frames, kMaxFrames + 8);
  int first = 0;
  while (first < n && reinterpret_cast<uintptr_t>(frames[first]) >= g_self_begin &&
         reinterpret_cast<uintptr_t>(frames[first]) < g_self_end) {
    ++first;
  }
  const int count = std::min(n - first, kMaxFrames);
  return TheRegistry().InternStack(frames + first, count);
}

StackId SiteStack(const void* ra) {
  const auto address = reinterpret_cast<uintptr_t>(ra);
  if (ra == nullptr || (address >= g_self_begin && address < g_self_end)) return CaptureStack();
  Registry& r = TheRegistry();
  {
    std::lock_guard<std::mutex> lock(r.mu);
    auto it = r.site_stacks.find(ra);
    if (it != r.site_stacks.end()) return it->second;
  }
  const StackId stack = CaptureStack();
  std::lock_guard<std::mutex> lock(r.mu);
  r.site_stacks.emplace(ra, stack);
  return stack;
}

StackId Registry::InternStack(void* const* frames, int n) {
  const uint64_t h = HashFrames(frames, n);
  std::lock_guard<std::mutex> lock(mu);
  auto [it, inserted] = stack_ids.emplace(h, 0);
  if (inserted) {
    it->second = static_cast<StackId>(stacks.size());
    stacks.emplace_back(frames, frames + n);
  }
  return it->second;
}

void Registry::Created(Kind kind, const void* p, const char* api, StackId stack, uint64_t bytes) {
  if (p == nullptr) return;
  std::lock_guard<std::mutex> lock(mu);
  ++created[static_cast<int>(kind)];
  released.erase(p);
  auto [it, inserted] = live.emplace(p, LiveRecord{kind, api, stack, 1, bytes});
  if (!inserted) {
    if (it->second.kind == kind && kind == Kind::kEnv) {
      ++it->second.refs;
    } else {
      it->second = LiveRecord{kind, api, stack, 1, bytes};  // reused address we missed the end of
    }
  }
}

bool Registry::Released(Kind kind, const void* p, const char* call, OnMisuse on_misuse, const void* ra) {
  if (p == nullptr) return true;
  bool skip = false;
  bool abort_now = false;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = live.find(p);
    if (it != live.end()) {
      ++releases[static_cast<int>(it->second.kind)];
      if (--it->second.refs > 0) return true;
      if (kind == Kind::kSession) {
        auto s = live_sessions.find(p);
        if (s != live_sessions.end()) {
          sessions[s->second].released = true;
          live_sessions.erase(s);
        }
      }
      if (released.size() >= kMaxReleased) released.clear();
      released[p] = ReleasedRecord{it->second.kind, it->second.api, it->second.stack, 0};
      live.erase(it);
      // The release stack is captured outside the lock below.
    } else {
      auto r = released.find(p);
      // Statuses also come from calls this library does not wrap: their addresses are reused
      // without it seeing a creation, so a second release of one is not called a misuse.
      if (r == released.end() || kind == Kind::kStatus || (kind != r->second.kind && kind != Kind::kBuffer)) {
        ++untracked_releases;
        return true;
      }
      skip = on_misuse == OnMisuse::kSkip;
      abort_now = on_misuse == OnMisuse::kAbort;
      const ReleasedRecord first = r->second;
      mu.unlock();
      const StackId second = SiteStack(ra);
      mu.lock();
      bool merged = false;
      for (MisuseRecord& m : misuse) {
        if (m.what == std::string("double release") && m.second_stack == second && m.create_stack == first.create_stack) {
          ++m.count;
          merged = true;
          break;
        }
      }
      if (!merged) {
        misuse.push_back(MisuseRecord{"double release", first.kind, first.api, call, first.create_stack,
                                      first.release_stack, second, 1, skip});
      }
    }
  }
  if (abort_now) {
    WriteReport("misuse", true);
    std::abort();
  }
  if (!skip && !abort_now) {
    // First release: remember where it happened.
    const StackId stack = SiteStack(ra);
    std::lock_guard<std::mutex> lock(mu);
    auto r = released.find(p);
    if (r != released.end() && r->second.release_stack == 0) r->second.release_stack = stack;
    return true;
  }
  return !skip;
}

bool Registry::CheckUse(const void* p, const char* call, OnMisuse on_misuse, const void* ra) {
  std::unique_lock<std::mutex> lock(mu);
  if (live.count(p) != 0) return true;
  auto r = released.find(p);
  if (r == released.end()) return true;
  const ReleasedRecord first = r->second;
  lock.unlock();
  const StackId second = SiteStack(ra);
  lock.lock();
  misuse.push_back(MisuseRecord{"use after release", first.kind, first.api, call, first.create_stack,
                                first.release_stack, second, 1, on_misuse == OnMisuse::kSkip});
  lock.unlock();
  if (on_misuse == OnMisuse::kAbort) {
    WriteReport("misuse", true);
    std::abort();
  }
  return on_misuse != OnMisuse::kSkip;
}

}  // namespace ortkit_trace
