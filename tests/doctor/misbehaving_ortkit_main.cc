// A launcher for the real ortkit executable that makes one named step misbehave, for the doctor
// tests: with ORTKIT_TEST_CRASH_STEP=profile, `profile` aborts (as ONNX Runtime does on some
// models) after a last word on stderr; with ORTKIT_TEST_HANG_STEP=memcheck, `memcheck` and a
// child of its own sleep until killed; with ORTKIT_TEST_WRONG_JSON_STEP=inspect, `inspect` prints
// valid JSON of the wrong shape ("model" a number) and exits 0, as a subcommand whose output
// changed would. Every other command runs the real ortkit, unchanged.
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

bool Is(const char* variable, const char* step) {
  const char* value = std::getenv(variable);
  return value != nullptr && std::strcmp(value, step) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && Is("ORTKIT_TEST_CRASH_STEP", argv[1])) {
    std::fprintf(stderr, "%s: simulated crash inside the runtime\n", argv[1]);
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);  // an abort need not leave a core file behind
    std::abort();
  }
  if (argc > 1 && Is("ORTKIT_TEST_WRONG_JSON_STEP", argv[1])) {
    std::printf("{\"model\": 7, \"ir_version\": 8}\n");
    return 0;
  }
  if (argc > 1 && Is("ORTKIT_TEST_HANG_STEP", argv[1])) {
    if (fork() == 0) {
      for (;;) pause();  // a grandchild: the timeout must end it too
    }
    for (;;) pause();
  }
  argv[0] = const_cast<char*>(ORTKIT_CLI_PATH);
  execv(ORTKIT_CLI_PATH, argv);
  std::perror("exec " ORTKIT_CLI_PATH);
  return 127;
}
