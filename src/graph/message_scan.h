// Scanners of ONNX's leaf messages on the wire (TypeProto, ValueInfoProto, TensorProto) into the
// plain structs of model_summary.h.
#pragma once

#include <cstdint>
#include <optional>

#include "graph/model_summary.h"
#include "graph/wire_reader.h"

namespace ortkit::graph {

/// A TypeProto as a ValueType (see ValueType for the spelling of non-tensor types).
ValueType ScanTypeProto(WireReader reader);

/// A ValueInfoProto's name and type.
ValueSummary ScanValueInfo(WireReader reader);

/// A TensorProto, payload skipped. For external data, `summary.location` and `summary.offset` are
/// set and `external_length` holds the declared length, if any; the caller settles `summary.bytes`.
struct ScannedTensor {
  TensorSummary summary;
  std::optional<uint64_t> external_length;
};

/// Reads a TensorProto without copying (or, for float/double data, touching) its payload. Throws
/// Error(kLoad) naming the tensor for an external-data offset or length that is not a number, and
/// for external data without a location.
ScannedTensor ScanTensorProto(WireReader reader);

}  // namespace ortkit::graph
