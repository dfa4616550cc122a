// Int attributes with defaults, told apart from mistyped ones by ORT's own error message.
#include "attributes.h"

#include <cstring>
#include <vector>

namespace ortkit_example {
namespace {

// ORT has no "has attribute" call for kernels: a missing attribute and one of another type both
// come back as ORT_FAIL. Only the message tells them apart ("No attribute with name:'stride'is
// defined." against "Attribute name and type don't match"), so absence is recognised by it and
// everything else is an error, never silently a default.
bool IsMissing(OrtStatus* status) {
  const char* message = Ort::GetApi().GetErrorMessage(status);
  return message != nullptr && std::strstr(message, "No attribute with") != nullptr;
}

[[noreturn]] void ThrowBadAttribute(const std::string& op_label, const char* name, OrtStatus* status) {
  std::string message = op_label + ": attribute '" + name + "': " + Ort::GetApi().GetErrorMessage(status);
  Ort::GetApi().ReleaseStatus(status);
  throw Ort::Exception(std::move(message), ORT_INVALID_ARGUMENT);
}

}  // namespace

int64_t IntAttributeOr(const Ort::ConstKernelInfo& info, const std::string& op_label, const char* name,
                       int64_t fallback) {
  int64_t value = 0;
  OrtStatus* status = Ort::GetApi().KernelInfoGetAttribute_int64(info, name, &value);
  if (status == nullptr) return value;
  if (!IsMissing(status)) ThrowBadAttribute(op_label, name, status);
  Ort::GetApi().ReleaseStatus(status);
  return fallback;
}

std::array<int64_t, 2> PairAttributeOr(const Ort::ConstKernelInfo& info, const std::string& op_label,
                                       const char* name, std::array<int64_t, 2> fallback) {
  size_t size = 0;
  OrtStatus* status = Ort::GetApi().KernelInfoGetAttributeArray_int64(info, name, nullptr, &size);
  if (status != nullptr) {
    if (!IsMissing(status)) ThrowBadAttribute(op_label, name, status);
    Ort::GetApi().ReleaseStatus(status);
    return fallback;
  }
  std::vector<int64_t> values(size);
  Ort::ThrowOnError(Ort::GetApi().KernelInfoGetAttributeArray_int64(info, name, values.data(), &size));
  if (values.empty()) {
    // ORT reads an attribute of another type (floats, say) as an empty list rather than failing.
    throw Ort::Exception(op_label + ": attribute '" + name + "' holds no ints (another type, or empty), expected 2 "
                             "ints (h, w)",
                         ORT_INVALID_ARGUMENT);
  }
  if (values.size() != 2) {
    throw Ort::Exception(op_label + ": attribute '" + name + "' has " + std::to_string(values.size()) +
                             " values, expected 2 (h, w)",
                         ORT_INVALID_ARGUMENT);
  }
  return {values[0], values[1]};
}

}  // namespace ortkit_example
