// WireReader: a bounds-checked reader of the protobuf wire format over a byte span, so that models
// can be scanned field by field without parsing them into messages (or copying their weights).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ortkit::graph {

/// Protobuf wire types (https://protobuf.dev/programming-guides/encoding/).
enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

/// One field as read. Views point into the reader's span: nothing is copied.
struct WireField {
  uint32_t number = 0;
  WireType type = WireType::kVarint;
  /// kVarint: the varint as read (64 bits); kFixed32/kFixed64: the little-endian value.
  uint64_t value = 0;
  /// kLengthDelimited: the payload.
  std::string_view bytes;
  /// The whole field as encoded, key included (a group: through its end-group key).
  std::string_view raw;
  /// Where the payload starts, in bytes from the start of the file (kLengthDelimited).
  uint64_t payload_offset = 0;

  bool is(uint32_t n, WireType t) const noexcept { return number == n && type == t; }
  /// The varint as protobuf reads it into an int64 / int32 field (two's complement, truncated).
  int64_t as_int64() const noexcept { return static_cast<int64_t>(value); }
  int32_t as_int32() const noexcept { return static_cast<int32_t>(static_cast<uint32_t>(value)); }
};

/// Reads the fields of one message, in order. Every length is checked against the bytes left, and
/// nesting (sub-messages and groups) is limited to kMaxDepth, so no input, however malformed, reads
/// outside the span or recurses without bound. Malformed input throws ortkit::Error (kLoad):
/// "while reading '<label>': malformed protobuf at byte <offset> (in <message>): <what>".
///
/// The reader keeps views of `data`, `label` and `message`: they must outlive it.
class WireReader {
 public:
  /// Protobuf's own default recursion limit.
  static constexpr int kMaxDepth = 100;

  /// `data` is a message's encoding that starts `base_offset` bytes into the file `label`;
  /// `message` names its type in errors ("ModelProto").
  WireReader(std::string_view data, std::string_view label, const char* message, uint64_t base_offset = 0,
             int depth = 0);

  /// Reads the next field into `*field`; false at the end of the message. Groups (unused by ONNX,
  /// but valid protobuf) are skipped whole, as unknown fields are.
  bool Next(WireField* field);

  /// A reader of `field`'s payload (a length-delimited field of this reader) as the message type
  /// `message`, one nesting level deeper. Throws when that exceeds kMaxDepth.
  WireReader Open(const WireField& field, const char* message) const;

  /// Calls `fn(uint64_t)` for each varint of a packed repeated field's payload (`field` is
  /// length-delimited), checking that the payload holds only whole varints.
  template <typename Fn>
  void ForEachPackedVarint(const WireField& field, Fn&& fn) const;

  /// The number of varints in a packed repeated field's payload, read but not decoded.
  uint64_t CountPackedVarints(const WireField& field) const;

  /// Throws the malformed-input error for `offset` (bytes from the start of the file).
  [[noreturn]] void Fail(uint64_t offset, const std::string& what) const;

  std::string_view label() const noexcept { return label_; }
  int depth() const noexcept { return depth_; }

 private:
  // Reads a varint at pos_, advancing it; fails at the end of data_ or after 10 bytes.
  uint64_t ReadVarint(const char* what);
  // Skips a group whose start key (field `number`) was just read; `depth` counts nested groups.
  void SkipGroup(uint32_t number, int depth);
  // Reads one key and its value at pos_ (no group skipping).
  void ReadField(WireField* field);

  std::string_view data_;
  std::size_t pos_ = 0;
  std::string_view label_;
  const char* message_;
  uint64_t base_offset_;
  int depth_;
};

template <typename Fn>
void WireReader::ForEachPackedVarint(const WireField& field, Fn&& fn) const {
  WireReader packed(field.bytes, label_, message_, field.payload_offset, depth_);
  while (packed.pos_ < packed.data_.size()) fn(packed.ReadVarint("packed varint"));
}

}  // namespace ortkit::graph
