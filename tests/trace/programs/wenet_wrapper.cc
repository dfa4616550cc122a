// A wenet-style ASR model wrapper, as it was before its leaks were fixed ("leaky") and after
// ("fixed"). Traced by trace_test.cc, which checks the counts and call sites reported for it.
//   wenet_wrapper leaky|fixed MODEL
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <onnxruntime_cxx_api.h>

namespace {

const char* const kMetadataKeys[] = {"labels", "sample_rate", "odd key"};

// The leaky wrapper: raw names from the allocator, kept and never freed; metadata values looked up
// and dropped after atoi.
class LeakyAsrModel {
 public:
  void Init(Ort::Env& env, const char* path) {
    session_ = std::make_shared<Ort::Session>(env, path, Ort::SessionOptions{});
    OrtAllocator* allocator = nullptr;
    Ort::ThrowOnError(Ort::GetApi().GetAllocatorWithDefaultOptions(&allocator));
    char* name = nullptr;
    Ort::ThrowOnError(Ort::GetApi().SessionGetInputName(*session_, 0, allocator, &name));  // LEAK-INPUT-NAME
    input_names_.push_back(name);
    Ort::ThrowOnError(Ort::GetApi().SessionGetOutputName(*session_, 0, allocator, &name));  // LEAK-OUTPUT-NAME
    output_names_.push_back(name);
    ReadMetadata(allocator);
  }

  void ReadMetadata(OrtAllocator* allocator) {
    OrtModelMetadata* metadata = nullptr;
    Ort::ThrowOnError(Ort::GetApi().SessionGetModelMetadata(*session_, &metadata));
    for (const char* key : kMetadataKeys) {
      char* value = nullptr;
      Ort::ThrowOnError(Ort::GetApi().ModelMetadataLookupCustomMetadataMap(metadata, allocator, key, &value));  // LEAK-METADATA
      if (value != nullptr) sample_rate_ += atoi(value);
    }
    Ort::GetApi().ReleaseModelMetadata(metadata);
  }

  float Run(float x) {
    float data[2] = {x, x};
    const int64_t shape[1] = {2};
    auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    Ort::Value input = Ort::Value::CreateTensor<float>(memory, data, 2, shape, 1);
    auto outputs = session_->Run(Ort::RunOptions{nullptr}, input_names_.data(), &input, 1, output_names_.data(), 1);
    return outputs[0].GetTensorData<float>()[0];
  }

  std::shared_ptr<Ort::Session> session_;
  std::vector<const char*> input_names_;
  std::vector<const char*> output_names_;
  int sample_rate_ = 0;
};

// A decoder holding a name from the allocator, with a hand-written copy constructor that copies
// the raw pointer: the copy and the original both free it.
class ShallowDecoder {
 public:
  ShallowDecoder(Ort::Session& session, OrtAllocator* allocator) : allocator_(allocator) {
    Ort::ThrowOnError(Ort::GetApi().SessionGetOutputName(session, 0, allocator_, &name_));  // DECODER-NAME
  }
  ShallowDecoder(const ShallowDecoder& other) : allocator_(other.allocator_), name_(other.name_) {}
  ShallowDecoder& operator=(const ShallowDecoder&) = delete;
  ~ShallowDecoder() {
    Ort::GetApi().AllocatorFree(allocator_, name_);  // DECODER-FREE
  }

 private:
  OrtAllocator* allocator_;
  char* name_ = nullptr;
};

// The fixed wrapper: *Allocated calls copied into std::string at once, rule of zero.
class FixedAsrModel {
 public:
  void Init(Ort::Env& env, const char* path) {
    session_ = std::make_shared<Ort::Session>(env, path, Ort::SessionOptions{});
    Ort::AllocatorWithDefaultOptions allocator;
    input_names_.push_back(session_->GetInputNameAllocated(0, allocator).get());
    output_names_.push_back(session_->GetOutputNameAllocated(0, allocator).get());
    Ort::ModelMetadata metadata = session_->GetModelMetadata();
    for (const char* key : kMetadataKeys) {
      Ort::AllocatedStringPtr value = metadata.LookupCustomMetadataMapAllocated(key, allocator);
      if (value) sample_rate_ += atoi(value.get());
    }
    for (Ort::AllocatedStringPtr& key : metadata.GetCustomMetadataMapKeysAllocated(allocator)) {
      keys_.emplace_back(key.get());
    }
  }

  float Run(float x) {
    float data[2] = {x, x};
    const int64_t shape[1] = {2};
    auto memory = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
    Ort::Value input = Ort::Value::CreateTensor<float>(memory, data, 2, shape, 1);
    const char* in = input_names_[0].c_str();
    const char* out = output_names_[0].c_str();
    auto outputs = session_->Run(Ort::RunOptions{nullptr}, &in, &input, 1, &out, 1);
    return outputs[0].GetTensorData<float>()[0];
  }

  std::shared_ptr<Ort::Session> session_;
  std::vector<std::string> input_names_;
  std::vector<std::string> output_names_;
  std::vector<std::string> keys_;
  int sample_rate_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: wenet_wrapper leaky|fixed MODEL\n");
    return 2;
  }
  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "wenet_wrapper");
  float sum = 0;
  if (strcmp(argv[1], "leaky") == 0) {
    LeakyAsrModel model;
    model.Init(env, argv[2]);
    for (int i = 0; i < 3; ++i) sum += model.Run(static_cast<float>(i));
    OrtAllocator* allocator = nullptr;
    Ort::ThrowOnError(Ort::GetApi().GetAllocatorWithDefaultOptions(&allocator));
    ShallowDecoder decoder(*model.session_, allocator);
    ShallowDecoder copy(decoder);  // both free the same name
  } else {
    FixedAsrModel model;
    model.Init(env, argv[2]);
    for (int i = 0; i < 3; ++i) sum += model.Run(static_cast<float>(i));
  }
  printf("sum %.1f\n", sum);
  return 0;
}
