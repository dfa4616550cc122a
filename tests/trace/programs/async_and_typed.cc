// Two ways of using ORT that the other programs don't: RunAsync, whose outputs ORT creates and hands
// to a callback on one of its threads, and Run with inputs NumPy has no type for.
//   async_and_typed async-release|async-leak MODEL   RunAsync on x = {1, 2} (MetadataModel); the
//                                                    leak mode never releases the output it gets
//   async_and_typed typed MODEL                      Run with a string and a bfloat16 input, both
//                                                    named in the model (text [3], half [3])
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>

#include <onnxruntime_c_api.h>

namespace {

const OrtApi* g_ort = nullptr;

bool Failed(OrtStatus* status) {
  if (status == nullptr) return false;
  fprintf(stderr, "error: %s\n", g_ort->GetErrorMessage(status));
  g_ort->ReleaseStatus(status);
  return true;
}

struct Completion {
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  bool ok = false;
  OrtValue* output = nullptr;
};

void OnDone(void* user_data, OrtValue** outputs, size_t count, OrtStatusPtr status) {
  auto* completion = static_cast<Completion*>(user_data);
  std::lock_guard<std::mutex> lock(completion->mu);
  completion->ok = !Failed(status) && count == 1;
  if (completion->ok) completion->output = outputs[0];
  completion->done = true;
  completion->done_cv.notify_one();
}

int RunAsyncOnce(OrtSession* session, OrtMemoryInfo* memory, bool release_output) {
  float data[2] = {1.0f, 2.0f};
  const int64_t shape[1] = {2};
  OrtValue* input = nullptr;
  if (Failed(g_ort->CreateTensorWithDataAsOrtValue(memory, data, sizeof data, shape, 1,
                                                   ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &input))) {
    return 1;
  }
  const char* in_names[1] = {"x"};
  const char* out_names[1] = {"y"};
  OrtValue* outputs[1] = {nullptr};  // ORT creates it and passes it to the callback
  Completion completion;
  OrtStatus* status = g_ort->RunAsync(session, nullptr, in_names, &input, 1, out_names, 1, outputs, OnDone, &completion);  // ASYNC-CALL
  if (Failed(status)) return 1;
  std::unique_lock<std::mutex> lock(completion.mu);
  completion.done_cv.wait(lock, [&] { return completion.done; });
  g_ort->ReleaseValue(input);
  if (!completion.ok) return 1;
  float* y = nullptr;
  if (Failed(g_ort->GetTensorMutableData(completion.output, reinterpret_cast<void**>(&y))) || y[1] != 2.0f) return 1;
  if (release_output) g_ort->ReleaseValue(completion.output);  // async-leak keeps it: a leak
  return 0;
}

int RunTyped(OrtSession* session, OrtMemoryInfo* memory) {
  OrtAllocator* allocator = nullptr;
  if (Failed(g_ort->GetAllocatorWithDefaultOptions(&allocator))) return 1;
  const int64_t shape[1] = {3};
  OrtValue* text = nullptr;
  if (Failed(g_ort->CreateTensorAsOrtValue(allocator, shape, 1, ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING, &text))) return 1;
  const char* strings[3] = {"hello", "", "w\xc3\xb6rld"};
  if (Failed(g_ort->FillStringTensor(text, strings, 3))) return 1;
  // bfloat16 bits of 1.0, -2.0, 0.5.
  uint16_t half_bits[3] = {0x3f80, 0xc000, 0x3f00};
  OrtValue* half = nullptr;
  if (Failed(g_ort->CreateTensorWithDataAsOrtValue(memory, half_bits, sizeof half_bits, shape, 1,
                                                   ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16, &half))) {
    return 1;
  }
  const char* in_names[2] = {"text", "half"};
  const OrtValue* inputs[2] = {text, half};
  const char* out_names[2] = {"text_out", "half_out"};
  OrtValue* outputs[2] = {nullptr, nullptr};
  if (Failed(g_ort->Run(session, nullptr, in_names, inputs, 2, out_names, 2, outputs))) return 1;
  for (OrtValue* v : outputs) g_ort->ReleaseValue(v);
  g_ort->ReleaseValue(half);
  g_ort->ReleaseValue(text);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const bool typed = strcmp(argv[1], "typed") == 0;
  const bool leak = strcmp(argv[1], "async-leak") == 0;
  if (!typed && !leak && strcmp(argv[1], "async-release") != 0) return 2;
  g_ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
  OrtEnv* env = nullptr;
  OrtSessionOptions* options = nullptr;
  OrtSession* session = nullptr;
  OrtMemoryInfo* memory = nullptr;
  if (Failed(g_ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "async_and_typed", &env))) return 1;
  if (Failed(g_ort->CreateSessionOptions(&options))) return 1;
  if (Failed(g_ort->SetIntraOpNumThreads(options, 2))) return 1;  // RunAsync runs on this pool
  if (Failed(g_ort->CreateSession(env, argv[2], options, &session))) return 1;
  if (Failed(g_ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory))) return 1;
  int status = 0;
  for (int i = 0; i < 2 && status == 0; ++i) {
    status = typed ? RunTyped(session, memory) : RunAsyncOnce(session, memory, !leak);
  }
  g_ort->ReleaseMemoryInfo(memory);
  g_ort->ReleaseSession(session);
  g_ort->ReleaseSessionOptions(options);
  g_ort->ReleaseEnv(env);
  printf("async_and_typed %s done\n", argv[1]);
  return status;
}
