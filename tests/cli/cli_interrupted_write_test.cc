// No lost data: `fix` and `extract` killed with SIGKILL while they write a 64 MiB model leave the
// input byte-identical and the target either as it was (absent or the old file) or complete and
// new; a leftover temporary file is a hidden ".NAME.tmp-XXXXXX", never taken for the output.
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "graph/model_builder.h"
#include "cli/cli_runner.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int64_t kElements = int64_t{16} << 20;  // float32[16M]: a 64 MiB weight

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// x: float32[N] -> y = Add(x, w), w a seeded float32[N] initializer inline.
void WriteBigModel(const std::string& path) {
  graph::ModelBuilder("big")
      .Input("x", ElementType::kFloat32, {kElements})
      .Initializer("w", graph::SeededWeights(static_cast<std::size_t>(kElements), 1.0f, 3), Shape{kElements})
      .Node("Add", {"x", "w"}, {"y"}, {}, "add")
      .Output("y", ElementType::kFloat32, {kElements})
      .Save(path);
}

// The hidden temporary files WriteFileAtomically makes for `target` in `dir`.
std::vector<std::string> TempFilesFor(const std::string& dir, const std::string& target) {
  std::vector<std::string> found;
  const std::string prefix = "." + target + ".tmp-";
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      if (std::string(e->d_name).rfind(prefix, 0) == 0) found.push_back(e->d_name);
    }
    ::closedir(d);
  }
  return found;
}

uint64_t SizeOf(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

struct Outcome {
  bool killed = false;        ///< SIGKILL reached it before it finished
  bool saw_temp = false;      ///< the temporary file was seen growing before the kill
  uint64_t temp_bytes = 0;    ///< its size when the kill was sent
  int exit_code = -1;
  double temp_seen_ms = -1;   ///< from start until the temporary file had data
  double total_ms = 0;
};

// Runs the command; `kill_after_temp_ms` set: sends SIGKILL that long after the target's temporary
// file first has data (polled every 0.2 ms).
Outcome RunAndMaybeKill(const std::vector<std::string>& args, const std::string& dir, const std::string& target,
                        std::optional<int> kill_after_temp_ms) {
  Outcome o;
  // Temporary files an earlier, killed run left are not this run's.
  const std::vector<std::string> leftovers = TempFilesFor(dir, target);
  const auto fresh = [&] {
    std::vector<std::string> names;
    for (const auto& name : TempFilesFor(dir, target)) {
      if (std::find(leftovers.begin(), leftovers.end(), name) == leftovers.end()) names.push_back(name);
    }
    return names;
  };
  const auto start = Clock::now();
  const pid_t pid = StartCli(args, dir);  // output discarded
  if (pid < 0) return o;
  std::optional<Clock::time_point> temp_seen;
  int status = 0;
  for (;;) {
    if (::waitpid(pid, &status, WNOHANG) == pid) break;
    if (!temp_seen) {
      for (const auto& name : fresh()) {
        if (SizeOf(dir + "/" + name) > 0) temp_seen = Clock::now();
      }
    }
    if (temp_seen && kill_after_temp_ms && !o.killed &&
        Clock::now() - *temp_seen >= std::chrono::milliseconds(*kill_after_temp_ms)) {
      for (const auto& name : fresh()) o.temp_bytes = std::max(o.temp_bytes, SizeOf(dir + "/" + name));
      ::kill(pid, SIGKILL);
      o.killed = true;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  o.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  o.saw_temp = temp_seen.has_value();
  if (temp_seen) o.temp_seen_ms = std::chrono::duration<double, std::milli>(*temp_seen - start).count();
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  o.killed = o.killed && WIFSIGNALED(status);
  return o;
}

class InterruptedWriteTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::vector<std::string> Args(bool force) const {
    std::vector<std::string> args = {GetParam(), "big.onnx", "-o", "out.onnx"};
    if (GetParam() == "extract") args.insert(args.end(), {"--inputs", "x", "--outputs", "y"});
    if (force) args.push_back("--force");
    return args;
  }
};

TEST_P(InterruptedWriteTest, SigkillMidWriteLosesNothing) {
  TempDir dir;
  WriteBigModel(dir.File("big.onnx"));
  const std::string input = ReadAll(dir.File("big.onnx"));

  // The complete new output, from a run nobody interrupts.
  const Outcome reference = RunAndMaybeKill(Args(false), dir.path(), "out.onnx", std::nullopt);
  ASSERT_EQ(reference.exit_code, 0);
  ASSERT_TRUE(reference.saw_temp) << "the output never appeared under a temporary name first";
  const std::string complete = ReadAll(dir.File("out.onnx"));
  std::printf("%s uninterrupted: %.0f ms in all, temporary file had data after %.0f ms, output %.1f MiB\n",
              GetParam().c_str(), reference.total_ms, reference.temp_seen_ms, complete.size() / 1048576.0);

  const std::string old = AddModel();
  int killed_mid_write = 0;
  for (const int delay_ms : {0, 5, 20, 60, 150}) {
    // Alternate: no target yet, and an old target that --force would replace.
    const bool had_old = delay_ms % 2 == 0;
    fs::remove(dir.File("out.onnx"));
    if (had_old) WriteFile(dir.File("out.onnx"), old);
    const Outcome o = RunAndMaybeKill(Args(had_old), dir.path(), "out.onnx", delay_ms);
    SCOPED_TRACE("kill " + std::to_string(delay_ms) + " ms after the temporary file had data; exit " +
                 std::to_string(o.exit_code) + (o.killed ? " (killed)" : " (finished first)"));
    std::printf("%s kill %3d ms after the temporary file had data: %s, temporary file %.1f MiB at the kill\n",
                GetParam().c_str(), delay_ms, o.killed ? "killed" : "finished first", o.temp_bytes / 1048576.0);
    killed_mid_write += o.killed ? 1 : 0;

    EXPECT_TRUE(ReadAll(dir.File("big.onnx")) == input) << "the input changed";
    if (fs::exists(dir.File("out.onnx"))) {
      const std::string now = ReadAll(dir.File("out.onnx"));
      EXPECT_TRUE(now == complete || (had_old && now == old))
          << "the target is neither the old file nor the complete new one (" << now.size() << " bytes)";
    } else {
      EXPECT_FALSE(had_old) << "the old target vanished";
    }
    if (!o.killed) {
      EXPECT_EQ(o.exit_code, 0);
    }
    // Whatever the kill left behind is a hidden temporary file, and the next run is not fooled by it.
    for (const auto& name : TempFilesFor(dir.path(), "out.onnx")) EXPECT_EQ(name.front(), '.');
  }
  EXPECT_GE(killed_mid_write, 3) << "too few runs were killed while writing: the test proved little";

  fs::remove(dir.File("out.onnx"));
  const Outcome rerun = RunAndMaybeKill(Args(false), dir.path(), "out.onnx", std::nullopt);
  EXPECT_EQ(rerun.exit_code, 0);
  EXPECT_TRUE(ReadAll(dir.File("out.onnx")) == complete) << "a run after the interrupted ones wrote something else";
  EXPECT_TRUE(ReadAll(dir.File("big.onnx")) == input);
}

INSTANTIATE_TEST_SUITE_P(FixAndExtract, InterruptedWriteTest, ::testing::Values("fix", "extract"));

// The input is never a target, even with --force; nor is its external data file.
TEST(InputProtectionTest, ExtractAndReduceRefuseToWriteOverTheirInput) {
  TempDir dir;
  WriteFile(dir.File("add.onnx"), AddModel());
  const std::string before = ReadAll(dir.File("add.onnx"));
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"extract", "add.onnx", "-o", "./add.onnx", "--inputs", "x,y", "--outputs", "z", "--force"},
        std::vector<std::string>{"reduce", "add.onnx", "--check", "false {model}", "-o", "add.onnx", "--force"},
        std::vector<std::string>{"fix", "add.onnx", "-o", "add.onnx", "--force"}}) {
    const CliResult r = RunCli(args, dir.path());
    EXPECT_EQ(r.exit_code, 2) << args[0] << ": " << r.err;
    EXPECT_NE(r.err.find("input"), std::string::npos) << r.err;
    EXPECT_TRUE(ReadAll(dir.File("add.onnx")) == before) << args[0] << " changed its input";
  }
}

}  // namespace
}  // namespace ortkit::testing
