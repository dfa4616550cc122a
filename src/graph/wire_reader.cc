// The protobuf wire-format reader: every read is checked against the bytes left in its message.
#include "graph/wire_reader.h"

#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

constexpr int kMaxVarintBytes = 10;  // 64 bits in 7-bit groups

const char* WireTypeName(WireType type) {
  switch (type) {
    case WireType::kVarint: return "varint";
    case WireType::kFixed64: return "fixed64";
    case WireType::kLengthDelimited: return "length-delimited";
    case WireType::kStartGroup: return "start-group";
    case WireType::kEndGroup: return "end-group";
    case WireType::kFixed32: return "fixed32";
  }
  return "?";
}

std::string FieldName(uint32_t number) { return "field " + std::to_string(number); }

}  // namespace

WireReader::WireReader(std::string_view data, std::string_view label, const char* message, uint64_t base_offset,
                       int depth)
    : data_(data), label_(label), message_(message), base_offset_(base_offset), depth_(depth) {}

void WireReader::Fail(uint64_t offset, const std::string& what) const {
  throw Error(ErrorCategory::kLoad, "while reading '" + std::string(label_) + "': malformed protobuf at byte " +
                                        std::to_string(offset) + " (in " + message_ + "): " + what);
}

uint64_t WireReader::ReadVarint(const char* what) {
  const std::size_t start = pos_;
  uint64_t result = 0;
  for (int i = 0; i < kMaxVarintBytes; ++i) {
    if (pos_ >= data_.size()) Fail(base_offset_ + start, std::string("truncated ") + what);
    const auto byte = static_cast<uint8_t>(data_[pos_++]);
    // Bits past the 64th (in the 10th byte) are dropped, as protobuf drops them.
    result |= static_cast<uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) return result;
  }
  Fail(base_offset_ + start, std::string(what) + " longer than 10 bytes");
}

void WireReader::ReadField(WireField* field) {
  const std::size_t start = pos_;
  const uint64_t key = ReadVarint("field key");
  if (key > 0xffffffffu) Fail(base_offset_ + start, "field key " + std::to_string(key) + " is over 32 bits");
  const auto number = static_cast<uint32_t>(key >> 3);
  const auto type = static_cast<uint32_t>(key & 7);
  if (number == 0) Fail(base_offset_ + start, "field number 0 is not allowed");
  if (type > 5) Fail(base_offset_ + start, FieldName(number) + " has wire type " + std::to_string(type) + ", which does not exist");
  field->number = number;
  field->type = static_cast<WireType>(type);
  field->value = 0;
  field->bytes = {};
  field->payload_offset = 0;
  const std::size_t left = data_.size() - pos_;
  switch (field->type) {
    case WireType::kVarint:
      field->value = ReadVarint("varint");
      break;
    case WireType::kFixed64:
    case WireType::kFixed32: {
      const std::size_t size = field->type == WireType::kFixed64 ? 8 : 4;
      if (left < size) {
        Fail(base_offset_ + start, FieldName(number) + " (" + WireTypeName(field->type) + ") needs " + std::to_string(size) +
                                       " bytes, " + std::to_string(left) + " left");
      }
      // Little-endian by definition, whatever the host's byte order.
      for (std::size_t i = 0; i < size; ++i) {
        field->value |= static_cast<uint64_t>(static_cast<uint8_t>(data_[pos_ + i])) << (8 * i);
      }
      pos_ += size;
      break;
    }
    case WireType::kLengthDelimited: {
      const uint64_t length = ReadVarint("length");
      const std::size_t rest = data_.size() - pos_;
      if (length > rest) {
        Fail(base_offset_ + start, FieldName(number) + " has length " + std::to_string(length) + " but only " +
                                       std::to_string(rest) + " bytes are left");
      }
      field->payload_offset = base_offset_ + pos_;
      field->bytes = data_.substr(pos_, static_cast<std::size_t>(length));
      pos_ += static_cast<std::size_t>(length);
      break;
    }
    case WireType::kStartGroup:
    case WireType::kEndGroup:
      break;
  }
  field->raw = data_.substr(start, pos_ - start);
}

void WireReader::SkipGroup(uint32_t number, int depth) {
  const std::size_t start = pos_;
  if (depth > kMaxDepth) Fail(base_offset_ + start, "nested deeper than " + std::to_string(kMaxDepth) + " levels");
  WireField inner;
  while (true) {
    if (pos_ >= data_.size()) Fail(base_offset_ + start, "group (" + FieldName(number) + ") has no end-group key");
    const std::size_t at = pos_;
    ReadField(&inner);
    if (inner.type == WireType::kStartGroup) SkipGroup(inner.number, depth + 1);
    if (inner.type != WireType::kEndGroup) continue;
    if (inner.number != number) {
      Fail(base_offset_ + at, "end-group key of " + FieldName(inner.number) + " inside the group of " + FieldName(number));
    }
    return;
  }
}

bool WireReader::Next(WireField* field) {
  if (pos_ >= data_.size()) return false;
  const std::size_t start = pos_;
  ReadField(field);
  if (field->type == WireType::kEndGroup) {
    Fail(base_offset_ + start, "end-group key (" + FieldName(field->number) + ") without a start-group key");
  }
  if (field->type == WireType::kStartGroup) {
    SkipGroup(field->number, depth_ + 1);
    field->raw = data_.substr(start, pos_ - start);
  }
  return true;
}

WireReader WireReader::Open(const WireField& field, const char* message) const {
  if (depth_ + 1 > kMaxDepth) {
    Fail(field.payload_offset, "messages nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  return WireReader(field.bytes, label_, message, field.payload_offset, depth_ + 1);
}

uint64_t WireReader::CountPackedVarints(const WireField& field) const {
  uint64_t count = 0;
  int run = 0;  // continuation bytes since the last varint ended
  for (std::size_t i = 0; i < field.bytes.size(); ++i) {
    if (static_cast<uint8_t>(field.bytes[i]) & 0x80) {
      if (++run >= kMaxVarintBytes) Fail(field.payload_offset + i + 1 - run, "packed varint longer than 10 bytes");
    } else {
      ++count;
      run = 0;
    }
  }
  if (run > 0) Fail(field.payload_offset + field.bytes.size() - run, "truncated packed varint");
  return count;
}

}  // namespace ortkit::graph
