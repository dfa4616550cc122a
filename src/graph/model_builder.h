// ModelBuilder: a small fluent builder of ONNX models (onnx::ModelProto) for tests, benchmarks and demos.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

#include "ortkit/element_type.h"
#include "ortkit/shape.h"

namespace ortkit::graph {

/// One dimension as written in a shape literal: `3` (fixed), `"batch"` (named free dimension) or a
/// Dim (`Dim::Free()` for an unnamed free dimension). Exists so that `{"batch", 3, 64, 64}` reads
/// like the shape it declares; the constructors are implicit for that reason.
struct DimArg {
  Dim dim;
  DimArg(int value) : dim(Dim::Fixed(value)) {}
  DimArg(int64_t value) : dim(Dim::Fixed(value)) {}
  DimArg(const char* symbol) : dim(Dim::Free(symbol)) {}
  DimArg(const std::string& symbol) : dim(Dim::Free(symbol)) {}
  DimArg(Dim d) : dim(std::move(d)) {}
};

/// A declared tensor shape as a builder argument: a DeclaredShape, a concrete Shape, or a literal
/// such as `{"batch", 3}` (implicit constructors, as for DimArg). `{}` is a scalar (rank 0).
class ShapeArg {
 public:
  ShapeArg(const DeclaredShape& dims) : dims_(dims) {}
  ShapeArg(const Shape& dims);
  ShapeArg(std::initializer_list<DimArg> dims);
  const DeclaredShape& dims() const noexcept { return dims_; }

 private:
  DeclaredShape dims_;
};

/// One node attribute, built by the factory for its kind: `Attr::Int("axis", 1)`,
/// `Attr::Ints("pads", {1, 1, 1, 1})`, `Attr::Tensor("value", MakeTensor(...))`.
class Attr {
 public:
  static Attr Int(const std::string& name, int64_t value);
  static Attr Ints(const std::string& name, const std::vector<int64_t>& values);
  static Attr Float(const std::string& name, float value);
  static Attr Floats(const std::string& name, const std::vector<float>& values);
  static Attr String(const std::string& name, const std::string& value);
  static Attr Strings(const std::string& name, const std::vector<std::string>& values);
  /// The tensor's own name is cleared: attribute tensors are anonymous.
  static Attr Tensor(const std::string& name, const onnx::TensorProto& value);

  const onnx::AttributeProto& proto() const noexcept { return proto_; }

 private:
  explicit Attr(const std::string& name, onnx::AttributeProto::AttributeType type);
  onnx::AttributeProto proto_;
};

/// A tensor with its data in raw_data (little-endian, as ONNX requires). Throws ortkit::Error
/// (kConfig) when values.size() is not the product of `shape`.
onnx::TensorProto MakeTensor(const std::string& name, const std::vector<float>& values, const Shape& shape);
onnx::TensorProto MakeTensor(const std::string& name, const std::vector<double>& values, const Shape& shape);
onnx::TensorProto MakeTensor(const std::string& name, const std::vector<int64_t>& values, const Shape& shape);
onnx::TensorProto MakeTensor(const std::string& name, const std::vector<int32_t>& values, const Shape& shape);

/// `n` values uniform in [-scale, scale), the same for a given seed on every platform: std::mt19937
/// is fully specified, and the mapping to floats is done here rather than by the standard
/// distributions, whose algorithms differ between standard libraries. For He-style weights of a
/// layer with fan-in `f`, use scale = sqrt(6 / f).
std::vector<float> SeededWeights(std::size_t n, float scale, uint32_t seed);

/// The model's bytes; throws ortkit::Error (kIo) if protobuf cannot serialize it (over 2 GiB).
std::string SerializeModel(const onnx::ModelProto& model);
/// Writes the model's bytes to `path` (the directory must exist); throws ortkit::Error (kIo) naming
/// the path on failure.
void SaveModel(const onnx::ModelProto& model, const std::string& path);

/// Builds one onnx::ModelProto. Every method returns *this so calls chain; nothing is validated
/// beyond argument consistency (run onnx::checker on the result for that). Names are used as given.
class ModelBuilder {
 public:
  /// A model with one graph named `graph_name`, importing the default ONNX domain at `opset`.
  explicit ModelBuilder(const std::string& graph_name, int64_t opset = 17, int64_t ir_version = 8);

  /// A tensor graph input / output / intermediate value_info. Fixed dims get dim_value, named free
  /// dims dim_param, unnamed free dims neither.
  ModelBuilder& Input(const std::string& name, ElementType type, const ShapeArg& shape);
  ModelBuilder& Output(const std::string& name, ElementType type, const ShapeArg& shape);
  ModelBuilder& ValueInfo(const std::string& name, ElementType type, const ShapeArg& shape);
  /// A seq(tensor(type)) graph input / output; the element tensors' shape is left unspecified.
  ModelBuilder& SequenceInput(const std::string& name, ElementType type);
  ModelBuilder& SequenceOutput(const std::string& name, ElementType type);

  /// A graph initializer holding `values` (raw_data) with `shape`; throws ortkit::Error (kConfig)
  /// when the value count does not match the shape. Not listed as a graph input: call Input() with
  /// the same name for that.
  ModelBuilder& Initializer(const std::string& name, const std::vector<float>& values, const Shape& shape);
  ModelBuilder& Initializer(const std::string& name, const std::vector<double>& values, const Shape& shape);
  ModelBuilder& Initializer(const std::string& name, const std::vector<int64_t>& values, const Shape& shape);
  ModelBuilder& Initializer(const std::string& name, const std::vector<int32_t>& values, const Shape& shape);
  ModelBuilder& Initializer(const onnx::TensorProto& tensor);

  /// Appends a node (nodes must be added in topological order, as ONNX requires).
  ModelBuilder& Node(const std::string& op_type, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& outputs, const std::vector<Attr>& attributes = {},
                     const std::string& name = "", const std::string& domain = "");

  /// Imports `domain` at `version`, replacing the version if the domain is already imported.
  ModelBuilder& Opset(const std::string& domain, int64_t version);
  ModelBuilder& Producer(const std::string& name, const std::string& version);
  ModelBuilder& Doc(const std::string& doc);        ///< the model's doc_string
  ModelBuilder& GraphDoc(const std::string& doc);   ///< the graph's doc_string
  ModelBuilder& Domain(const std::string& domain);  ///< the model's domain
  ModelBuilder& ModelVersion(int64_t version);
  /// Adds one metadata_props entry (keys are not deduplicated).
  ModelBuilder& Metadata(const std::string& key, const std::string& value);

  onnx::ModelProto& proto() noexcept { return model_; }
  const onnx::ModelProto& proto() const noexcept { return model_; }

  /// SerializeModel(proto()) and SaveModel(proto(), path).
  std::string Serialize() const { return SerializeModel(model_); }
  void Save(const std::string& path) const { SaveModel(model_, path); }

 private:
  onnx::GraphProto& graph() { return *model_.mutable_graph(); }

  onnx::ModelProto model_;
};

}  // namespace ortkit::graph
