// Facts about the loaded ONNX Runtime: versions, providers, and whether a provider really works.
#include "ortkit/runtime.h"

#include <map>
#include <mutex>

#include <onnxruntime_cxx_api.h>

#include "core/ort_env.h"
#include "core/ort_error.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "ortkit_version.h"

namespace ortkit {
namespace {

// Protobuf wire encoding, just enough to write the probe model below without the graph layer
// (core depends on ORT alone).
void Varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}
void Field(std::string& out, int number, const std::string& bytes) {
  Varint(out, static_cast<uint64_t>(number) << 3 | 2);
  Varint(out, bytes.size());
  out += bytes;
}
void FieldInt(std::string& out, int number, uint64_t v) {
  Varint(out, static_cast<uint64_t>(number) << 3);
  Varint(out, v);
}

// A float32[1] value info named `name` (ValueInfoProto).
std::string FloatVectorInfo(const std::string& name) {
  std::string dim, shape, tensor_type, type, info;
  FieldInt(dim, 1, 1);            // TensorShapeProto.Dimension.dim_value
  Field(shape, 1, dim);           // TensorShapeProto.dim
  FieldInt(tensor_type, 1, 1);    // TypeProto.Tensor.elem_type = FLOAT
  Field(tensor_type, 2, shape);   // TypeProto.Tensor.shape
  Field(type, 1, tensor_type);    // TypeProto.tensor_type
  Field(info, 1, name);           // ValueInfoProto.name
  Field(info, 2, type);           // ValueInfoProto.type
  return info;
}

// y = Neg(x), float32[1]: small enough for any provider to take.
std::string ProbeModelBytes() {
  std::string node, graph, opset, model;
  Field(node, 1, "x");
  Field(node, 2, "y");
  Field(node, 4, "Neg");
  Field(graph, 1, node);
  Field(graph, 2, "ortkit_probe");
  Field(graph, 11, FloatVectorInfo("x"));
  Field(graph, 12, FloatVectorInfo("y"));
  FieldInt(opset, 2, 13);  // OperatorSetIdProto.version (default domain)
  FieldInt(model, 1, 8);   // ir_version
  Field(model, 7, graph);
  Field(model, 8, opset);
  return model;
}

}  // namespace

const char* Version() noexcept { return ORTKIT_VERSION_STRING; }

std::string OrtLibraryVersion() { return Ort::GetVersionString(); }

int OrtApiVersion() noexcept { return ORT_API_VERSION; }

std::vector<std::string> OrtAvailableProviders() {
  return core::WithOrtContext(ErrorCategory::kConfig, "while listing providers",
                              [] { return Ort::GetAvailableProviders(); });
}

std::vector<EpDevice> OrtEpDevices() {
  return core::WithOrtContext(ErrorCategory::kConfig, "while listing EP devices", [] {
    std::vector<EpDevice> devices;
    for (const Ort::ConstEpDevice& d : core::ProcessEnv()->GetEpDevices()) {
      EpDevice device;
      device.ep_name = d.EpName();
      device.ep_vendor = d.EpVendor();
      const Ort::ConstHardwareDevice hw = d.Device();
      switch (hw.Type()) {
        case OrtHardwareDeviceType_CPU: device.device_type = "cpu"; break;
        case OrtHardwareDeviceType_GPU: device.device_type = "gpu"; break;
        case OrtHardwareDeviceType_NPU: device.device_type = "npu"; break;
      }
      device.hardware_vendor = hw.Vendor() != nullptr ? hw.Vendor() : "";
      device.vendor_id = hw.VendorId();
      device.device_id = hw.DeviceId();
      devices.push_back(std::move(device));
    }
    return devices;
  });
}

bool ProviderUsable(const std::string& provider, std::string* why_not) {
  const auto canonical = CanonicalProviderName(provider);
  if (!canonical) {
    if (why_not) *why_not = "unknown provider '" + provider + "'";
    return false;
  }
  static std::mutex mutex;
  static std::map<std::string, std::string> cache;  // provider -> "" when usable, else why not
  std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(*canonical);
  if (it == cache.end()) {
    std::string reason;
    try {
      SessionConfig config;
      config.providers.push_back(ProviderConfig{*canonical, {}});
      const std::string bytes = ProbeModelBytes();
      Model model = Model::FromBytes(bytes.data(), bytes.size(), config, "provider probe");
      std::vector<float> x{1.0f};
      auto out = model.run({{"x", Tensor::Borrow(x.data(), 1, {1})}});
      if (out.at(0).value.tensor().data_as<float>()[0] != -1.0f) reason = "the probe model computed a wrong result";
    } catch (const Error& e) {
      reason = e.what();
    }
    it = cache.emplace(*canonical, reason).first;
  }
  if (why_not) *why_not = it->second;
  return it->second.empty();
}

}  // namespace ortkit
