// ModelBuilder, Attr, MakeTensor and SeededWeights.
#include "graph/model_builder.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

// ONNX stores raw_data little-endian; the hosts ortkit supports (x86-64, aarch64) are little-endian,
// so the values' bytes are copied as they lie in memory.
template <typename T>
onnx::TensorProto MakeRawTensor(const std::string& name, const std::vector<T>& values,
                                const Shape& shape, ElementType type) {
  const std::optional<int64_t> count = ElementCount(shape);
  if (!count || static_cast<std::size_t>(*count) != values.size()) {
    throw Error(ErrorCategory::kConfig,
                fmt::format("tensor '{}': {} values do not fill shape {}", name, values.size(),
                            ShapeToString(shape)));
  }
  onnx::TensorProto tensor;
  tensor.set_name(name);
  tensor.set_data_type(static_cast<int32_t>(type));
  for (int64_t d : shape) tensor.add_dims(d);
  tensor.set_raw_data(std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T)));
  return tensor;
}

void SetTensorType(onnx::TypeProto_Tensor* tensor_type, ElementType type, const DeclaredShape& dims) {
  tensor_type->set_elem_type(static_cast<int32_t>(type));
  onnx::TensorShapeProto* shape = tensor_type->mutable_shape();  // present even for rank 0
  for (const Dim& d : dims) {
    onnx::TensorShapeProto_Dimension* dim = shape->add_dim();
    if (d.is_fixed()) {
      dim->set_dim_value(d.value);
    } else if (!d.symbol.empty()) {
      dim->set_dim_param(d.symbol);
    }  // an unnamed free dimension has neither value nor param
  }
}

void SetTensorValueInfo(onnx::ValueInfoProto* info, const std::string& name, ElementType type,
                        const DeclaredShape& dims) {
  info->set_name(name);
  SetTensorType(info->mutable_type()->mutable_tensor_type(), type, dims);
}

void SetSequenceValueInfo(onnx::ValueInfoProto* info, const std::string& name, ElementType type) {
  info->set_name(name);
  info->mutable_type()->mutable_sequence_type()->mutable_elem_type()->mutable_tensor_type()->set_elem_type(
      static_cast<int32_t>(type));
}

}  // namespace

ShapeArg::ShapeArg(const Shape& dims) {
  dims_.reserve(dims.size());
  for (int64_t d : dims) dims_.push_back(Dim::Fixed(d));
}

ShapeArg::ShapeArg(std::initializer_list<DimArg> dims) {
  dims_.reserve(dims.size());
  for (const DimArg& d : dims) dims_.push_back(d.dim);
}

Attr::Attr(const std::string& name, onnx::AttributeProto::AttributeType type) {
  proto_.set_name(name);
  proto_.set_type(type);
}

Attr Attr::Int(const std::string& name, int64_t value) {
  Attr a(name, onnx::AttributeProto::INT);
  a.proto_.set_i(value);
  return a;
}

Attr Attr::Ints(const std::string& name, const std::vector<int64_t>& values) {
  Attr a(name, onnx::AttributeProto::INTS);
  for (int64_t v : values) a.proto_.add_ints(v);
  return a;
}

Attr Attr::Float(const std::string& name, float value) {
  Attr a(name, onnx::AttributeProto::FLOAT);
  a.proto_.set_f(value);
  return a;
}

Attr Attr::Floats(const std::string& name, const std::vector<float>& values) {
  Attr a(name, onnx::AttributeProto::FLOATS);
  for (float v : values) a.proto_.add_floats(v);
  return a;
}

Attr Attr::String(const std::string& name, const std::string& value) {
  Attr a(name, onnx::AttributeProto::STRING);
  a.proto_.set_s(value);
  return a;
}

Attr Attr::Strings(const std::string& name, const std::vector<std::string>& values) {
  Attr a(name, onnx::AttributeProto::STRINGS);
  for (const std::string& v : values) a.proto_.add_strings(v);
  return a;
}

Attr Attr::Tensor(const std::string& name, const onnx::TensorProto& value) {
  Attr a(name, onnx::AttributeProto::TENSOR);
  *a.proto_.mutable_t() = value;
  a.proto_.mutable_t()->clear_name();
  return a;
}

onnx::TensorProto MakeTensor(const std::string& name, const std::vector<float>& values, const Shape& shape) {
  return MakeRawTensor(name, values, shape, ElementType::kFloat32);
}
onnx::TensorProto MakeTensor(const std::string& name, const std::vector<double>& values, const Shape& shape) {
  return MakeRawTensor(name, values, shape, ElementType::kFloat64);
}
onnx::TensorProto MakeTensor(const std::string& name, const std::vector<int64_t>& values, const Shape& shape) {
  return MakeRawTensor(name, values, shape, ElementType::kInt64);
}
onnx::TensorProto MakeTensor(const std::string& name, const std::vector<int32_t>& values, const Shape& shape) {
  return MakeRawTensor(name, values, shape, ElementType::kInt32);
}

std::vector<float> SeededWeights(std::size_t n, float scale, uint32_t seed) {
  std::mt19937 gen(seed);
  std::vector<float> out(n);
  for (float& v : out) {
    // The top 24 bits give an exactly representable float in [0, 1).
    const float unit = static_cast<float>(gen() >> 8) * (1.0f / 16777216.0f);
    v = scale * (2.0f * unit - 1.0f);
  }
  return out;
}

std::string SerializeModel(const onnx::ModelProto& model) {
  std::string bytes;
  if (!model.SerializeToString(&bytes)) {
    throw Error(ErrorCategory::kIo,
                fmt::format("model '{}': protobuf could not serialize it ({} bytes; the limit is 2 GiB)",
                            model.graph().name(), model.ByteSizeLong()));
  }
  return bytes;
}

void SaveModel(const onnx::ModelProto& model, const std::string& path) {
  const std::string bytes = SerializeModel(model);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (out) out.close();
  if (!out) {
    throw Error(ErrorCategory::kIo, fmt::format("cannot write model to '{}': {}", path, std::strerror(errno)));
  }
}

ModelBuilder::ModelBuilder(const std::string& graph_name, int64_t opset, int64_t ir_version) {
  model_.set_ir_version(ir_version);
  graph().set_name(graph_name);
  Opset("", opset);
}

ModelBuilder& ModelBuilder::Input(const std::string& name, ElementType type, const ShapeArg& shape) {
  SetTensorValueInfo(graph().add_input(), name, type, shape.dims());
  return *this;
}

ModelBuilder& ModelBuilder::Output(const std::string& name, ElementType type, const ShapeArg& shape) {
  SetTensorValueInfo(graph().add_output(), name, type, shape.dims());
  return *this;
}

ModelBuilder& ModelBuilder::ValueInfo(const std::string& name, ElementType type, const ShapeArg& shape) {
  SetTensorValueInfo(graph().add_value_info(), name, type, shape.dims());
  return *this;
}

ModelBuilder& ModelBuilder::SequenceInput(const std::string& name, ElementType type) {
  SetSequenceValueInfo(graph().add_input(), name, type);
  return *this;
}

ModelBuilder& ModelBuilder::SequenceOutput(const std::string& name, ElementType type) {
  SetSequenceValueInfo(graph().add_output(), name, type);
  return *this;
}

ModelBuilder& ModelBuilder::Initializer(const std::string& name, const std::vector<float>& values,
                                        const Shape& shape) {
  return Initializer(MakeTensor(name, values, shape));
}
ModelBuilder& ModelBuilder::Initializer(const std::string& name, const std::vector<double>& values,
                                        const Shape& shape) {
  return Initializer(MakeTensor(name, values, shape));
}
ModelBuilder& ModelBuilder::Initializer(const std::string& name, const std::vector<int64_t>& values,
                                        const Shape& shape) {
  return Initializer(MakeTensor(name, values, shape));
}
ModelBuilder& ModelBuilder::Initializer(const std::string& name, const std::vector<int32_t>& values,
                                        const Shape& shape) {
  return Initializer(MakeTensor(name, values, shape));
}

ModelBuilder& ModelBuilder::Initializer(const onnx::TensorProto& tensor) {
  *graph().add_initializer() = tensor;
  return *this;
}

ModelBuilder& ModelBuilder::Node(const std::string& op_type, const std::vector<std::string>& inputs,
                                 const std::vector<std::string>& outputs, const std::vector<Attr>& attributes,
                                 const std::string& name, const std::string& domain) {
  onnx::NodeProto* node = graph().add_node();
  node->set_op_type(op_type);
  for (const std::string& in : inputs) node->add_input(in);
  for (const std::string& out : outputs) node->add_output(out);
  for (const Attr& attr : attributes) *node->add_attribute() = attr.proto();
  if (!name.empty()) node->set_name(name);
  if (!domain.empty()) node->set_domain(domain);
  return *this;
}

ModelBuilder& ModelBuilder::Opset(const std::string& domain, int64_t version) {
  for (onnx::OperatorSetIdProto& entry : *model_.mutable_opset_import()) {
    if (entry.domain() == domain) {
      entry.set_version(version);
      return *this;
    }
  }
  onnx::OperatorSetIdProto* entry = model_.add_opset_import();
  entry->set_domain(domain);
  entry->set_version(version);
  return *this;
}

ModelBuilder& ModelBuilder::Producer(const std::string& name, const std::string& version) {
  model_.set_producer_name(name);
  model_.set_producer_version(version);
  return *this;
}

ModelBuilder& ModelBuilder::Doc(const std::string& doc) {
  model_.set_doc_string(doc);
  return *this;
}

ModelBuilder& ModelBuilder::GraphDoc(const std::string& doc) {
  graph().set_doc_string(doc);
  return *this;
}

ModelBuilder& ModelBuilder::Domain(const std::string& domain) {
  model_.set_domain(domain);
  return *this;
}

ModelBuilder& ModelBuilder::ModelVersion(int64_t version) {
  model_.set_model_version(version);
  return *this;
}

ModelBuilder& ModelBuilder::Metadata(const std::string& key, const std::string& value) {
  onnx::StringStringEntryProto* entry = model_.add_metadata_props();
  entry->set_key(key);
  entry->set_value(value);
  return *this;
}

}  // namespace ortkit::graph
