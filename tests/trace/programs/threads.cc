// 8 threads running one session, 25 runs each: the trace must count exactly 200 runs.
//   threads MODEL
#include <cstdio>
#include <thread>
#include <vector>

#include <onnxruntime_cxx_api.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "threads");
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(1);
  Ort::Session session(env, argv[1], options);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&session, t] {
      auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
      for (int i = 0; i < 25; ++i) {
        float data[2] = {static_cast<float>(t), static_cast<float>(i)};
        const int64_t shape[1] = {2};
        Ort::Value input = Ort::Value::CreateTensor<float>(memory, data, 2, shape, 1);
        const char* in = "x";
        const char* out = "y";
        auto outputs = session.Run(Ort::RunOptions{nullptr}, &in, &input, 1, &out, 1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  printf("threads done\n");
  return 0;
}
