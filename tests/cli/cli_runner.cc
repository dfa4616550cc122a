// Runs the real `ortkit` binary for golden tests, and compares output with golden files.
#include "cli/cli_runner.h"

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace ortkit::testing {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

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

CliResult RunCli(const std::vector<std::string>& args, const std::string& cwd) {
  // Output goes to files rather than pipes: no reader loop, and no deadlock on large output.
  TempDir capture;
  const std::string out_path = capture.File("stdout");
  const std::string err_path = capture.File("stderr");

  std::vector<std::string> argv_storage{ORTKIT_CLI_PATH};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return {};
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls until exec.
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0 ||
        ::chdir(cwd.c_str()) != 0) {
      ::_exit(127);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
  }
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadAll(out_path);
  result.err = ReadAll(err_path);
  return result;
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
  const std::string expected = ReadAll(path);
  EXPECT_EQ(expected, masked) << "golden " << name << " differs at " << FirstDifference(expected, masked)
                              << "\n(if the change is intended, rerun with ORTKIT_UPDATE_GOLDEN=1)";
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace ortkit::testing
