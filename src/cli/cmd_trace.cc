// `ortkit trace -- COMMAND`: runs another program with libortkit_trace.so preloaded and reports
// how it used ONNX Runtime: leaks by call site, double releases, sessions and runs.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "cli/output.h"
#include "core/atomic_file.h"
#include "core/duration.h"
#include "ortkit/error.h"
#include "process/child_process.h"
#include "report/trace_html.h"
#include "trace/trace_document.h"
#include "trace/trace_memory_analysis.h"
#include "trace/trace_render.h"

extern char** environ;

namespace ortkit::cli {
namespace {

constexpr const char* kNotes = R"(
COMMAND runs with libortkit_trace.so (beside the ortkit binary) preloaded. Every program that
reaches ONNX Runtime's shared library through its C API is covered: C, C++ (the C++ header uses
the same table), Node.js (onnxruntime-node), Java and C#. Programs that link ONNX Runtime
statically, or use its Python module, are not: trace then says that no GetApi call was seen.
Call sites show file:line where the program has debug info (-g), else function names.
Each process of COMMAND that uses ORT writes its own report; `kill -USR1 PID` makes one write a
snapshot while it keeps running (servers that never exit).
Memory: resident memory and the C heap in use are sampled after Run calls, within 2% of the time
spent in Run, and judged with memcheck's statistics (stable, plateau, step growth, leak, with the
slope per run and its 95% interval); a program needs enough runs (tens of samples) to be judged.
Exit status: 1 when leaks, misuse or a memory leak were found (--fail-on), 2 on errors, otherwise
COMMAND's own.
)";

constexpr const char* kExamples = R"(
Examples:
  ortkit trace -- ./asr_demo model.onnx             leaks, double releases, sessions, runs
  ortkit trace --on-misuse skip -- ./asr_demo m.onnx  see every misuse in one run, no crash
  ortkit trace -o trace.json -- node server.js        the whole trace as JSON too
  ortkit trace --html trace.html --force -- ./asr_demo m.onnx   the report as one HTML page
  ortkit trace --every 30s -- ./server              a snapshot every 30 s
  ortkit trace --fail-on misuse -- ctest -R decoder   fail a CI job only on double releases
  ortkit trace --save-inputs inputs --max-runs 3 -- ./asr_demo m.onnx   real inputs as .npy
)";

struct Options {
  std::vector<std::string> command;
  std::string json_path;  ///< -o: the whole trace document
  std::string html_path;
  OutputOptions output;   ///< the printed report: --format, --json, --report, --force
  std::string fail_on = "leaks,misuse,memory";
  std::string on_misuse = "report";
  std::string every;
  std::string save_inputs;
  int64_t max_runs = 10;
};

std::string CheckFailOn(const std::string& text) {
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (item != "leaks" && item != "misuse" && item != "memory" && item != "none") {
      return "--fail-on takes leaks, misuse, memory or none, comma-separated; got '" + item + "'";
    }
  }
  return "";
}

bool CommandLineHasSeparator() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string arg;
  while (std::getline(in, arg, '\0')) {
    if (arg == "--") return true;
  }
  return false;
}

bool IsExecutableFile(const std::string& path) {
  struct stat st {};
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

// COMMAND as execvp would find it.
std::string ResolveCommand(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    if (IsExecutableFile(name)) return name;
    throw Error(ErrorCategory::kConfig, "command not found: '" + name + "' is not an executable file");
  }
  const char* path = getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (IsExecutableFile(candidate)) return candidate;
  }
  throw Error(ErrorCategory::kConfig, "command not found: '" + name + "' is not in PATH");
}

std::string TraceLibrary() {
  if (const char* path = getenv("ORTKIT_TRACE_LIBRARY")) return path;
  const std::string exe = process::CurrentExecutable();
  const std::string library = exe.substr(0, exe.rfind('/')) + "/libortkit_trace.so";
  if (access(library.c_str(), R_OK) != 0) {
    throw Error(ErrorCategory::kConfig, "libortkit_trace.so is missing beside the ortkit binary (" + library +
                                            "); reinstall ortkit or set ORTKIT_TRACE_LIBRARY");
  }
  return library;
}

class ReportDir {
 public:
  ReportDir() {
    const char* tmp = getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr && *tmp ? tmp : "/tmp") + "/ortkit-trace-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) {
      throw Error(ErrorCategory::kIo, "cannot create a directory for the trace reports: " + std::string(strerror(errno)));
    }
    path_ = pattern;
  }
  ~ReportDir() {
    for (const std::string& name : Files("")) unlink((path_ + "/" + name).c_str());
    rmdir(path_.c_str());
  }
  const std::string& path() const { return path_; }
  std::vector<std::string> Files(const std::string& prefix) const {
    std::vector<std::string> names;
    if (DIR* dir = opendir(path_.c_str())) {
      while (dirent* entry = readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != ".." && name.rfind(prefix, 0) == 0) names.push_back(name);
      }
      closedir(dir);
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> ChildEnvironment(const Options& o, const std::string& library, const std::string& dir) {
  std::vector<std::string> env;
  std::string preload = library;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("LD_PRELOAD=", 0) == 0) {
      const std::string existing = entry.substr(11);
      if (!existing.empty()) preload = existing + ":" + library;  // the program's own preloads come first
      continue;
    }
    if (entry.rfind("ORTKIT_TRACE_", 0) == 0) continue;
    env.push_back(entry);
  }
  env.push_back("LD_PRELOAD=" + preload);
  env.push_back("ORTKIT_TRACE_DIR=" + dir);
  env.push_back("ORTKIT_TRACE_FD=" + std::to_string(process::kProgressFd));
  env.push_back("ORTKIT_TRACE_ON_MISUSE=" + o.on_misuse);
  if (!o.save_inputs.empty()) {
    env.push_back("ORTKIT_TRACE_SAVE_INPUTS=" + o.save_inputs);
    env.push_back("ORTKIT_TRACE_SAVE_MAX_RUNS=" + std::to_string(o.max_runs));
  }
  if (!o.every.empty()) {
    double seconds = 0;
    core::ParseDuration(o.every, &seconds);
    env.push_back("ORTKIT_TRACE_EVERY_MS=" + std::to_string(static_cast<long>(seconds * 1000)));
  }
  return env;
}

int Run(const Options& o, const Context& context) {
  if (!CommandLineHasSeparator()) {
    throw Error(ErrorCategory::kConfig, "put the command after '--': ortkit trace [options] -- COMMAND [ARGS...]");
  }
  if (o.command.empty()) throw Error(ErrorCategory::kConfig, "no COMMAND after '--'");
  // Every file is checked before the program runs: a refusal afterwards would lose the trace.
  CheckReportPath(o.output);
  const core::Overwrite rule = OverwriteRule(o.output);
  if (!o.json_path.empty()) core::CheckWritable(o.json_path, rule, "-o");
  if (!o.html_path.empty()) core::CheckWritable(o.html_path, rule, "--html");
  const std::string executable = ResolveCommand(o.command.front());
  Options resolved = o;
  if (!o.save_inputs.empty()) {
    if (mkdir(o.save_inputs.c_str(), 0755) != 0 && errno != EEXIST) {
      throw Error(ErrorCategory::kIo, "--save-inputs: cannot create '" + o.save_inputs + "': " + strerror(errno));
    }
    // The traced program may run elsewhere in the tree: it gets the absolute path.
    char* absolute = realpath(o.save_inputs.c_str(), nullptr);
    if (absolute != nullptr) {
      resolved.save_inputs = absolute;
      free(absolute);
    }
  }
  const std::string library = TraceLibrary();
  ReportDir dir;

  process::ChildOptions child;
  child.argv = o.command;
  child.argv.front() = executable;
  child.environment = ChildEnvironment(resolved, library, dir.path());
  child.stdout_mode = process::Stdout::kInherit;
  child.stderr_mode = process::Stderr::kInherit;
  child.name = o.command.front();
  const bool terminal = isatty(2) != 0;
  child.on_progress_line = [&](const std::string& line) {
    if (line.rfind("pid ", 0) == 0) {
      if (terminal) context.err << "ortkit trace: tracing pid " << line.substr(4) << " (kill -USR1 " << line.substr(4)
                                << " writes a report now)\n";
    } else if (line.rfind("snapshot ", 0) == 0) {
      const std::string path = line.substr(9);
      try {
        trace::RenderSnapshotText(trace::ParseTraceDocument(ReadWhole(path), path), context.out);
        context.out.flush();
      } catch (const Error& e) {
        context.err << "ortkit trace: unreadable snapshot: " << OneLine(e.what()) << "\n";
      }
    }
  };
  const process::ChildResult result = process::RunChild(child);

  trace::TraceOutcome outcome;
  outcome.command = o.command;
  outcome.exit_code = result.exit_code;
  outcome.signal = result.signal;
  outcome.end = process::DescribeEnd(result);
  std::vector<std::string> raw;
  std::set<int64_t> finals;
  for (const std::string& name : dir.Files("trace-")) {
    if (name.size() < 5 || name.compare(name.size() - 5, 5, ".json") != 0) continue;
    const std::string path = dir.path() + "/" + name;
    raw.push_back(ReadWhole(path));
    outcome.processes.push_back(trace::ParseTraceDocument(raw.back(), "trace report of " + name));
    finals.insert(outcome.processes.back().pid);
  }
  // A process that died before its exit report leaves its last snapshot, if any.
  std::vector<std::string> snapshots = dir.Files("snapshot-");
  for (auto it = snapshots.rbegin(); it != snapshots.rend(); ++it) {
    if (it->size() < 5 || it->compare(it->size() - 5, 5, ".json") != 0) continue;
    const std::string path = dir.path() + "/" + *it;
    trace::TraceDocument d = trace::ParseTraceDocument(ReadWhole(path), "trace snapshot " + *it);
    if (finals.insert(d.pid).second) {
      raw.push_back(ReadWhole(path));
      outcome.processes.push_back(std::move(d));
    }
  }

  const std::string json = trace::RenderTraceJson(outcome, raw);
  std::ostringstream printed;
  if (o.output.format == Format::kJson) {
    printed << json << "\n";
  } else {
    trace::RenderTraceText(outcome, printed);
  }
  EmitReport(context, o.output, printed.str());
  if (!o.json_path.empty()) core::WriteFileAtomically(o.json_path, json, rule);
  if (!o.html_path.empty()) {
    core::WriteFileAtomically(o.html_path, report::RenderTraceHtml(outcome, nlohmann::json::parse(json)), rule);
  }

  int64_t leaks = 0, misuse = 0;
  bool memory_leak = false;
  for (const trace::TraceDocument& d : outcome.processes) {
    leaks += trace::LeakCount(d);
    misuse += trace::MisuseCount(d);
    memory_leak = memory_leak || trace::AnalyzeTraceMemory(d.memory).leak;
  }
  const bool fail_leaks = o.fail_on.find("leaks") != std::string::npos;
  const bool fail_misuse = o.fail_on.find("misuse") != std::string::npos;
  const bool fail_memory = o.fail_on.find("memory") != std::string::npos;
  if ((fail_leaks && leaks > 0) || (fail_misuse && misuse > 0) || (fail_memory && memory_leak)) return kExitFindings;
  if (result.signal != 0) return 128 + result.signal;
  return result.exit_code;
}

Action Setup(CLI::App& app) {
  auto options = std::make_shared<Options>();
  app.add_option("COMMAND", options->command, "The program to trace and its arguments, after '--'")
      ->required()
      ->expected(-1)
      ->type_name("COMMAND [ARGS...]");
  app.add_option("-o,--output", options->json_path,
                 "Also write the whole trace (every process, every field) as JSON to FILE")
      ->type_name("FILE");
  app.add_option("--html", options->html_path,
                 "Also write the report as one self-contained HTML page (verdict, leaks, misuse, sessions, runs, "
                 "memory chart) to FILE")
      ->type_name("FILE");
  AddOutputOptions(app, options->output, {Format::kText, Format::kJson});
  app.add_option("--fail-on", options->fail_on,
                 "What makes the exit status 1: leaks, misuse, memory (a leak in the memory series), comma-separated "
                 "(default leaks,misuse,memory), or none")
      ->type_name("LIST")
      ->check(FlagCheck(CheckFailOn));
  app.add_option("--on-misuse", options->on_misuse,
                 "On a double release or a call on a released session: report (pass it on, as the program "
                 "would), skip (do not pass it on, so every misuse shows in one run) or abort")
      ->type_name("ACTION")
      ->check(CLI::IsMember({"report", "skip", "abort"}));
  app.add_option("--save-inputs", options->save_inputs,
                 "Write the inputs of the first --max-runs Run calls of each session to DIR as .npy (.pb, an ONNX "
                 "TensorProto, for bfloat16, float8, 4-bit and string tensors), with a manifest (DIR/manifest.jsonl: session, model, run, input names, files, shapes)")
      ->type_name("DIR");
  app.add_option("--max-runs", options->max_runs, "How many Run calls of each session --save-inputs writes (default 10)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  app.add_option("--every", options->every, "Also write a snapshot report every TIME while COMMAND runs (30s, 2m)")
      ->type_name("TIME")
      ->check(FlagCheck(CheckDurationFlag));
  app.footer(std::string(kNotes) + kExamples);
  return [options](const Context& context) { return Run(*options, context); };
}

const CommandRegistration kRegistration{
    Command{"trace", "Run a program and audit its use of ONNX Runtime: leaks, double releases, sessions, runs",
            Needs::kNothing, Setup}};

}  // namespace
}  // namespace ortkit::cli
