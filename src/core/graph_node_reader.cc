// A minimal protobuf wire-format walk over ModelProto -> GraphProto -> NodeProto (onnx.proto
// field numbers), reading only what ReadNodePlacement needs.
#include "core/graph_node_reader.h"

#include <cstdint>

#include "ortkit/error.h"

namespace ortkit::core {
namespace {

// onnx.proto field numbers.
constexpr int kModelGraph = 7;
constexpr int kGraphNode = 1;
constexpr int kNodeName = 3;
constexpr int kNodeOpType = 4;
constexpr int kNodeAttribute = 5;
constexpr int kAttributeGraph = 6;
constexpr int kAttributeGraphs = 11;

class WireReader {
 public:
  WireReader(std::string_view bytes, const std::string& label, std::size_t base)
      : bytes_(bytes), label_(label), base_(base) {}

  bool done() const { return pos_ >= bytes_.size(); }

  // Reads the next field: its number, and its payload when length-delimited (other wire types
  // are skipped and leave `payload` empty).
  int Next(std::string_view& payload) {
    const uint64_t key = Varint();
    const int wire_type = static_cast<int>(key & 7);
    payload = {};
    switch (wire_type) {
      case 0: Varint(); break;
      case 1: Skip(8); break;
      case 2: {
        const uint64_t size = Varint();
        if (size > bytes_.size() - pos_) Fail();
        payload = bytes_.substr(pos_, size);
        payload_offset_ = base_ + pos_;
        pos_ += size;
        break;
      }
      case 5: Skip(4); break;
      default: Fail();
    }
    return static_cast<int>(key >> 3);
  }

  // Where the last length-delimited payload starts in the whole model, for nested readers.
  std::size_t payload_offset() const { return payload_offset_; }

 private:
  uint64_t Varint() {
    uint64_t value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= bytes_.size()) Fail();
      const auto byte = static_cast<uint8_t>(bytes_[pos_++]);
      value |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return value;
    }
    Fail();
  }
  void Skip(std::size_t n) {
    if (n > bytes_.size() - pos_) Fail();
    pos_ += n;
  }
  [[noreturn]] void Fail() const {
    throw Error(ErrorCategory::kLoad, "while reading the graph of '" + label_ +
                                          "': malformed protobuf at byte " + std::to_string(base_ + pos_));
  }

  std::string_view bytes_;
  const std::string& label_;
  std::size_t base_;
  std::size_t pos_ = 0;
  std::size_t payload_offset_ = 0;
};

void ReadGraph(std::string_view graph, std::size_t base, const std::string& label, std::vector<GraphNode>& out);

void ReadNode(std::string_view node, std::size_t base, const std::string& label, std::vector<GraphNode>& out) {
  GraphNode current;
  std::vector<std::pair<std::string_view, std::size_t>> subgraphs;  // read after the node itself
  WireReader reader(node, label, base);
  std::string_view payload;
  while (!reader.done()) {
    const int field = reader.Next(payload);
    if (field == kNodeName) {
      current.name = std::string(payload);
    } else if (field == kNodeOpType) {
      current.op_type = std::string(payload);
    } else if (field == kNodeAttribute) {
      WireReader attribute(payload, label, reader.payload_offset());
      std::string_view value;
      while (!attribute.done()) {
        const int attribute_field = attribute.Next(value);
        if (attribute_field == kAttributeGraph || attribute_field == kAttributeGraphs) {
          subgraphs.emplace_back(value, attribute.payload_offset());
        }
      }
    }
  }
  out.push_back(std::move(current));
  for (const auto& [graph, offset] : subgraphs) ReadGraph(graph, offset, label, out);
}

void ReadGraph(std::string_view graph, std::size_t base, const std::string& label, std::vector<GraphNode>& out) {
  WireReader reader(graph, label, base);
  std::string_view payload;
  while (!reader.done()) {
    if (reader.Next(payload) == kGraphNode) ReadNode(payload, reader.payload_offset(), label, out);
  }
}

}  // namespace

std::vector<GraphNode> ReadGraphNodes(std::string_view model_bytes, const std::string& label) {
  std::vector<GraphNode> nodes;
  WireReader reader(model_bytes, label, 0);
  std::string_view payload;
  while (!reader.done()) {
    if (reader.Next(payload) == kModelGraph) ReadGraph(payload, reader.payload_offset(), label, nodes);
  }
  return nodes;
}

}  // namespace ortkit::core
