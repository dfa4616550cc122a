// A server that keeps running: after 5 runs it asks for a report with SIGUSR1 (as an operator
// would with kill -USR1), waits until the snapshot is written, then serves 5 more runs. (It exits
// at the end only so that the test can finish.)
//   server MODEL            (the SIGUSR1 test)
//   server MODEL SECONDS    serves for SECONDS without signalling itself (the --every test)
#include <dirent.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <onnxruntime_cxx_api.h>

namespace {

bool SnapshotWritten() {
  const char* dir_path = getenv("ORTKIT_TRACE_DIR");
  if (dir_path == nullptr) return false;
  DIR* dir = opendir(dir_path);
  if (dir == nullptr) return false;
  bool found = false;
  while (dirent* entry = readdir(dir)) {
    const char* name = entry->d_name;
    if (strncmp(name, "snapshot-", 9) == 0 && strstr(name, ".tmp") == nullptr) found = true;
  }
  closedir(dir);
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 && argc != 3) return 2;
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "server");
  Ort::Session session(env, argv[1], Ort::SessionOptions{});
  auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  auto serve = [&] {
    float data[2] = {1, 2};
    const int64_t shape[1] = {2};
    Ort::Value input = Ort::Value::CreateTensor<float>(memory, data, 2, shape, 1);
    const char* in = "x";
    const char* out = "y";
    session.Run(Ort::RunOptions{nullptr}, &in, &input, 1, &out, 1);
  };
  if (argc == 3) {
    const double seconds = atof(argv[2]);
    for (int i = 0; i < seconds * 20; ++i) {
      serve();
      usleep(50000);
    }
    printf("served for %s s\n", argv[2]);
    return 0;
  }
  for (int i = 0; i < 5; ++i) serve();
  raise(SIGUSR1);
  for (int i = 0; i < 500 && !SnapshotWritten(); ++i) usleep(10000);
  printf("snapshot %s\n", SnapshotWritten() ? "seen" : "missing");
  fflush(stdout);
  for (int i = 0; i < 5; ++i) serve();
  printf("server still running after the snapshot\n");
  return 0;
}
