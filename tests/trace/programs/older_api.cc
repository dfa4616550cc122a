// A program that asks ONNX Runtime for an older API version than its header's (20 of 27); it
// forgets to release one Run output: the trace must see it all the same.
//   older_api MODEL
#include <cstdio>

#include <onnxruntime_c_api.h>

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const OrtApi* ort = OrtGetApiBase()->GetApi(20);
  if (ort == nullptr) return 1;
  OrtEnv* env = nullptr;
  OrtSession* session = nullptr;
  OrtMemoryInfo* memory = nullptr;
  if (ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "older_api", &env) != nullptr) return 1;
  if (ort->CreateSession(env, argv[1], nullptr, &session) != nullptr) return 1;
  if (ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory) != nullptr) return 1;
  float data[2] = {1.0f, 2.0f};
  const int64_t shape[1] = {2};
  OrtValue* input = nullptr;
  if (ort->CreateTensorWithDataAsOrtValue(memory, data, sizeof data, shape, 1, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT,
                                          &input) != nullptr) {
    return 1;
  }
  const char* in_name = "x";
  const char* out_name = "y";
  OrtValue* output = nullptr;
  if (ort->Run(session, nullptr, &in_name, &input, 1, &out_name, 1, &output) != nullptr) return 1;  // OUTPUT-NOT-RELEASED
  ort->ReleaseValue(input);
  ort->ReleaseMemoryInfo(memory);
  ort->ReleaseSession(session);
  ort->ReleaseEnv(env);
  printf("older_api done\n");
  return 0;
}
