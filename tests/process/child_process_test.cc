// Tests of process/child_process: output capture, exit status, signals, progress lines, the
// deadline that kills the whole process group, interrupts, and where the output goes.
#include "process/child_process.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "testing/time_scale.h"

namespace ortkit::process {
namespace {

// Dead: gone, or a zombie nobody reaped yet (a container's init may not reap orphans).
bool IsDead(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  return stat >> pid_field >> name >> state && state == "Z";
}

ChildOptions ShOptions(const std::string& script, double timeout_s = 30) {
  ChildOptions options;
  options.argv = {"/bin/sh", "-c", script};
  options.timeout_s = timeout_s;
  return options;
}

ChildResult Sh(const std::string& script, double timeout_s = 30) { return RunChild(ShOptions(script, timeout_s)); }

TEST(ChildProcessTest, CapturesStdoutWholeAndTheLastStderrLines) {
  const ChildResult r = Sh("printf '{\"a\": 1}'; for i in $(seq 1 20); do echo line$i >&2; done; exit 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.out, "{\"a\": 1}");
  ASSERT_EQ(r.err_tail.size(), kErrTailLines);
  EXPECT_EQ(r.err_tail.front(), "line9");
  EXPECT_EQ(r.err_tail.back(), "line20");
  EXPECT_EQ(DescribeEnd(r), "exit 1");
}

TEST(ChildProcessTest, LargeOutputOnBothStreamsDoesNotDeadlock) {
  // More than a pipe holds on each stream at once: both must be read while the child runs.
  const ChildResult r = Sh("head -c 300000 /dev/zero | tr '\\0' x; head -c 300000 /dev/zero | tr '\\0' y >&2");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.size(), 300000u);
}

TEST(ChildProcessTest, ReportsTheSignalThatKilledIt) {
  const ChildResult r = Sh("echo 'about to abort' >&2; kill -ABRT $$");
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_EQ(r.signal, SIGABRT);
  EXPECT_FALSE(r.timed_out);
  ASSERT_FALSE(r.err_tail.empty());
  EXPECT_EQ(r.err_tail.back(), "about to abort");
  EXPECT_NE(DescribeEnd(r).find("signal 6"), std::string::npos) << DescribeEnd(r);
}

TEST(ChildProcessTest, ADeadlineKillsTheChildAndWhatItStarted) {
  testing::TempDir dir;
  const std::string pid_file = dir.File("grandchild.pid");
  // The grandchild would outlive its parent and hold the pipes open if only the child were killed.
  const ChildResult r = Sh("sleep 60 & echo $! > '" + pid_file + "'; sleep 60", 0.5);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_LT(r.seconds, testing::Scaled(10));
  std::ifstream in(pid_file);
  pid_t grandchild = 0;
  ASSERT_TRUE(in >> grandchild);
  // Reaped by init once killed; give it a moment.
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    gone = IsDead(grandchild);
    if (!gone) ::usleep(20000);
  }
  EXPECT_TRUE(gone) << "grandchild " << grandchild << " survived the timeout";
  EXPECT_NE(DescribeEnd(r).find("timed out"), std::string::npos);
}

TEST(ChildProcessTest, AnInterruptStopsTheChildsProcessesAndIsAnError) {
  testing::TempDir dir;
  const std::string pid_file = dir.File("child.pid");
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(::getpid(), SIGINT);  // as Ctrl-C would, to this process only
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    Sh("echo $$ > '" + pid_file + "'; sleep 60", 30);
    ADD_FAILURE() << "an interrupted child must throw";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("interrupted"), std::string::npos) << e.what();
  }
  interrupter.join();
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), testing::Scaled(10));
  std::ifstream in(pid_file);
  pid_t child = 0;
  ASSERT_TRUE(in >> child);
  EXPECT_TRUE(IsDead(child));
  // The handler is gone again: SIGINT's disposition is what it was (the default, in a test).
  struct sigaction now {};
  ::sigaction(SIGINT, nullptr, &now);
  EXPECT_EQ(now.sa_handler, SIG_DFL);
}

TEST(ChildProcessTest, AGivenEnvironmentIsTheChildsWholeEnvironment) {
  ::setenv("ORTKIT_STEP_TEST_INHERITED", "yes", 1);
  ChildOptions options = ShOptions("echo \"$ORTKIT_STEP_TEST_GIVEN ${ORTKIT_STEP_TEST_INHERITED:-absent}\"");
  options.environment = {"ORTKIT_STEP_TEST_GIVEN=given"};
  const ChildResult given = RunChild(options);
  EXPECT_EQ(given.out, "given absent\n");
  const ChildResult inherited = Sh("echo \"${ORTKIT_STEP_TEST_INHERITED:-absent}\"");
  EXPECT_EQ(inherited.out, "yes\n");
  ::unsetenv("ORTKIT_STEP_TEST_INHERITED");
}

TEST(ChildProcessTest, NoTimeoutWaitsForTheEnd) {
  const ChildResult r = Sh("sleep 0.3; echo done", 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "done\n");
}

// Read from /proc/<pid>/stat by the child itself: its process group, field 5.
constexpr const char* kPrintGroup = "cut -d' ' -f5 /proc/$$/stat";

TEST(ChildProcessTest, AChildLeadsAGroupOfItsOwnUnlessToldToStayInOurs) {
  const ChildResult own = Sh(kPrintGroup);
  EXPECT_NE(own.out, std::to_string(::getpgrp()) + "\n");
  ChildOptions options = ShOptions(kPrintGroup);
  options.own_process_group = false;
  const ChildResult ours = RunChild(options);
  EXPECT_EQ(ours.out, std::to_string(::getpgrp()) + "\n");
  EXPECT_EQ(ours.exit_code, 0);
}

TEST(ChildProcessTest, AMissingExecutableIsAnErrorNotACrash) {
  ChildOptions missing;
  missing.argv = {"/nonexistent/ortkit", "check"};
  try {
    RunChild(missing);
    ADD_FAILURE() << "a missing executable must throw";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot start '/nonexistent/ortkit': No such file or directory");
  }
  EXPECT_THROW(RunChild(ChildOptions{}), Error);
}

TEST(ChildProcessTest, ProgressLinesArriveAsTheyAreWrittenOnDescriptorThree) {
  ChildOptions options = ShOptions("printf '1 of 3\n2 of 3\r\n' >&3; printf 'partial' >&3; echo out");
  std::vector<std::string> lines;
  options.on_progress_line = [&lines](const std::string& line) { lines.push_back(line); };
  const ChildResult r = RunChild(options);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(lines, (std::vector<std::string>{"1 of 3", "2 of 3", "partial"}));
  EXPECT_EQ(r.out, "out\n");  // descriptor 3 and stdout are separate pipes
}

TEST(ChildProcessTest, DiscardedOutputIsNotCaptured) {
  ChildOptions options = ShOptions("echo out; echo err >&2; exit 3");
  options.stdout_mode = Stdout::kDiscard;
  options.stderr_mode = Stderr::kDiscard;
  const ChildResult r = RunChild(options);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(r.out.empty());
  EXPECT_TRUE(r.err_tail.empty());
  EXPECT_FALSE(r.exited_zero());
}

TEST(ChildProcessTest, InheritedStderrGoesWhereOursGoes) {
  testing::TempDir dir;
  const std::string path = dir.File("stderr.txt");
  // Point our stderr at a file for the child's lifetime, then put it back.
  const int saved = ::dup(2);
  ASSERT_GE(saved, 0);
  {
    std::FILE* file = std::fopen(path.c_str(), "w");
    ASSERT_NE(file, nullptr);
    ::dup2(::fileno(file), 2);
    std::fclose(file);
  }
  ChildOptions options = ShOptions("echo 'to the user' >&2");
  options.stderr_mode = Stderr::kInherit;
  const ChildResult r = RunChild(options);
  ::dup2(saved, 2);
  ::close(saved);
  EXPECT_TRUE(r.err_tail.empty());
  std::ifstream in(path);
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  EXPECT_EQ(line, "to the user");
}

TEST(ChildProcessTest, AChildInOurGroupIsNotOursToKillAfterItEnds) {
  // own_process_group off: what it leaves running is in our group, and we must not kill our group.
  ChildOptions options = ShOptions("exit 0");
  options.own_process_group = false;
  EXPECT_TRUE(RunChild(options).exited_zero());
  EXPECT_EQ(::kill(::getpid(), 0), 0);  // still here
}

TEST(ChildProcessTest, DescribesEachEnd) {
  ChildResult r;
  r.exit_code = 2;
  EXPECT_EQ(DescribeEnd(r), "exit 2");
  r.exit_code = -1;
  r.signal = SIGSEGV;
  EXPECT_EQ(DescribeEnd(r), "killed by signal 11 (Segmentation fault)");
  r.timed_out = true;
  r.timeout_s = 42.4;
  EXPECT_EQ(DescribeEnd(r), "timed out after 42 s and was killed");
  r.timeout_s = 0.5;
  EXPECT_EQ(DescribeEnd(r), "timed out after 0.5 s and was killed");
}

TEST(ChildProcessTest, TheRunningExecutableIsAnAbsolutePath) {
  const std::string self = CurrentExecutable();
  ASSERT_FALSE(self.empty());
  EXPECT_EQ(self.front(), '/');
  EXPECT_NE(self.find("ortkit_process_test"), std::string::npos) << self;
}

}  // namespace
}  // namespace ortkit::process
