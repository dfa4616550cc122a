// Test helpers over the ONNX library: parse, full check (checker + strict shape inference), types.
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <onnx/checker.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include "ortkit/element_type.h"

namespace ortkit::testing {

inline onnx::ModelProto ParseModel(const std::string& bytes) {
  onnx::ModelProto model;
  EXPECT_TRUE(model.ParseFromString(bytes)) << "not a serialized ModelProto";
  return model;
}

// ONNX 1.12's C++ check_model has no full_check flag; the Python full_check is check_model plus
// shape inference that checks types and throws on node errors, which is what this does.
inline void FullCheck(const onnx::ModelProto& model) {
  onnx::checker::check_model(model);
  onnx::ModelProto copy = model;
  onnx::shape_inference::InferShapes(copy, onnx::OpSchemaRegistry::Instance(),
                                     onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict_mode=*/1));
}

// The model after strict shape inference, with the declared output shapes removed first so that the
// outputs' shapes are what inference derived, not what the builder wrote.
inline onnx::ModelProto InferOutputShapes(const onnx::ModelProto& model) {
  onnx::ModelProto copy = model;
  for (onnx::ValueInfoProto& output : *copy.mutable_graph()->mutable_output()) {
    onnx::TypeProto* type = output.mutable_type();
    if (type->has_tensor_type()) type->mutable_tensor_type()->clear_shape();
    if (type->has_sequence_type()) type->mutable_sequence_type()->mutable_elem_type()->mutable_tensor_type()->clear_shape();
  }
  onnx::shape_inference::InferShapes(copy, onnx::OpSchemaRegistry::Instance(),
                                     onnx::ShapeInferenceOptions(/*check_type=*/true, /*strict_mode=*/1));
  return copy;
}

// "float32[batch,3,?]", "int64[]" (scalar), "float32" (unknown rank), "seq(float32[2])". An unnamed
// free dim prints "?", also after shape inference, which names such dims "unk__0", "unk__1", ...
inline std::string TypeString(const onnx::TypeProto& type) {
  if (type.has_sequence_type()) return "seq(" + TypeString(type.sequence_type().elem_type()) + ")";
  if (!type.has_tensor_type()) return "<not a tensor>";
  std::string out(ElementTypeName(ElementTypeFromOnnx(type.tensor_type().elem_type())));
  if (!type.tensor_type().has_shape()) return out;
  out += '[';
  const auto& dims = type.tensor_type().shape().dim();
  for (int i = 0; i < dims.size(); ++i) {
    if (i) out += ',';
    if (dims[i].has_dim_value()) {
      out += std::to_string(dims[i].dim_value());
    } else if (dims[i].has_dim_param() && dims[i].dim_param().rfind("unk__", 0) != 0) {
      out += dims[i].dim_param();
    } else {
      out += '?';
    }
  }
  return out + ']';
}

// "name: type" for each graph input (or output), joined by "; ".
inline std::string SignatureString(const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto>& values) {
  std::string out;
  for (const onnx::ValueInfoProto& v : values) {
    if (!out.empty()) out += "; ";
    out += v.name() + ": " + TypeString(v.type());
  }
  return out;
}

}  // namespace ortkit::testing
