// Loading a model in ONNX Runtime, or inferring its shapes with ONNX, in a child process; a signal
// that ends it is described.
#include "cli/ort_crash_probe.h"

#include <cstring>
#include <vector>

#include "cli/cli_common.h"
#include "cli/custom_op_flag.h"
#include "process/child_process.h"

extern char** environ;

namespace ortkit::cli {
namespace {

constexpr std::size_t kReportedLines = 3;  // a crash's last words; earlier lines are ORT's log

std::string SignalName(int signal) {
  const char* abbrev = ::sigabbrev_np(signal);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "an unknown signal";
}

// This environment, except that a sanitizer's signal handlers stand aside: under AddressSanitizer
// a SIGSEGV would otherwise end the child with exit status 1 after its report, and the crash would
// pass for a normal exit. (Only sanitizer builds read ASAN_OPTIONS.)
std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> env;
  std::string asan_options = "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_abort=0";
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (entry.rfind("ASAN_OPTIONS=", 0) == 0) {
      asan_options = entry.substr(13) + ":" + asan_options;
    } else {
      env.push_back(entry);
    }
  }
  env.push_back("ASAN_OPTIONS=" + asan_options);
  return env;
}

// Runs this executable with `args` (after its path) and waits, as long as it takes; what the
// signal that ended it was, with its last stderr lines, or nullopt when it exited.
std::optional<std::string> RunAndDescribeCrash(const std::vector<std::string>& args) {
  process::ChildOptions options;
  options.argv = {process::CurrentExecutable()};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.environment = ChildEnvironment();
  options.stdout_mode = process::Stdout::kDiscard;
  // In check's own group: when doctor ends its check step at the deadline, this child goes too.
  options.own_process_group = false;
  const process::ChildResult result = process::RunChild(options);
  if (result.signal == 0) return std::nullopt;
  std::string last;
  const auto& tail = result.err_tail;
  for (std::size_t i = tail.size() > kReportedLines ? tail.size() - kReportedLines : 0; i < tail.size(); ++i) {
    const std::string line = OneLine(tail[i]);
    if (!line.empty()) last += (last.empty() ? "" : " | ") + line;
  }
  last = Shorten(last, 400);
  return "signal " + std::to_string(result.signal) + ", " + SignalName(result.signal) + (last.empty() ? "" : ": " + last);
}

}  // namespace

std::optional<std::string> ProbeOrtLoadInChild(const std::string& model_path, const std::string& provider,
                                               const std::vector<std::string>& custom_op_libraries) {
  std::vector<std::string> args{kCheckLoadCommand, model_path, "--provider", provider};
  const std::vector<std::string> libraries = CustomOpLibraryArgs(custom_op_libraries);
  args.insert(args.end(), libraries.begin(), libraries.end());
  return RunAndDescribeCrash(args);
}

std::optional<std::string> ProbeInferenceInChild(const std::string& model_path) {
  return RunAndDescribeCrash({kCheckLoadCommand, model_path, "--infer-only"});
}

std::optional<std::string> ProbeStrippedInferenceInChild(const std::string& model_path,
                                                         const std::vector<std::string>& dim_flags) {
  std::vector<std::string> args{kCheckLoadCommand, model_path, "--infer-stripped"};
  for (const auto& dim : dim_flags) args.insert(args.end(), {"--dim", dim});
  return RunAndDescribeCrash(args);
}

}  // namespace ortkit::cli
