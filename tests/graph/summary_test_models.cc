// Test models for `ortkit inspect`, built with ModelBuilder and, where needed, by hand on the wire.
#include "graph/summary_test_models.h"

#include "graph/model_builder.h"

namespace ortkit::testing {
namespace {

using graph::ModelBuilder;

onnx::AttributeProto GraphAttr(const std::string& name, const onnx::GraphProto& g) {
  onnx::AttributeProto a;
  a.set_name(name);
  a.set_type(onnx::AttributeProto::GRAPH);
  *a.mutable_g() = g;
  return a;
}

// A branch graph with one node op(x) -> out: float32[2], and no inputs (If branches take none).
onnx::GraphProto Branch(const std::string& name, const std::string& op, const std::string& out) {
  return ModelBuilder(name).Node(op, {"x"}, {out}).Output(out, ElementType::kFloat32, {2}).proto().graph();
}

}  // namespace

std::string WireVarint(uint64_t value) {
  std::string out;
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
  return out;
}

std::string WireKey(uint32_t number, int wire_type) {
  return WireVarint((uint64_t{number} << 3) | static_cast<uint64_t>(wire_type));
}

std::string WireLen(uint32_t number, const std::string& payload) {
  return WireKey(number, 2) + WireVarint(payload.size()) + payload;
}

onnx::ModelProto NestedIfModel() {
  ModelBuilder then_branch("then");
  then_branch.Initializer("t_bias", std::vector<float>{1, 2}, {2})
      .Node("Add", {"x", "t_bias"}, {"y_then"}, {}, "then_add")
      .Output("y_then", ElementType::kFloat32, {2});
  ModelBuilder else_branch("else");
  else_branch.Node("If", {"cond"}, {"y_else"}).Output("y_else", ElementType::kFloat32, {2});
  onnx::NodeProto* inner = else_branch.proto().mutable_graph()->mutable_node(0);
  *inner->add_attribute() = GraphAttr("then_branch", Branch("inner_then", "Identity", "a"));
  *inner->add_attribute() = GraphAttr("else_branch", Branch("inner_else", "Neg", "b"));

  ModelBuilder main("main");
  main.Input("cond", ElementType::kBool, {})
      .Input("x", ElementType::kFloat32, {2})
      .Node("If", {"cond"}, {"y"}, {}, "outer_if")
      .Output("y", ElementType::kFloat32, {2});
  onnx::NodeProto* outer = main.proto().mutable_graph()->mutable_node(0);
  *outer->add_attribute() = GraphAttr("then_branch", then_branch.proto().graph());
  *outer->add_attribute() = GraphAttr("else_branch", else_branch.proto().graph());
  return main.proto();
}

onnx::ModelProto GraphsAttributeModel() {
  ModelBuilder main("main");
  main.Opset("com.example", 1)
      .Input("x", ElementType::kFloat32, {2})
      .Node("Multi", {"x"}, {"y"}, {}, "multi", "com.example")
      .Output("y", ElementType::kFloat32, {2});
  onnx::AttributeProto* a = main.proto().mutable_graph()->mutable_node(0)->add_attribute();
  a->set_name("bodies");
  a->set_type(onnx::AttributeProto::GRAPHS);
  *a->add_graphs() = Branch("body0", "Identity", "p");
  *a->add_graphs() = Branch("body1", "Neg", "q");
  return main.proto();
}

onnx::ModelProto TypedFieldsModel() {
  auto tensor = [](const std::string& name, onnx::TensorProto::DataType type, std::vector<int64_t> dims) {
    onnx::TensorProto t;
    t.set_name(name);
    t.set_data_type(type);
    for (int64_t d : dims) t.add_dims(d);
    return t;
  };
  onnx::TensorProto f = tensor("f", onnx::TensorProto::FLOAT, {3});
  for (float v : {1.0f, 2.0f, 3.0f}) f.add_float_data(v);
  onnx::TensorProto i64 = tensor("i64", onnx::TensorProto::INT64, {4});
  for (int64_t v : {1, -2, 300, 4}) i64.add_int64_data(v);
  onnx::TensorProto s = tensor("s", onnx::TensorProto::STRING, {2});
  s.add_string_data("ab");
  s.add_string_data("cde");
  onnx::TensorProto h = tensor("h", onnx::TensorProto::FLOAT16, {2});
  h.add_int32_data(15360);  // 1.0 in float16
  h.add_int32_data(16384);  // 2.0
  onnx::TensorProto value = tensor("", onnx::TensorProto::DOUBLE, {});
  value.add_double_data(0.5);
  ModelBuilder b("typed");
  b.Initializer(f).Initializer(i64).Initializer(s).Initializer(h).Initializer(tensor("empty", onnx::TensorProto::FLOAT, {0}))
      .Node("Constant", {}, {"c"}, {graph::Attr::Tensor("value", value)}, "const")
      .Output("c", ElementType::kFloat64, {});
  return b.proto();
}

std::string UnpackedInitializerFragment() {
  std::string tensor = WireKey(1, 0) + WireVarint(2) + WireKey(1, 0) + WireVarint(1);  // dims 2, 1
  tensor += WireKey(2, 0) + WireVarint(1);                                              // FLOAT
  tensor += WireLen(8, "unpacked");
  for (int i = 0; i < 2; ++i) tensor += WireKey(4, 5) + std::string("\0\0\x80\x3f", 4);  // 1.0f, unpacked
  return WireLen(7, WireLen(5, tensor));
}

onnx::ModelProto WeightsModel(int64_t n) {
  const auto count = static_cast<std::size_t>(n);
  ModelBuilder b("weights");
  b.Input("x", ElementType::kFloat32, {"batch", n})
      .Initializer("w", graph::SeededWeights(count * count, 0.1f, 1), {n, n})
      .Initializer("b", graph::SeededWeights(count, 0.1f, 2), {n})
      .Node("MatMul", {"x", "w"}, {"h"}, {}, "matmul")
      .Node("Add", {"h", "b"}, {"y"}, {}, "add")
      .Output("y", ElementType::kFloat32, {"batch", n});
  return b.proto();
}

onnx::ModelProto ExternalRefModel(const std::vector<std::pair<std::string, std::string>>& entries) {
  onnx::TensorProto w;
  w.set_name("w");
  w.set_data_type(onnx::TensorProto::FLOAT);
  w.add_dims(4);
  w.set_data_location(onnx::TensorProto::EXTERNAL);
  for (const auto& [key, value] : entries) {
    auto* e = w.add_external_data();
    e->set_key(key);
    e->set_value(value);
  }
  ModelBuilder b("external");
  b.Initializer(w).Node("Identity", {"w"}, {"y"}).Output("y", ElementType::kFloat32, {4});
  return b.proto();
}

onnx::ModelProto TypesModel() {
  ModelBuilder b("types");
  onnx::GraphProto* g = b.proto().mutable_graph();
  auto input = [g](const std::string& name) {
    onnx::ValueInfoProto* v = g->add_input();
    v->set_name(name);
    return v->mutable_type();
  };
  onnx::TypeProto::Map* map = input("m")->mutable_map_type();
  map->set_key_type(onnx::TensorProto::INT64);
  map->mutable_value_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  auto* optional = input("o")->mutable_optional_type()->mutable_elem_type()->mutable_tensor_type();
  optional->set_elem_type(onnx::TensorProto::INT32);
  optional->mutable_shape()->add_dim()->set_dim_param("n");
  auto* sparse = input("s")->mutable_sparse_tensor_type();
  sparse->set_elem_type(onnx::TensorProto::DOUBLE);
  sparse->mutable_shape()->add_dim()->set_dim_value(5);
  auto* seq_map = input("q")->mutable_sequence_type()->mutable_elem_type()->mutable_map_type();
  seq_map->set_key_type(onnx::TensorProto::STRING);
  seq_map->mutable_value_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
  input("u");
  *g->add_output() = g->input(1);
  return b.proto();
}

std::string OddFloatDataModel() { return WireLen(7, WireLen(5, WireLen(4, std::string(7, '\x01')))); }

}  // namespace ortkit::testing
