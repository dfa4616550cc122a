// Tests of doctor/step_process: output capture, exit status, signals, and the deadline that kills
// the whole process group.
#include "doctor/step_process.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "testing/time_scale.h"

namespace ortkit::doctor {
namespace {

// Dead: gone, or a zombie nobody reaped yet (a container's init may not reap orphans).
bool IsDead(pid_t pid) {
  if (::kill(pid, 0) != 0) return true;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  return stat >> pid_field >> name >> state && state == "Z";
}

StepProcessResult Sh(const std::string& script, double timeout_s = 30) {
  return RunStepProcess({"/bin/sh", "-c", script}, timeout_s);
}

TEST(StepProcessTest, CapturesStdoutWholeAndTheLastStderrLines) {
  const StepProcessResult r = Sh("printf '{\"a\": 1}'; for i in $(seq 1 20); do echo line$i >&2; done; exit 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.signal, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.out, "{\"a\": 1}");
  ASSERT_EQ(r.err_tail.size(), kErrTailLines);
  EXPECT_EQ(r.err_tail.front(), "line9");
  EXPECT_EQ(r.err_tail.back(), "line20");
  EXPECT_EQ(DescribeEnd(r, 30), "exit 1");
}

TEST(StepProcessTest, LargeOutputOnBothStreamsDoesNotDeadlock) {
  // More than a pipe holds on each stream at once: both must be read while the child runs.
  const StepProcessResult r = Sh("head -c 300000 /dev/zero | tr '\\0' x; head -c 300000 /dev/zero | tr '\\0' y >&2");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.size(), 300000u);
}

TEST(StepProcessTest, ReportsTheSignalThatKilledIt) {
  const StepProcessResult r = Sh("echo 'about to abort' >&2; kill -ABRT $$");
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_EQ(r.signal, SIGABRT);
  EXPECT_FALSE(r.timed_out);
  ASSERT_FALSE(r.err_tail.empty());
  EXPECT_EQ(r.err_tail.back(), "about to abort");
  EXPECT_NE(DescribeEnd(r, 30).find("signal 6"), std::string::npos) << DescribeEnd(r, 30);
}

TEST(StepProcessTest, ADeadlineKillsTheChildAndWhatItStarted) {
  testing::TempDir dir;
  const std::string pid_file = dir.File("grandchild.pid");
  // The grandchild would outlive its parent and hold the pipes open if only the child were killed.
  const StepProcessResult r = Sh("sleep 60 & echo $! > '" + pid_file + "'; sleep 60", 0.5);
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
  EXPECT_NE(DescribeEnd(r, 0.5).find("timed out"), std::string::npos);
}

TEST(StepProcessTest, AnInterruptStopsTheStepsProcessesAndIsAnError) {
  testing::TempDir dir;
  const std::string pid_file = dir.File("child.pid");
  std::thread interrupter([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(::getpid(), SIGINT);  // as Ctrl-C would, to this process only
  });
  const auto start = std::chrono::steady_clock::now();
  try {
    Sh("echo $$ > '" + pid_file + "'; sleep 60", 30);
    ADD_FAILURE() << "an interrupted step must throw";
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

TEST(StepProcessTest, AGivenEnvironmentIsTheChildsWholeEnvironment) {
  ::setenv("ORTKIT_STEP_TEST_INHERITED", "yes", 1);
  StepProcessOptions options;
  options.environment = {"ORTKIT_STEP_TEST_GIVEN=given"};
  const StepProcessResult given =
      RunStepProcess({"/bin/sh", "-c", "echo \"$ORTKIT_STEP_TEST_GIVEN ${ORTKIT_STEP_TEST_INHERITED:-absent}\""}, options);
  EXPECT_EQ(given.out, "given absent\n");
  const StepProcessResult inherited = Sh("echo \"${ORTKIT_STEP_TEST_INHERITED:-absent}\"");
  EXPECT_EQ(inherited.out, "yes\n");
  ::unsetenv("ORTKIT_STEP_TEST_INHERITED");
}

TEST(StepProcessTest, NoTimeoutWaitsForTheEnd) {
  const StepProcessResult r = RunStepProcess({"/bin/sh", "-c", "sleep 0.3; echo done"}, StepProcessOptions{});
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, "done\n");
}

// Read from /proc/<pid>/stat by the child itself: its process group, field 5.
constexpr const char* kPrintGroup = "cut -d' ' -f5 /proc/$$/stat";

TEST(StepProcessTest, AStepLeadsAGroupOfItsOwnUnlessToldToStayInOurs) {
  const StepProcessResult own = Sh(kPrintGroup);
  EXPECT_NE(own.out, std::to_string(::getpgrp()) + "\n");
  StepProcessOptions options;
  options.own_process_group = false;
  const StepProcessResult ours = RunStepProcess({"/bin/sh", "-c", kPrintGroup}, options);
  EXPECT_EQ(ours.out, std::to_string(::getpgrp()) + "\n");
  EXPECT_EQ(ours.exit_code, 0);
}

TEST(StepProcessTest, AMissingExecutableIsAnErrorNotACrash) {
  EXPECT_THROW(RunStepProcess({"/nonexistent/ortkit", "check"}, 5), Error);
  EXPECT_THROW(RunStepProcess({}, 5), Error);
}

}  // namespace
}  // namespace ortkit::doctor
