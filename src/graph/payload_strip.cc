// Rewrites a ModelProto on the wire, descending only into the messages that can hold tensors and
// re-encoding the lengths of those it changes.
#include "graph/payload_strip.h"

#include <utility>

#include "graph/wire_reader.h"

namespace ortkit::graph {
namespace {

enum class Kind { kOther, kModel, kGraph, kNode, kAttribute, kTensor, kSparseTensor, kFunction, kTrainingInfo };

const char* MessageName(Kind kind) {
  switch (kind) {
    case Kind::kModel: return "ModelProto";
    case Kind::kGraph: return "GraphProto";
    case Kind::kNode: return "NodeProto";
    case Kind::kAttribute: return "AttributeProto";
    case Kind::kTensor: return "TensorProto";
    case Kind::kSparseTensor: return "SparseTensorProto";
    case Kind::kFunction: return "FunctionProto";
    case Kind::kTrainingInfo: return "TrainingInfoProto";
    case Kind::kOther: break;
  }
  return "?";
}

// The message kind of field `number` of a `parent` message, for the fields that lead to tensors
// (field numbers from onnx.proto); kOther for everything copied as is.
Kind ChildKind(Kind parent, uint32_t number) {
  switch (parent) {
    case Kind::kModel:
      if (number == 7) return Kind::kGraph;          // graph
      if (number == 20) return Kind::kTrainingInfo;  // training_info
      if (number == 25) return Kind::kFunction;      // functions
      break;
    case Kind::kGraph:
      if (number == 1) return Kind::kNode;           // node
      if (number == 5) return Kind::kTensor;         // initializer
      if (number == 15) return Kind::kSparseTensor;  // sparse_initializer
      break;
    case Kind::kNode:
      if (number == 5) return Kind::kAttribute;
      break;
    case Kind::kAttribute:
      if (number == 5 || number == 10) return Kind::kTensor;         // t, tensors
      if (number == 6 || number == 11) return Kind::kGraph;          // g, graphs
      if (number == 22 || number == 23) return Kind::kSparseTensor;  // sparse_tensor(s)
      break;
    case Kind::kSparseTensor:
      if (number == 1 || number == 2) return Kind::kTensor;  // values, indices
      break;
    case Kind::kFunction:
      if (number == 7) return Kind::kNode;
      break;
    case Kind::kTrainingInfo:
      if (number == 1 || number == 2) return Kind::kGraph;  // initialization, algorithm
      break;
    case Kind::kTensor:
    case Kind::kOther:
      break;
  }
  return Kind::kOther;
}

// TensorProto's data fields: float_data 4, int32_data 5, string_data 6, int64_data 7, raw_data 9,
// double_data 10, uint64_data 11.
bool IsPayload(uint32_t number) { return (number >= 4 && number <= 7) || (number >= 9 && number <= 11); }

void AppendVarint(std::string* out, uint64_t value) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

// TensorProto.data_location (14) and external_data (13): what a stripped tensor is marked with.
constexpr uint32_t kDataLocation = 14;
constexpr uint32_t kExternalData = 13;

void AppendLengthDelimited(std::string* out, uint32_t number, std::string_view payload) {
  AppendVarint(out, (uint64_t{number} << 3) | static_cast<uint64_t>(WireType::kLengthDelimited));
  AppendVarint(out, payload.size());
  out->append(payload);
}

std::string RewriteTensor(WireReader reader, uint64_t keep_bytes) {
  uint64_t payload = 0;
  WireReader sizes = reader;
  WireField f;
  while (sizes.Next(&f)) {
    if (IsPayload(f.number)) payload += f.raw.size();
  }
  std::string out;
  if (payload <= keep_bytes) {
    while (reader.Next(&f)) out.append(f.raw);
    return out;
  }
  while (reader.Next(&f)) {
    if (!IsPayload(f.number) && f.number != kDataLocation) out.append(f.raw);
  }
  // Marked as external data, so that nothing reads the tensor as holding no values (ONNX's
  // Reshape inference would take a data-less shape tensor for an empty shape).
  std::string entry;
  AppendLengthDelimited(&entry, 1, "location");
  AppendLengthDelimited(&entry, 2, kStrippedLocation);
  AppendLengthDelimited(&out, kExternalData, entry);
  AppendVarint(&out, uint64_t{kDataLocation} << 3);
  AppendVarint(&out, 1);  // TensorProto.EXTERNAL
  return out;
}

std::string Rewrite(WireReader reader, Kind kind, uint64_t keep_bytes) {
  if (kind == Kind::kTensor) return RewriteTensor(std::move(reader), keep_bytes);
  std::string out;
  WireField f;
  while (reader.Next(&f)) {
    const Kind child = f.type == WireType::kLengthDelimited ? ChildKind(kind, f.number) : Kind::kOther;
    if (child == Kind::kOther) {
      out.append(f.raw);
      continue;
    }
    AppendLengthDelimited(&out, f.number, Rewrite(reader.Open(f, MessageName(child)), child, keep_bytes));
  }
  return out;
}

}  // namespace

std::string StripTensorPayloads(std::string_view model, std::string_view label, uint64_t keep_bytes) {
  return Rewrite(WireReader(model, label, "ModelProto"), Kind::kModel, keep_bytes);
}

}  // namespace ortkit::graph
