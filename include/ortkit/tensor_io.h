// Reading and writing tensors and values as files: ONNX protobuf (.pb: TensorProto, and for
// non-tensors SequenceProto, MapProto, OptionalProto) and NumPy (.npy).
#pragma once

#include <string>

#include "ortkit/tensor.h"
#include "ortkit/value.h"

namespace ortkit {

/// Reads an ONNX TensorProto file (raw_data or typed fields; external data is refused).
/// Throws Error(kIo) naming the file and what is wrong.
Tensor ReadTensorProto(const std::string& path);
/// Parses TensorProto bytes; `label` names the source in errors.
Tensor ParseTensorProto(const std::string& bytes, const std::string& label);
/// Writes `tensor` as a TensorProto (raw_data; string tensors as string_data).
void WriteTensorProto(const std::string& path, const Tensor& tensor, const std::string& name = {});

/// Reads a .pb holding a value of `kind`: kTensor -> TensorProto, kSequence -> SequenceProto,
/// kMap -> MapProto, kOptional -> OptionalProto (may come back as Value::None()).
Value ReadValueProto(const std::string& path, ValueKind kind);

/// Reads a NumPy .npy file (format 1.0-3.0, little-endian, C order; bool, ints, float16/32/64, complex64/128).
Tensor ReadNpy(const std::string& path);
/// Writes a .npy file (format 1.0); throws Error(kIo) for types NumPy can't hold (strings, bf16).
void WriteNpy(const std::string& path, const Tensor& tensor);

/// By extension: ".npy" -> ReadNpy, ".pb" -> ReadTensorProto; otherwise Error(kIo).
Tensor ReadTensorFile(const std::string& path);

}  // namespace ortkit
