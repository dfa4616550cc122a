// The data behind `ortkit check --target`: for each deployment provider, the ONNX ops it takes,
// from ORT's own docs and sources (each table file cites its sources and ORT version).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ortkit::graph {

/// Open end of an opset range: "13+" is {13, kAnyLater}.
inline constexpr int kAnyLater = 1 << 30;

/// A set of element types, one bit per onnx::TensorProto_DataType value; 0 means "not checked".
using TypeSet = uint32_t;
inline constexpr TypeSet Type(int onnx_data_type) { return TypeSet{1} << onnx_data_type; }
// onnx::TensorProto_DataType values (onnx.proto), spelled out so the tables need no ONNX header.
inline constexpr TypeSet kFloat = Type(1);
inline constexpr TypeSet kUint8 = Type(2);
inline constexpr TypeSet kInt8 = Type(3);
inline constexpr TypeSet kInt32 = Type(6);
inline constexpr TypeSet kInt64 = Type(7);
inline constexpr TypeSet kBool = Type(9);
inline constexpr TypeSet kFloat16 = Type(10);
inline constexpr TypeSet kDouble = Type(11);
inline constexpr TypeSet kBfloat16 = Type(16);

/// One op a provider takes, for node since-versions in [since_min, since_max] (ORT matches a node
/// by the version of its op's schema, as kernel registrations and op builders do).
struct OpSupport {
  const char* domain;  ///< "" for ai.onnx, else "com.microsoft", ...
  const char* op;
  int since_min;
  int since_max;
  TypeSet input0_types = 0;     ///< the element types input 0 may have; 0: not checked
  bool static_shapes = false;   ///< every input needs a fully known shape (no free dimension)
  /// Non-empty: taken only when fused into the node producing its input 0, which must be one of
  /// these ops ("Conv|MaxPool|AveragePool") and taken itself.
  const char* fuses_after = "";
  const char* note = "";        ///< conditions the rule does not check ("only 2D", "weights constant")
};

/// What one provider takes.
struct ProviderOpTable {
  const char* target;    ///< the --target name: "nnapi"
  const char* ort_name;  ///< "NnapiExecutionProvider"
  bool gpu_memory;       ///< its tensors live off the host: every partition boundary is a Memcpy
  const char* source;    ///< where the facts come from (one line, for messages)
  const OpSupport* ops;
  std::size_t op_count;
  /// Element types no op of the provider takes as input 0 (WebGPU: float64), whatever the entry.
  TypeSet excluded_types = 0;
};

/// The tables (defined in nnapi_ops.cc, coreml_ops.cc, xnnpack_ops.cc, cuda_ops.cc, webgpu_ops.cc).
const ProviderOpTable& NnapiOpTable();
const ProviderOpTable& CoremlOpTable();
const ProviderOpTable& XnnpackOpTable();
const ProviderOpTable& CudaOpTable();
const ProviderOpTable& WebGpuOpTable();

/// The table for a --target name (case-insensitive); nullptr for an unknown one.
const ProviderOpTable* FindProviderOpTable(std::string_view target);
/// Every --target name, sorted: "coreml", "cuda", "nnapi", "webgpu", "xnnpack".
std::vector<std::string> KnownTargets();

}  // namespace ortkit::graph
