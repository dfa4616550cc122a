// Symbolising return addresses with libdw (see trace_symbolize.h).
#include "trace/trace_symbolize.h"

#include <cxxabi.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>
#ifdef ORTKIT_TRACE_LIBDW
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ortkit_trace {
namespace {

std::string Demangle(const char* name) {
  if (name == nullptr) return "";
  int status = 0;
  char* d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string out = status == 0 && d != nullptr ? d : name;
  free(d);
  return out;
}

#ifdef ORTKIT_TRACE_LIBDW
const char* Attribute(Dwarf_Die* die, int name) {
  Dwarf_Attribute attr;
  return dwarf_formstring(dwarf_attr_integrate(die, name, &attr));
}

std::string DieName(Dwarf_Die* die) {
  const char* linkage = Attribute(die, DW_AT_linkage_name);
  if (linkage == nullptr) linkage = Attribute(die, DW_AT_MIPS_linkage_name);
  if (linkage != nullptr) return Demangle(linkage);
  const char* name = Attribute(die, DW_AT_name);
  return name != nullptr ? name : "";
}

// Separate debug info from /usr/lib/debug/.build-id only (Debian's -dbgsym packages); the
// binaries' own .debug_info needs no lookup.
int FindLocalDebuginfo(Dwfl_Module* module, void**, const char*, Dwarf_Addr, const char*, const char*, GElf_Word,
                       char** debuginfo_file_name) {
  const unsigned char* bits = nullptr;
  GElf_Addr vaddr = 0;
  const int n = dwfl_module_build_id(module, &bits, &vaddr);
  if (n < 2) return -1;
  std::string path = "/usr/lib/debug/.build-id/";
  char hex[3];
  for (int i = 0; i < n; ++i) {
    snprintf(hex, sizeof hex, "%02x", bits[i]);
    path += hex;
    if (i == 0) path += '/';
  }
  path += ".debug";
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) *debuginfo_file_name = strdup(path.c_str());
  return fd;
}

class Impl {
 public:
  Impl() {
    static char* debuginfo_path = nullptr;
    callbacks_.find_elf = dwfl_linux_proc_find_elf;
    // Not dwfl_standard_find_debuginfo: it starts debuginfod's client, whose libcurl and OpenSSL
    // clash with a program's own (Node's static OpenSSL crashes in it), and may reach the network.
    callbacks_.find_debuginfo = &FindLocalDebuginfo;
    callbacks_.debuginfo_path = &debuginfo_path;
    dwfl_ = dwfl_begin(&callbacks_);
    if (dwfl_ != nullptr) {
      dwfl_report_begin(dwfl_);
      if (dwfl_linux_proc_report(dwfl_, getpid()) != 0) {
        dwfl_end(dwfl_);
        dwfl_ = nullptr;
      } else {
        dwfl_report_end(dwfl_, nullptr, nullptr);
      }
    }
  }
  ~Impl() {
    if (dwfl_ != nullptr) dwfl_end(dwfl_);
  }

  // One return address: the frames it stands for, innermost first (inlined calls expanded).
  std::vector<Frame> Resolve(uintptr_t return_address) {
    const uintptr_t pc = return_address - 1;  // inside the call instruction
    std::vector<Frame> frames;
    Frame base;
    base.address = return_address;
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(pc), &info) != 0) {
      if (info.dli_fname != nullptr) base.module = info.dli_fname;
      if (info.dli_sname != nullptr) base.function = Demangle(info.dli_sname);
    }
    Dwfl_Module* module = dwfl_ != nullptr ? dwfl_addrmodule(dwfl_, pc) : nullptr;
    if (module == nullptr) return {base};
    if (const char* name = dwfl_module_addrname(module, pc)) base.function = Demangle(name);
    Dwfl_Line* line = dwfl_module_getsrc(module, pc);
    if (line != nullptr) {
      int l = 0;
      if (const char* file = dwfl_lineinfo(line, nullptr, &l, nullptr, nullptr, nullptr)) {
        base.file = file;
        base.line = l;
      }
    }
    // Inlined calls: the line above is inside the innermost inlined function; each inlined scope's
    // DW_AT_call_file/line is where its caller called it.
    Dwarf_Addr bias = 0;
    Dwarf_Die* cu = dwfl_module_addrdie(module, pc, &bias);
    Dwarf_Die* scopes = nullptr;
    int n = cu != nullptr ? dwarf_getscopes(cu, pc - bias, &scopes) : 0;
    if (n > 0) {
      // As eu-addr2line -i does: the innermost scope's own chain runs through every inlined
      // caller up to the real function.
      Dwarf_Die innermost;
      Dwarf_Addr dwarf_bias = 0;
      Dwarf* dwarf = dwfl_module_getdwarf(module, &dwarf_bias);
      const bool found = dwarf != nullptr && dwarf_offdie(dwarf, dwarf_dieoffset(&scopes[0]), &innermost) != nullptr;
      free(scopes);
      scopes = nullptr;
      n = found ? dwarf_getscopes_die(&innermost, &scopes) : 0;
    }
    Dwarf_Files* files = nullptr;
    if (cu != nullptr) dwarf_getsrcfiles(cu, &files, nullptr);
    std::string file = base.file;
    int line_no = base.line;
    for (int i = 0; i < n; ++i) {
      const int tag = dwarf_tag(&scopes[i]);
      if (tag != DW_TAG_inlined_subroutine && tag != DW_TAG_subprogram) continue;
      Frame f = base;
      f.file = file;
      f.line = line_no;
      Dwarf_Die origin;
      Dwarf_Attribute attr;
      Dwarf_Die* named = &scopes[i];
      if (dwarf_attr(&scopes[i], DW_AT_abstract_origin, &attr) != nullptr && dwarf_formref_die(&attr, &origin) != nullptr) {
        named = &origin;
      }
      const std::string name = DieName(named);
      if (tag == DW_TAG_subprogram) {
        if (!name.empty() && base.function.empty()) f.function = name;
        frames.push_back(f);
        break;
      }
      f.function = name;
      frames.push_back(f);
      Dwarf_Word call_file = 0, call_line = 0;
      if (dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_file, &attr), &call_file) == 0 && files != nullptr) {
        const char* name_of_file = dwarf_filesrc(files, call_file, nullptr, nullptr);
        file = name_of_file != nullptr ? name_of_file : "";
      }
      if (dwarf_formudata(dwarf_attr(&scopes[i], DW_AT_call_line, &attr), &call_line) == 0) line_no = static_cast<int>(call_line);
    }
    free(scopes);
    if (frames.empty()) frames.push_back(base);
    return frames;
  }

 private:
  Dwfl_Callbacks callbacks_{};
  Dwfl* dwfl_ = nullptr;
};
#else
// Without libdw: the symbol names dladdr finds (exported symbols only), no file:line.
class Impl {
 public:
  std::vector<Frame> Resolve(uintptr_t return_address) {
    Frame f;
    f.address = return_address;
    Dl_info info{};
    if (dladdr(reinterpret_cast<void*>(return_address - 1), &info) != 0) {
      if (info.dli_fname != nullptr) f.module = info.dli_fname;
      if (info.dli_sname != nullptr) f.function = Demangle(info.dli_sname);
    }
    return {f};
  }
};
#endif

}  // namespace

struct Symbolizer::State {
  Impl impl;
};

Symbolizer::Symbolizer() : state_(new State) {}
Symbolizer::~Symbolizer() = default;

std::vector<Frame> Symbolizer::Resolve(uintptr_t return_address) { return state_->impl.Resolve(return_address); }

}  // namespace ortkit_trace
