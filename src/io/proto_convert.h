// Conversions from ONNX protobuf messages to ortkit tensors, shared by the TensorProto and value
// (SequenceProto, MapProto, OptionalProto) readers.
#pragma once

#include <climits>
#include <cstdint>
#include <string>

#include <google/protobuf/message_lite.h>
#include <onnx/onnx_pb.h>

#include "ortkit/tensor.h"

namespace ortkit::io {

/// Protobuf can't parse messages of 2 GiB or more; larger files are refused before reading.
inline constexpr std::uint64_t kMaxProtoBytes = INT_MAX;

/// Parses `bytes` into `message`; throws Error(kIo) "<where>: not <what> (...)" on failure, and
/// "<where>: is empty (expected <what>)" for empty input, which protobuf would accept as an
/// all-default message. `what` carries its article: "a TensorProto", "an OptionalProto".
void ParseProto(const std::string& bytes, google::protobuf::MessageLite& message,
                const std::string& where, const std::string& what);

/// The tensor `proto` holds, owned. `where` starts every error ("'x.pb'", "'x.pb' at [2]").
/// Refuses external data, segments, unknown types, negative or overflowing dims, and data whose
/// size disagrees with the dims, before allocating anything.
Tensor TensorFromProto(const onnx::TensorProto& proto, const std::string& where);

}  // namespace ortkit::io
