// Wire-format scanners of TypeProto, ValueInfoProto and TensorProto (field numbers from onnx.proto).
#include "graph/message_scan.h"

#include <charconv>
#include <string>
#include <utility>
#include <vector>

#include "ortkit/element_type.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

constexpr WireType kVarint = WireType::kVarint;
constexpr WireType kLen = WireType::kLengthDelimited;
constexpr WireType kFixed32 = WireType::kFixed32;
constexpr WireType kFixed64 = WireType::kFixed64;

std::string Str(const WireField& f) { return std::string(f.bytes); }

// TensorShapeProto.dim (field 1) -> Dimension {dim_value = 1, dim_param = 2}; the oneof's last
// member on the wire wins, as in protobuf.
void ScanShape(WireReader reader, DeclaredShape* dims) {
  WireField f;
  while (reader.Next(&f)) {
    if (!f.is(1, kLen)) continue;
    WireReader dim_reader = reader.Open(f, "TensorShapeProto.Dimension");
    Dim dim = Dim::Free();
    WireField d;
    while (dim_reader.Next(&d)) {
      if (d.is(1, kVarint)) dim = d.as_int64() >= 0 ? Dim::Fixed(d.as_int64()) : Dim::Free();
      if (d.is(2, kLen)) dim = Dim::Free(Str(d));
    }
    dims->push_back(std::move(dim));
  }
}

// TypeProto.Tensor and TypeProto.SparseTensor: {elem_type = 1, shape = 2}.
ValueType ScanTensorType(WireReader reader) {
  int elem_type = 0;
  std::optional<DeclaredShape> shape;
  WireField f;
  while (reader.Next(&f)) {
    if (f.is(1, kVarint)) elem_type = f.as_int32();
    if (f.is(2, kLen)) {
      if (!shape) shape.emplace();  // a repeated shape field merges, as protobuf merges it
      ScanShape(reader.Open(f, "TensorShapeProto"), &*shape);
    }
  }
  return ValueType{DataTypeName(elem_type), std::move(shape)};
}

// The TypeProto at `number` inside a Sequence, Optional or Map type, described as text.
std::string ScanInnerType(WireReader reader, uint32_t number) {
  ValueType inner;
  WireField f;
  while (reader.Next(&f)) {
    if (f.is(number, kLen)) inner = ScanTypeProto(reader.Open(f, "TypeProto"));
  }
  return DescribeType(inner);
}

// TypeProto.Map: {key_type = 1, value_type = 2}.
std::string ScanMapType(WireReader reader) {
  int key_type = 0;
  ValueType value;
  WireField f;
  while (reader.Next(&f)) {
    if (f.is(1, kVarint)) key_type = f.as_int32();
    if (f.is(2, kLen)) value = ScanTypeProto(reader.Open(f, "TypeProto"));
  }
  return "map(" + DataTypeName(key_type) + "," + DescribeType(value) + ")";
}

// Parses a decimal external-data offset or length, naming the tensor when it is not one.
uint64_t ExternalNumber(const WireReader& reader, const std::string& tensor, const std::string& key,
                        const std::string& value) {
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
    throw Error(ErrorCategory::kLoad, "while reading '" + std::string(reader.label()) + "': tensor '" + tensor +
                                          "': external data " + key + " '" + value + "' is not a number");
  }
  return n;
}

}  // namespace

ValueType ScanTypeProto(WireReader reader) {
  ValueType type;
  WireField f;
  // TypeProto.value is a oneof: the last member on the wire wins.
  while (reader.Next(&f)) {
    if (f.type != kLen) continue;
    switch (f.number) {
      case 1: type = ScanTensorType(reader.Open(f, "TypeProto.Tensor")); break;
      case 4: type = {"seq(" + ScanInnerType(reader.Open(f, "TypeProto.Sequence"), 1) + ")", std::nullopt}; break;
      case 5: type = {ScanMapType(reader.Open(f, "TypeProto.Map")), std::nullopt}; break;
      case 7: type = {"opaque", std::nullopt}; break;
      case 8: {
        ValueType sparse = ScanTensorType(reader.Open(f, "TypeProto.SparseTensor"));
        type = {"sparse_tensor(" + sparse.type + ")", std::move(sparse.shape)};
        break;
      }
      case 9: type = {"optional(" + ScanInnerType(reader.Open(f, "TypeProto.Optional"), 1) + ")", std::nullopt}; break;
      default: break;
    }
  }
  return type;
}

ValueSummary ScanValueInfo(WireReader reader) {
  ValueSummary value;
  WireField f;
  while (reader.Next(&f)) {
    if (f.is(1, kLen)) value.name = Str(f);
    if (f.is(2, kLen)) value.type = ScanTypeProto(reader.Open(f, "TypeProto"));
  }
  return value;
}

ScannedTensor ScanTensorProto(WireReader reader) {
  ScannedTensor out;
  TensorSummary& t = out.summary;
  bool has_raw = false;
  uint64_t raw_bytes = 0;
  uint64_t fixed_bytes = 0;      // float_data / double_data, in bytes
  uint64_t varint_values = 0;    // int32_data / int64_data / uint64_data values
  uint64_t string_values = 0;
  uint64_t string_bytes = 0;
  bool external = false;
  std::vector<std::pair<std::string, std::string>> external_data;
  WireField f;
  while (reader.Next(&f)) {
    switch (f.number) {
      case 1:  // dims: packed or not
        if (f.type == kVarint) t.dims.push_back(f.as_int64());
        if (f.type == kLen) reader.ForEachPackedVarint(f, [&](uint64_t v) { t.dims.push_back(static_cast<int64_t>(v)); });
        break;
      case 2: if (f.type == kVarint) t.data_type = f.as_int32(); break;
      case 8: if (f.type == kLen) t.name = Str(f); break;
      case 9:  // raw_data: a bytes field, the last occurrence wins
        if (f.type == kLen) {
          has_raw = true;
          raw_bytes = f.bytes.size();
        }
        break;
      case 4:   // float_data (fixed32)
      case 10: {  // double_data (fixed64)
        const uint64_t width = f.number == 4 ? 4 : 8;
        if (f.type == (f.number == 4 ? kFixed32 : kFixed64)) fixed_bytes += width;
        if (f.type == kLen) {
          if (f.bytes.size() % width != 0) {
            reader.Fail(f.payload_offset, std::string("packed ") + (width == 4 ? "float_data" : "double_data") + " of " +
                                              std::to_string(f.bytes.size()) + " bytes is not a multiple of " +
                                              std::to_string(width));
          }
          fixed_bytes += f.bytes.size();
        }
        break;
      }
      case 5:  // int32_data
      case 7:  // int64_data
      case 11:  // uint64_data
        if (f.type == kVarint) ++varint_values;
        if (f.type == kLen) varint_values += reader.CountPackedVarints(f);
        break;
      case 6:  // string_data
        if (f.type == kLen) {
          ++string_values;
          string_bytes += f.bytes.size();
        }
        break;
      case 13: {  // external_data: StringStringEntryProto {key = 1, value = 2}
        if (f.type != kLen) break;
        WireReader entry = reader.Open(f, "StringStringEntryProto");
        std::pair<std::string, std::string> kv;
        WireField e;
        while (entry.Next(&e)) {
          if (e.is(1, kLen)) kv.first = Str(e);
          if (e.is(2, kLen)) kv.second = Str(e);
        }
        external_data.push_back(std::move(kv));
        break;
      }
      case 14: if (f.type == kVarint) external = f.as_int32() == 1; break;
      default: break;
    }
  }
  if (external) {
    // Read after the loop: the tensor's name, which errors cite, may come after these entries.
    for (const auto& [key, value] : external_data) {
      if (key == "location") t.location = value;
      if (key == "offset") t.offset = ExternalNumber(reader, t.name, key, value);
      if (key == "length") out.external_length = ExternalNumber(reader, t.name, key, value);
    }
    if (t.location.empty()) {
      throw Error(ErrorCategory::kLoad, "while reading '" + std::string(reader.label()) + "': tensor '" + t.name +
                                            "': external data has no location");
    }
    t.storage = TensorSummary::Storage::kExternal;
  } else if (has_raw) {
    t.storage = TensorSummary::Storage::kRaw;
    t.bytes = raw_bytes;
  } else if (fixed_bytes + varint_values + string_values > 0) {
    t.storage = TensorSummary::Storage::kTyped;
    const uint64_t element_size = ElementSize(ElementTypeFromOnnx(t.data_type));
    t.bytes = fixed_bytes + varint_values * element_size + string_bytes;
  }
  if (const auto n = ElementCount(t.dims)) t.elements = static_cast<uint64_t>(*n);
  return out;
}

}  // namespace ortkit::graph
