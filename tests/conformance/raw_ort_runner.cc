// The raw-ORT side of the conformance test: Ort::Session::Run on tensors, nothing of ortkit's core.
#include "conformance/raw_ort_runner.h"

#include <filesystem>
#include <stdexcept>

#include <onnxruntime_cxx_api.h>

#include "conformance/compare.h"
#include "conformance/raw_tensor_proto.h"
#include "conformance/test_data.h"

namespace ortkit::conformance {
namespace {

// Thrown for a stage's failure; caught once in Run.
struct StageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

template <typename Fn>
auto Stage(const std::string& stage, Fn fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Ort::Exception& e) {
    throw StageError(stage + e.what());
  } catch (const StageError&) {
    throw;
  } catch (const std::exception& e) {
    throw StageError(stage + e.what());
  }
}

struct Port {
  std::string name;
  ONNXType kind;
};

template <typename NameAt, typename TypeAt>
std::vector<Port> Ports(std::size_t count, NameAt name_at, TypeAt type_at) {
  std::vector<Port> ports;
  Ort::AllocatorWithDefaultOptions allocator;
  for (std::size_t i = 0; i < count; ++i) {
    ports.push_back(Port{name_at(i, allocator).get(), type_at(i).GetONNXType()});
  }
  return ports;
}

void RequireTensors(const std::vector<Port>& ports, const char* what) {
  for (const auto& p : ports) {
    if (p.kind != ONNX_TYPE_TENSOR) {
      throw StageError("raw runner: " + std::string(what) + " '" + p.name +
                       "' is not a tensor; the raw runner handles tensors only");
    }
  }
}

// Decodes input_N.pb or output_N.pb files and assigns them to ports as ortkit's side does.
std::vector<StoredTensor> ReadPorts(const std::string& dir, const char* prefix, const std::vector<Port>& ports) {
  std::vector<std::string> names;
  for (const auto& p : ports) names.push_back(p.name);
  std::vector<StoredTensor> out;
  for (const auto& file : NumberedFiles(dir, prefix)) {
    StoredTensor stored = DecodeTensorProtoFile(file);
    const auto port = PortFor(out.size(), stored.name, names);
    if (!port) throw std::runtime_error(file + " has no matching " + prefix);
    for (const auto& earlier : out) {
      if (earlier.name == names[*port]) throw std::runtime_error("two files feed '" + earlier.name + "'");
    }
    stored.name = names[*port];
    out.push_back(std::move(stored));
  }
  return out;
}

Ort::Value ToOrt(const Tensor& t) {
  const auto type = static_cast<ONNXTensorElementDataType>(t.type());
  const Shape& shape = t.shape();
  if (t.type() == ElementType::kString) {
    Ort::AllocatorWithDefaultOptions allocator;
    Ort::Value v = Ort::Value::CreateTensor(allocator, shape.data(), shape.size(), type);
    std::vector<const char*> pointers;
    for (const auto& s : t.strings()) pointers.push_back(s.c_str());
    if (!pointers.empty()) v.FillStringTensor(pointers.data(), pointers.size());
    return v;
  }
  static const Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtDeviceAllocator, OrtMemTypeCPU);
  static char empty[8];  // ORT wants a non-null pointer even for zero bytes
  void* data = t.byte_size() ? const_cast<void*>(t.data()) : empty;
  return Ort::Value::CreateTensor(cpu, data, t.byte_size(), shape.data(), shape.size(), type);
}

Tensor FromOrt(const Ort::Value& v) {
  if (!v.IsTensor()) throw std::runtime_error("raw runner: an output is not a tensor");
  auto info = v.GetTensorTypeAndShapeInfo();
  const ElementType type = ElementTypeFromOnnx(static_cast<int>(info.GetElementType()));
  Shape shape = info.GetShape();
  const std::size_t count = info.GetElementCount();
  if (type == ElementType::kString) {
    std::vector<std::string> strings;
    for (std::size_t i = 0; i < count; ++i) strings.push_back(v.GetStringTensorElement(i));
    return Tensor::FromStrings(std::move(strings), std::move(shape));
  }
  const auto* bytes = static_cast<const unsigned char*>(v.GetTensorRawData());
  auto copy = std::make_shared<std::vector<unsigned char>>(bytes, bytes + count * ElementSize(type));
  void* data = copy->data();
  const std::size_t size = copy->size();
  return Tensor::Adopt(type, data, size, std::move(shape), std::move(copy));
}

void RunDataSet(Ort::Session& session, const std::string& dir, const std::vector<Port>& inputs,
                const std::vector<Port>& outputs, const std::string& where) {
  const auto feeds = Stage(where + "test data not readable: ", [&] { return ReadPorts(dir, "input", inputs); });
  const auto expected = Stage(where + "test data not readable: ", [&] { return ReadPorts(dir, "output", outputs); });
  std::vector<const char*> in_names, out_names;
  std::vector<Ort::Value> in_values;
  for (const auto& f : feeds) in_names.push_back(f.name.c_str());
  for (const auto& e : expected) out_names.push_back(e.name.c_str());
  auto results = Stage(where + "run: ", [&] {
    for (const auto& f : feeds) in_values.push_back(ToOrt(f.tensor));
    return session.Run(Ort::RunOptions{nullptr}, in_names.data(), in_values.data(), in_values.size(),
                       out_names.data(), out_names.size());
  });
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Tensor actual = Stage(where + "output '" + expected[i].name + "': ", [&] { return FromOrt(results[i]); });
    if (auto mismatch = CompareTensors(expected[i].tensor, actual)) {
      throw StageError(where + "output '" + expected[i].name + "': " + *mismatch);
    }
  }
}

}  // namespace

RawOrtRunner::RawOrtRunner() : env_(std::make_unique<Ort::Env>(ORT_LOGGING_LEVEL_ERROR, "conformance")) {}

RawOrtRunner::~RawOrtRunner() = default;

Outcome RawOrtRunner::Run(const ConformanceCase& c) {
  if (!std::filesystem::exists(c.model_path)) return Outcome{Status::kSkip, "no model.onnx"};
  if (c.data_sets.empty()) return Outcome{Status::kSkip, "no test_data_set_* directory"};
  try {
    auto session = Stage("load: ", [&] {
      Ort::SessionOptions options;
      options.SetIntraOpNumThreads(1);  // as the ortkit side
      return Ort::Session(*env_, c.model_path.c_str(), options);
    });
    const auto inputs = Ports(
        session.GetInputCount(), [&](std::size_t i, auto& a) { return session.GetInputNameAllocated(i, a); },
        [&](std::size_t i) { return session.GetInputTypeInfo(i); });
    const auto outputs = Ports(
        session.GetOutputCount(), [&](std::size_t i, auto& a) { return session.GetOutputNameAllocated(i, a); },
        [&](std::size_t i) { return session.GetOutputTypeInfo(i); });
    RequireTensors(inputs, "input");
    RequireTensors(outputs, "output");
    for (const auto& dir : c.data_sets) {
      const std::string where =
          c.data_sets.size() > 1 ? std::filesystem::path(dir).filename().string() + ": " : "";
      RunDataSet(session, dir, inputs, outputs, where);
    }
    return Outcome{Status::kPass, {}};
  } catch (const StageError& e) {
    return Outcome{Status::kFail, e.what()};
  } catch (const std::exception& e) {
    return Outcome{Status::kFail, std::string("raw runner: ") + e.what()};
  }
}

}  // namespace ortkit::conformance
