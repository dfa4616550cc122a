// An application whose own code leaks beside ONNX Runtime: with "leak", every Run is followed by
// a 1 KiB block malloc'd and never freed (the trace's memory series must show it as a leak of
// about 1 KiB per run); with "clean", the same runs and nothing kept.
//   memory_app leak|clean RUNS MODEL
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <onnxruntime_cxx_api.h>

namespace {

void* volatile g_kept = nullptr;  // the compiler must not drop the leaked block

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: memory_app leak|clean RUNS MODEL\n");
    return 2;
  }
  const bool leak = strcmp(argv[1], "leak") == 0;
  const long runs = strtol(argv[2], nullptr, 10);
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "memory_app");
  Ort::Session session(env, argv[3], Ort::SessionOptions{});
  const Ort::MemoryInfo memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  float data[2] = {1.0f, 2.0f};
  const int64_t shape[1] = {2};
  const char* in_name = "x";
  const char* out_name = "y";
  float sum = 0;
  for (long i = 0; i < runs; ++i) {
    Ort::Value input = Ort::Value::CreateTensor<float>(memory, data, 2, shape, 1);
    auto outputs = session.Run(Ort::RunOptions{nullptr}, &in_name, &input, 1, &out_name, 1);
    sum += outputs[0].GetTensorData<float>()[0];
    if (leak) {
      void* block = malloc(1024);  // LEAK-PER-RUN
      memset(block, static_cast<int>(i), 1024);
      g_kept = block;
    }
  }
  printf("memory_app %s %ld runs, sum %.1f\n", argv[1], runs, sum);
  return 0;
}
