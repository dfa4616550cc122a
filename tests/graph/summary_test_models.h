// Models and raw protobuf bytes for the tests of `ortkit inspect` (model summary, strip, CLI).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

namespace ortkit::testing {

/// Protobuf wire encoding by hand, for inputs the ONNX API cannot write.
std::string WireVarint(uint64_t value);
std::string WireKey(uint32_t number, int wire_type);  ///< wire_type 0..7
std::string WireLen(uint32_t number, const std::string& payload);

/// cond: bool[], x: float32[2] -> y: float32[2] by If "outer_if". then_branch ("then"):
/// Add(x, t_bias) with its own initializer t_bias float32[2]; else_branch ("else"): an unnamed If
/// whose then_branch is Identity(x) and else_branch Neg(x). Passes onnx::checker.
onnx::ModelProto NestedIfModel();

/// x: float32[2] -> y by com.example:Multi "multi", whose GRAPHS attribute "bodies" holds two
/// graphs (Identity, Neg).
onnx::ModelProto GraphsAttributeModel();

/// Initializers in typed fields, in order: "f" float_data {1,2,3}; "i64" int64_data [4];
/// "s" string_data {"ab","cde"}; "h" float16 in int32_data [2]; "empty" float32 dims [0] with no
/// data. Node Constant "const" (value: float64 scalar in double_data) -> c: float64[].
onnx::ModelProto TypedFieldsModel();

/// A ModelProto fragment holding one more graph initializer "unpacked" (float32 [2,1]) with dims
/// and float_data written unpacked: appended to a model's bytes, protobuf merges it into the graph.
std::string UnpackedInitializerFragment();

/// x: float32[batch,n] -> y = MatMul(x, w) + b: float32[batch,n]; w: float32[n,n], b: float32[n].
onnx::ModelProto WeightsModel(int64_t n);

/// An initializer "w" float32[4] whose data is external with these key/value entries, returned
/// as y = Identity(w).
onnx::ModelProto ExternalRefModel(const std::vector<std::pair<std::string, std::string>>& entries);

/// Inputs of every non-tensor kind: m: map(int64,float32), o: optional(int32[n]),
/// s: sparse_tensor(float64)[5], q: seq(map(string,float32)), u (no type) -> output o.
onnx::ModelProto TypesModel();

/// Bytes of a model whose only initializer has a packed float_data of 7 bytes (payload at byte 6).
std::string OddFloatDataModel();

}  // namespace ortkit::testing
