/* A C program using ONNX Runtime's C API directly, releasing everything it gets: traced clean.
 *   c_program MODEL */
#include <stdio.h>

#include <onnxruntime_c_api.h>

static const OrtApi* g_ort;

static int Check(OrtStatus* status) {
  if (status == NULL) return 0;
  fprintf(stderr, "error: %s\n", g_ort->GetErrorMessage(status));
  g_ort->ReleaseStatus(status);
  return 1;
}

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  g_ort = OrtGetApiBase()->GetApi(ORT_API_VERSION);
  OrtEnv* env = NULL;
  OrtSessionOptions* options = NULL;
  OrtSession* session = NULL;
  OrtMemoryInfo* memory = NULL;
  OrtAllocator* allocator = NULL;
  if (Check(g_ort->CreateEnv(ORT_LOGGING_LEVEL_WARNING, "c_program", &env))) return 1;
  if (Check(g_ort->CreateSessionOptions(&options))) return 1;
  if (Check(g_ort->SetIntraOpNumThreads(options, 1))) return 1;
  if (Check(g_ort->CreateSession(env, argv[1], options, &session))) return 1;
  if (Check(g_ort->GetAllocatorWithDefaultOptions(&allocator))) return 1;
  char* input_name = NULL;
  char* output_name = NULL;
  if (Check(g_ort->SessionGetInputName(session, 0, allocator, &input_name))) return 1;
  if (Check(g_ort->SessionGetOutputName(session, 0, allocator, &output_name))) return 1;
  if (Check(g_ort->CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, &memory))) return 1;
  float data[2] = {1.0f, 2.0f};
  const int64_t shape[1] = {2};
  for (int i = 0; i < 2; ++i) {
    OrtValue* input = NULL;
    OrtValue* output = NULL;
    if (Check(g_ort->CreateTensorWithDataAsOrtValue(memory, data, sizeof data, shape, 1,
                                                    ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &input))) return 1;
    const char* in_names[1] = {input_name};
    const char* out_names[1] = {output_name};
    if (Check(g_ort->Run(session, NULL, in_names, (const OrtValue* const*)&input, 1, out_names, 1, &output))) return 1;
    g_ort->ReleaseValue(output);
    g_ort->ReleaseValue(input);
  }
  /* A call that fails: its status is released by Check. */
  OrtSession* missing = NULL;
  if (!Check(g_ort->CreateSession(env, "/nonexistent/model.onnx", options, &missing))) return 1;
  if (Check(g_ort->AllocatorFree(allocator, input_name))) return 1;
  if (Check(g_ort->AllocatorFree(allocator, output_name))) return 1;
  g_ort->ReleaseMemoryInfo(memory);
  g_ort->ReleaseSession(session);
  g_ort->ReleaseSessionOptions(options);
  g_ort->ReleaseEnv(env);
  printf("c_program done\n");
  return 0;
}
