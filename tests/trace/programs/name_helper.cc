// One helper that takes an input name with an allocator and never frees it, called from two places:
// each leak must be reported with its own caller, not the first caller's.
//   name_helper MODEL
#include <cstdio>

#include <onnxruntime_cxx_api.h>

namespace {

// Kept out of line, so that both callers reach ORT from this one call site.
__attribute__((noinline)) char* InputName(Ort::Session& session) {
  OrtAllocator* allocator = nullptr;
  Ort::ThrowOnError(Ort::GetApi().GetAllocatorWithDefaultOptions(&allocator));
  char* name = nullptr;
  Ort::ThrowOnError(Ort::GetApi().SessionGetInputName(session, 0, allocator, &name));
  return name;
}

__attribute__((noinline)) size_t EncoderInit(Ort::Session& session) {
  return std::char_traits<char>::length(InputName(session));  // CALLER-ENCODER
}

__attribute__((noinline)) size_t DecoderInit(Ort::Session& session) {
  return std::char_traits<char>::length(InputName(session));  // CALLER-DECODER
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "name_helper");
  Ort::Session session(env, argv[1], Ort::SessionOptions{});
  const size_t total = EncoderInit(session) + DecoderInit(session);
  printf("name_helper: %zu characters of names\n", total);
  return 0;
}
