// Session introspection: names, types, shapes with symbolic dims, and metadata.
#include "core/ort_introspect.h"

namespace ortkit::core {
namespace {

std::string OnnxElementName(ONNXTensorElementDataType type) {
  // ONNX's own type spelling, as in "tensor(float)".
  switch (type) {
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: return "float";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: return "double";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: return "float16";
    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: return "bfloat16";
    default: return std::string(ElementTypeName(ElementTypeFromOnnx(static_cast<int>(type))));
  }
}

std::string OnnxTypeString(const Ort::ConstTypeInfo& info) {
  switch (info.GetONNXType()) {
    case ONNX_TYPE_TENSOR:
    case ONNX_TYPE_SPARSETENSOR: {
      const char* prefix = info.GetONNXType() == ONNX_TYPE_TENSOR ? "tensor(" : "sparse_tensor(";
      return prefix + OnnxElementName(info.GetTensorTypeAndShapeInfo().GetElementType()) + ")";
    }
    case ONNX_TYPE_SEQUENCE: {
      Ort::TypeInfo element = info.GetSequenceTypeInfo().GetSequenceElementType();
      return "seq(" + OnnxTypeString(element.GetConst()) + ")";
    }
    case ONNX_TYPE_MAP: {
      auto map = info.GetMapTypeInfo();
      Ort::TypeInfo value = map.GetMapValueType();
      return "map(" + OnnxElementName(map.GetMapKeyType()) + "," + OnnxTypeString(value.GetConst()) + ")";
    }
    case ONNX_TYPE_OPTIONAL: {
      Ort::TypeInfo element = info.GetOptionalTypeInfo().GetOptionalElementType();
      return "optional(" + OnnxTypeString(element.GetConst()) + ")";
    }
    case ONNX_TYPE_OPAQUE: return "opaque";
    default: return "unknown";
  }
}

void FillTensorSpec(const Ort::ConstTensorTypeAndShapeInfo& tensor, ValueSpec& spec) {
  spec.element_type = ElementTypeFromOnnx(static_cast<int>(tensor.GetElementType()));
  const std::size_t rank = tensor.GetDimensionsCount();
  std::vector<int64_t> dims = tensor.GetShape();
  std::vector<const char*> symbols(rank, nullptr);
  if (rank) tensor.GetSymbolicDimensions(symbols.data(), rank);
  spec.shape.clear();
  for (std::size_t i = 0; i < rank; ++i) {
    Dim d;
    d.value = dims[i] >= 0 ? dims[i] : -1;
    if (d.value < 0 && symbols[i]) d.symbol = symbols[i];
    spec.shape.push_back(std::move(d));
  }
}

template <typename NameFn, typename TypeFn>
std::vector<ValueSpec> ReadSpecs(std::size_t count, NameFn name_at, TypeFn type_at) {
  std::vector<ValueSpec> specs;
  specs.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    Ort::TypeInfo info = type_at(i);
    specs.push_back(SpecFromTypeInfo(name_at(i), info.GetConst()));
  }
  return specs;
}

std::string Owned(Ort::AllocatedStringPtr ptr) { return ptr ? std::string(ptr.get()) : std::string(); }

}  // namespace

ValueSpec SpecFromTypeInfo(std::string name, const Ort::ConstTypeInfo& type_info) {
  ValueSpec spec;
  spec.name = std::move(name);
  spec.onnx_type = OnnxTypeString(type_info);
  switch (type_info.GetONNXType()) {
    case ONNX_TYPE_TENSOR:
      spec.kind = ValueKind::kTensor;
      FillTensorSpec(type_info.GetTensorTypeAndShapeInfo(), spec);
      break;
    case ONNX_TYPE_SEQUENCE:
      spec.kind = ValueKind::kSequence;
      break;
    case ONNX_TYPE_MAP:
      spec.kind = ValueKind::kMap;
      break;
    case ONNX_TYPE_OPTIONAL: {
      spec.kind = ValueKind::kOptional;
      Ort::TypeInfo element = type_info.GetOptionalTypeInfo().GetOptionalElementType();
      if (element.GetONNXType() == ONNX_TYPE_TENSOR) {
        FillTensorSpec(element.GetConst().GetTensorTypeAndShapeInfo(), spec);
      }
      break;
    }
    default:
      spec.kind = ValueKind::kTensor;  // opaque/sparse: described by onnx_type only
      break;
  }
  return spec;
}

std::vector<ValueSpec> ReadInputSpecs(const Ort::Session& session) {
  Ort::AllocatorWithDefaultOptions allocator;
  return ReadSpecs(
      session.GetInputCount(),
      [&](std::size_t i) { return Owned(session.GetInputNameAllocated(i, allocator)); },
      [&](std::size_t i) { return session.GetInputTypeInfo(i); });
}

std::vector<ValueSpec> ReadOutputSpecs(const Ort::Session& session) {
  Ort::AllocatorWithDefaultOptions allocator;
  return ReadSpecs(
      session.GetOutputCount(),
      [&](std::size_t i) { return Owned(session.GetOutputNameAllocated(i, allocator)); },
      [&](std::size_t i) { return session.GetOutputTypeInfo(i); });
}

ModelMetadata ReadMetadata(const Ort::Session& session) {
  Ort::AllocatorWithDefaultOptions allocator;
  Ort::ModelMetadata meta = session.GetModelMetadata();
  ModelMetadata out;
  out.producer_name = Owned(meta.GetProducerNameAllocated(allocator));
  out.graph_name = Owned(meta.GetGraphNameAllocated(allocator));
  out.domain = Owned(meta.GetDomainAllocated(allocator));
  out.description = Owned(meta.GetDescriptionAllocated(allocator));
  out.graph_description = Owned(meta.GetGraphDescriptionAllocated(allocator));
  out.version = meta.GetVersion();
  for (auto& key_ptr : meta.GetCustomMetadataMapKeysAllocated(allocator)) {
    std::string key = Owned(std::move(key_ptr));
    out.custom[key] = Owned(meta.LookupCustomMetadataMapAllocated(key.c_str(), allocator));
  }
  return out;
}

}  // namespace ortkit::core
