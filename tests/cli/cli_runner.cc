// Runs the real `ortkit` binary for golden tests, and compares output with golden files.
#include "cli/cli_runner.h"

#include <algorithm>
#include <cstdlib>
#include <fcntl.h>
#include <sched.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

extern char** environ;

namespace ortkit::testing {
namespace {

// The first differing line, so a failure says where without a diff tool.
std::string FirstDifference(const std::string& expected, const std::string& actual) {
  const auto e = Lines(expected);
  const auto a = Lines(actual);
  for (std::size_t i = 0; i < std::max(e.size(), a.size()); ++i) {
    const std::string el = i < e.size() ? e[i] : "<end of file>";
    const std::string al = i < a.size() ? a[i] : "<end of output>";
    if (el != al) {
      return "line " + std::to_string(i + 1) + ":\n  expected: " + el + "\n  actual:   " + al;
    }
  }
  return "no line differs (line endings?)";
}

}  // namespace

int PinToFirstCpu() {
  cpu_set_t all;
  CPU_ZERO(&all);
  if (::sched_getaffinity(0, sizeof all, &all) != 0) return 1;
  cpu_set_t one;
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &all)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  return ::sched_setaffinity(0, sizeof one, &one) == 0 ? 0 : 1;
}

pid_t StartCli(const std::vector<std::string>& args, const std::string& cwd, const ChildSetup& setup) {
  // Everything that allocates happens before fork.
  std::vector<std::string> argv_storage{ORTKIT_CLI_PATH};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_storage = setup.environment;
  for (char** e = environ; *e != nullptr; ++e) env_storage.emplace_back(*e);
  std::vector<char*> env;
  for (auto& e : env_storage) env.push_back(e.data());
  env.push_back(nullptr);
  const char* out_path = setup.stdout_path.empty() ? "/dev/null" : setup.stdout_path.c_str();
  const char* err_path = setup.stderr_path.empty() ? "/dev/null" : setup.stderr_path.c_str();

  const pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return -1;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec. The output files are opened before
    // before_exec, so a child that gives up privileges there can still write them.
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 ||
        ::chdir(cwd.c_str()) != 0) {
      ::_exit(127);
    }
    if (setup.before_exec) {
      if (const int status = setup.before_exec(); status != 0) ::_exit(status);
    }
    ::execve(argv[0], argv.data(), env.data());
    ::_exit(127);
  }
  return pid;
}

CliResult RunCli(const std::vector<std::string>& args, const std::string& cwd,
                 const std::vector<std::string>& environment) {
  // Output goes to files rather than pipes: no reader loop, and no deadlock on large output.
  TempDir capture;
  ChildSetup setup;
  setup.stdout_path = capture.File("stdout");
  setup.stderr_path = capture.File("stderr");
  setup.environment = environment;
  const pid_t pid = StartCli(args, cwd, setup);
  if (pid < 0) return {};
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFileOrEmpty(setup.stdout_path);
  result.err = ReadFileOrEmpty(setup.stderr_path);
  return result;
}

void ExpectRefusal(const CliResult& r, const std::string& err) {
  EXPECT_EQ(r.exit_code, 2) << "stderr: " << r.err;
  EXPECT_EQ(r.err, err);
  EXPECT_EQ(r.out, "");
}

std::string MaskVolatile(const std::string& text) {
  static const std::regex kMs(R"([0-9]+(\.[0-9]+)? ms\b)");
  static const std::regex kJsonMs(R"(("[A-Za-z0-9_]*_ms"): -?[0-9][0-9.eE+-]*)");
  return std::regex_replace(std::regex_replace(text, kMs, "<ms> ms"), kJsonMs, "$1: \"<ms>\"");
}

void ExpectGolden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(ORTKIT_GOLDEN_DIR) + "/" + name;
  const std::string masked = MaskVolatile(actual);
  const char* update = std::getenv("ORTKIT_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << masked;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << "no golden file " << path << "; run with ORTKIT_UPDATE_GOLDEN=1 to create it";
  const std::string expected = ReadFileOrEmpty(path);
  EXPECT_EQ(expected, masked) << "golden " << name << " differs at " << FirstDifference(expected, masked)
                              << "\n(if the change is intended, rerun with ORTKIT_UPDATE_GOLDEN=1)";
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string MaskMeasured(const std::string& text) {
  static const std::regex kDecimal(R"([-+]?[0-9]+\.[0-9]+)");
  static const std::regex kBlanks(" {2,}");
  return std::regex_replace(std::regex_replace(text, kDecimal, "#"), kBlanks, "  ");
}

std::string SortTableBlocks(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  for (auto begin = lines.begin(); begin != lines.end();) {
    auto end = std::find_if(begin, lines.end(), [](const std::string& l) { return l.rfind("  ", 0) != 0; });
    std::sort(begin, end);
    begin = end == lines.end() ? end : end + 1;
  }
  std::string joined;
  for (const auto& line : lines) joined += line + "\n";
  return joined;
}

}  // namespace ortkit::testing
