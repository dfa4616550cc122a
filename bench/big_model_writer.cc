// The big model is written as: ModelProto's own fields, then the graph field's key and length,
// then the graph in three parts (nodes and name; each big initializer with its streamed raw_data;
// inputs, outputs and small initializers). Protobuf accepts fields in any order.
#include "big_model_writer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "graph/model_builder.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

using graph::ModelBuilder;

constexpr std::size_t kChunkFloats = std::size_t{1} << 20;  // 4 MiB of float32

std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
  return out;
}

std::string LengthKey(uint32_t number, uint64_t length) { return Varint((uint64_t{number} << 3) | 2) + Varint(length); }

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

class Writer {
 public:
  explicit Writer(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
    if (!file_) Fail();
  }
  void Write(const void* data, std::size_t size) {
    if (std::fwrite(data, 1, size, file_.get()) != size) Fail();
    written_ += size;
  }
  void Write(const std::string& s) { Write(s.data(), s.size()); }
  uint64_t Close() {
    if (std::fclose(file_.release()) != 0) Fail();
    return written_;
  }

 private:
  [[noreturn]] void Fail() const { throw Error(ErrorCategory::kIo, "while writing '" + path_ + "': write failed"); }
  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  uint64_t written_ = 0;
};

}  // namespace

BigModelSpec SpecForSize(uint64_t mib, int layers) {
  BigModelSpec spec;
  spec.layers = layers;
  const double floats_per_layer = static_cast<double>(mib) * 1024 * 1024 / 4 / layers;
  spec.width = static_cast<int64_t>(std::sqrt(floats_per_layer));
  return spec;
}

uint64_t WriteBigModel(const std::string& path, const BigModelSpec& spec) {
  const int64_t d = spec.width;
  const auto width = static_cast<std::size_t>(d);
  ModelBuilder b("big", 17, 8);
  b.Producer("ortkit_inspect_bench", "1").Input("x", ElementType::kFloat32, {"batch", d});
  std::vector<onnx::TensorProto> big;  // name, type and dims only: raw_data is streamed below
  std::string prev = "x";
  for (int i = 0; i < spec.layers; ++i) {
    const std::string n = std::to_string(i);
    onnx::TensorProto w;
    w.set_name("w" + n);
    w.set_data_type(onnx::TensorProto::FLOAT);
    w.add_dims(d);
    w.add_dims(d);
    big.push_back(w);
    b.Initializer("b" + n, graph::SeededWeights(width, 0.01f, 1000u + static_cast<uint32_t>(i)), {d})
        .Node("MatMul", {prev, "w" + n}, {"mm" + n}, {}, "layer" + n + "/MatMul")
        .Node("Add", {"mm" + n, "b" + n}, {"add" + n}, {}, "layer" + n + "/Add")
        .Node("Relu", {"add" + n}, {"relu" + n}, {}, "layer" + n + "/Relu");
    prev = "relu" + n;
  }
  b.Node("Identity", {prev}, {"y"}, {}, "output").Output("y", ElementType::kFloat32, {"batch", d});

  onnx::ModelProto model_fields = b.proto();
  model_fields.clear_graph();
  onnx::GraphProto head = b.proto().graph();  // nodes and name
  head.clear_input();
  head.clear_output();
  head.clear_initializer();
  onnx::GraphProto tail = b.proto().graph();  // inputs, outputs and the small initializers
  tail.clear_node();
  tail.clear_name();

  const uint64_t raw_bytes = uint64_t{width} * width * 4;
  std::vector<std::string> headers;  // each big initializer up to its raw_data payload
  uint64_t graph_size = head.ByteSizeLong() + tail.ByteSizeLong();
  for (const onnx::TensorProto& t : big) {
    const std::string fields = t.SerializeAsString() + LengthKey(9, raw_bytes);
    const uint64_t tensor_size = fields.size() + raw_bytes;
    headers.push_back(LengthKey(5, tensor_size) + fields);
    graph_size += headers.back().size() + raw_bytes;
  }

  Writer out(path);
  out.Write(model_fields.SerializeAsString());
  out.Write(LengthKey(7, graph_size));
  out.Write(head.SerializeAsString());
  for (std::size_t i = 0; i < big.size(); ++i) {
    out.Write(headers[i]);
    for (uint64_t done = 0; done < raw_bytes;) {
      const std::size_t n = static_cast<std::size_t>(std::min<uint64_t>(kChunkFloats, (raw_bytes - done) / 4));
      const std::vector<float> chunk = graph::SeededWeights(n, 0.01f, static_cast<uint32_t>(i * 100000 + done / 4));
      // Little-endian floats are ONNX's raw_data layout, and this host's (x86-64, arm64).
      out.Write(chunk.data(), n * 4);
      done += n * 4;
    }
  }
  out.Write(tail.SerializeAsString());
  return out.Close();
}

}  // namespace ortkit::bench
