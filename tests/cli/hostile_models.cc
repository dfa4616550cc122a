// Hostile and broken input files for the CLI tests (see hostile_models.h).
#include "cli/hostile_models.h"

#include <fcntl.h>
#include <unistd.h>

#include <random>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/model_builder.h"
#include "ortkit/error.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

// Protobuf wire format, written by hand where the protobuf API would need the whole message in
// memory (the sparse 2 GiB model) or recursion (the nested model).
void AppendVarint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void AppendTag(std::string& out, int field, int wire_type) {
  AppendVarint(out, (static_cast<uint64_t>(field) << 3) | static_cast<uint64_t>(wire_type));
}

void AppendBytesField(std::string& out, int field, const std::string& bytes) {
  AppendTag(out, field, 2);
  AppendVarint(out, bytes.size());
  out += bytes;
}

void AppendVarintField(std::string& out, int field, uint64_t value) {
  AppendTag(out, field, 0);
  AppendVarint(out, value);
}

std::string Serialized(const google::protobuf::MessageLite& message) {
  std::string bytes;
  if (!message.SerializeToString(&bytes)) throw Error(ErrorCategory::kIo, "cannot serialize a test message");
  return bytes;
}

onnx::ValueInfoProto FloatValue(const std::string& name, const std::vector<int64_t>& dims) {
  onnx::ValueInfoProto value;
  value.set_name(name);
  auto* tensor = value.mutable_type()->mutable_tensor_type();
  tensor->set_elem_type(onnx::TensorProto::FLOAT);
  auto* shape = tensor->mutable_shape();
  for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
  return value;
}

// A graph holding one node (already serialized, attributes included) and one float32[3] output.
std::string GraphBytes(const std::string& name, const std::string& node_bytes, const std::string& output) {
  std::string graph;
  AppendBytesField(graph, 1, node_bytes);  // GraphProto.node
  AppendBytesField(graph, 2, name);        // GraphProto.name
  AppendBytesField(graph, 12, Serialized(FloatValue(output, {3})));  // GraphProto.output
  return graph;
}

std::string IdentityNodeBytes(const std::string& input, const std::string& output) {
  onnx::NodeProto node;
  node.set_op_type("Identity");
  node.add_input(input);
  node.add_output(output);
  return Serialized(node);
}

std::string GraphAttributeBytes(const std::string& name, const std::string& graph_bytes) {
  std::string attribute;
  AppendBytesField(attribute, 1, name);         // AttributeProto.name
  AppendBytesField(attribute, 6, graph_bytes);  // AttributeProto.g
  AppendVarintField(attribute, 20, 5);          // AttributeProto.type = GRAPH
  return attribute;
}

}  // namespace

void WriteTruncatedModel(const std::string& path) {
  const std::string bytes = AddModel();
  WriteFile(path, bytes.substr(0, bytes.size() / 2));
}

void WriteRandomBytes(const std::string& path) {
  std::mt19937 random(7);
  std::string bytes(4096, '\0');
  for (char& c : bytes) c = static_cast<char>(random() & 0xff);
  WriteFile(path, bytes);
}

void WriteTensorProtoAsModel(const std::string& path) {
  WriteFile(path, Serialized(graph::MakeTensor("w", std::vector<float>{1, 2, 3, 4}, Shape{2, 2})));
}

uint64_t WriteSparseOver2GiBModel(const std::string& path) {
  constexpr uint64_t kDataBytes = (uint64_t{9} << 28);  // 2.25 GiB
  std::string tensor_prefix;
  AppendVarintField(tensor_prefix, 1, kDataBytes / 4);           // TensorProto.dims
  AppendVarintField(tensor_prefix, 2, onnx::TensorProto::FLOAT);  // TensorProto.data_type
  AppendBytesField(tensor_prefix, 8, "w");                        // TensorProto.name
  AppendTag(tensor_prefix, 9, 2);                                 // TensorProto.raw_data
  AppendVarint(tensor_prefix, kDataBytes);

  onnx::NodeProto node;
  node.set_op_type("Add");
  node.add_input("x");
  node.add_input("w");
  node.add_output("y");
  const auto n = static_cast<int64_t>(kDataBytes / 4);
  std::string graph_prefix;
  AppendBytesField(graph_prefix, 1, Serialized(node));
  AppendBytesField(graph_prefix, 2, "over_2gib");
  AppendBytesField(graph_prefix, 11, Serialized(FloatValue("x", {n})));
  AppendBytesField(graph_prefix, 12, Serialized(FloatValue("y", {n})));
  AppendTag(graph_prefix, 5, 2);  // GraphProto.initializer, last: its raw_data ends the file
  AppendVarint(graph_prefix, tensor_prefix.size() + kDataBytes);

  onnx::OperatorSetIdProto opset;
  opset.set_version(17);
  std::string model;
  AppendVarintField(model, 1, 8);                     // ModelProto.ir_version
  AppendBytesField(model, 8, Serialized(opset));      // ModelProto.opset_import
  AppendTag(model, 7, 2);                             // ModelProto.graph
  AppendVarint(model, graph_prefix.size() + tensor_prefix.size() + kDataBytes);
  model += graph_prefix;
  model += tensor_prefix;
  WriteFile(path, model);
  const uint64_t size = model.size() + kDataBytes;
  if (::truncate(path.c_str(), static_cast<off_t>(size)) != 0) {
    throw Error(ErrorCategory::kIo, "cannot extend '" + path + "' to " + std::to_string(size) + " bytes");
  }
  return size;
}

void WriteDimsModel(const std::string& path, std::optional<int64_t> x_dim0, const std::vector<int64_t>& w_dims,
                    int w_values) {
  ModelBuilder b("dims");
  b.Input("x", ElementType::kFloat32, {"batch", 3})
      .Node("Add", {"x", "w"}, {"z"}, {}, "add")
      .Output("z", ElementType::kFloat32, {"batch", 3});
  auto* graph = b.proto().mutable_graph();
  if (x_dim0) {
    graph->mutable_input(0)->mutable_type()->mutable_tensor_type()->mutable_shape()->mutable_dim(0)->set_dim_value(*x_dim0);
  }
  onnx::TensorProto w;
  w.set_name("w");
  w.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : w_dims) w.add_dims(d);
  w.set_raw_data(std::string(static_cast<std::size_t>(w_values) * 4, '\0'));
  *graph->add_initializer() = w;
  b.Save(path);
}

void WriteNestedIfModel(const std::string& path, int depth) {
  // Innermost first; each level wraps the previous one as its then_branch.
  std::string inner = GraphBytes("level_0", IdentityNodeBytes("x", "out_0"), "out_0");
  for (int level = 1; level <= depth; ++level) {
    const std::string out = "out_" + std::to_string(level);
    onnx::NodeProto node;
    node.set_op_type("If");
    node.add_input("cond");
    node.add_output(out);
    std::string node_bytes = Serialized(node);
    AppendBytesField(node_bytes, 5, GraphAttributeBytes("then_branch", inner));
    AppendBytesField(node_bytes, 5, GraphAttributeBytes("else_branch",
                                                        GraphBytes("else_" + std::to_string(level),
                                                                   IdentityNodeBytes("x", out + "_else"), out + "_else")));
    inner = GraphBytes("level_" + std::to_string(level), node_bytes, out);
  }
  // The main graph is the last level with the inputs added.
  onnx::ValueInfoProto cond;
  cond.set_name("cond");
  cond.mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::BOOL);
  cond.mutable_type()->mutable_tensor_type()->mutable_shape();
  AppendBytesField(inner, 11, Serialized(cond));
  AppendBytesField(inner, 11, Serialized(FloatValue("x", {3})));
  onnx::OperatorSetIdProto opset;
  opset.set_version(17);
  std::string model;
  AppendVarintField(model, 1, 8);
  AppendBytesField(model, 8, Serialized(opset));
  AppendBytesField(model, 7, inner);
  WriteFile(path, model);
}

void WriteCyclicModel(const std::string& path) {
  ModelBuilder("cycle")
      .Input("x", ElementType::kFloat32, {3})
      .Node("Add", {"x", "b"}, {"c"}, {}, "a")
      .Node("Relu", {"c"}, {"b"}, {}, "b_node")
      .Output("c", ElementType::kFloat32, {3})
      .Save(path);
}

void WriteExternalDataModel(const std::string& path, const std::string& location, uint64_t length) {
  ModelBuilder b("external");
  b.Input("x", ElementType::kFloat32, {4})
      .Node("Add", {"x", "w"}, {"z"}, {}, "add")
      .Output("z", ElementType::kFloat32, {4});
  onnx::TensorProto w;
  w.set_name("w");
  w.set_data_type(onnx::TensorProto::FLOAT);
  w.add_dims(4);
  w.set_data_location(onnx::TensorProto::EXTERNAL);
  auto add = [&w](const std::string& key, const std::string& value) {
    auto* entry = w.add_external_data();
    entry->set_key(key);
    entry->set_value(value);
  };
  add("location", location);
  add("offset", "0");
  add("length", std::to_string(length));
  *b.proto().mutable_graph()->add_initializer() = w;
  b.Save(path);
}

void WriteHugeClaimTensorPb(const std::string& path) {
  onnx::TensorProto t;
  t.set_name("x");
  t.set_data_type(onnx::TensorProto::FLOAT);
  t.add_dims(int64_t{1} << 30);
  t.set_raw_data(std::string(16, '\0'));
  WriteFile(path, Serialized(t));
}

namespace {

std::string NpyWithHeader(const std::string& header_text) {
  std::string header = header_text;
  while ((10 + header.size() + 1) % 64 != 0) header.push_back(' ');
  header.push_back('\n');
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xff));
  out.push_back(static_cast<char>(header.size() >> 8));
  return out + header;
}

}  // namespace

void WriteHugeClaimNpy(const std::string& path) {
  WriteFile(path, NpyWithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1073741824, 4), }") +
                      std::string(16, '\0'));
}

void WriteBadHeaderNpy(const std::string& path) {
  WriteFile(path, NpyWithHeader("{'descr': __import__('os').system('true'), 'shape': (((((") + std::string(16, '\0'));
}

void WriteHeaderPastEndNpy(const std::string& path) {
  std::string out("\x93NUMPY\x02\x00", 8);
  out += std::string("\xff\xff\xff\x7f", 4);  // version 2: a 4-byte header length, 2 GiB
  out += "{'descr': '<f4', ";
  WriteFile(path, out);
}

void WriteConvTransposeRank2WeightModel(const std::string& path) {
  graph::ModelBuilder b("convtranspose_rank2_weight", 11, 6);
  b.Input("X", ElementType::kFloat32, Shape{1, 1, 33, 3})
      .Input("W", ElementType::kFloat32, Shape{1, 2})
      .Output("Y", ElementType::kFloat32, Shape{1, 2, 5, 5})
      .Node("ConvTranspose", {"X", "W"}, {"Y"}, {}, "deconv");
  b.Save(path);
}

}  // namespace ortkit::testing
