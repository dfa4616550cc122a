// Tests of value files: SequenceProto, MapProto and OptionalProto, and their refusals.
#include <gtest/gtest.h>
#include <onnx/onnx-data_pb.h>

#include <vector>

#include "io/io_test_util.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

using testing_io::IoErrorOf;
using testing_io::ScratchDir;

void SetFloats(onnx::TensorProto* t, const std::vector<int64_t>& dims, const std::vector<float>& v) {
  t->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) t->add_dims(d);
  for (float x : v) t->add_float_data(x);
}

std::string Write(const ScratchDir& dir, const google::protobuf::MessageLite& message) {
  return dir.Write("v.pb", message.SerializeAsString());
}

onnx::SequenceProto TwoTensorSequence() {
  onnx::SequenceProto seq;
  seq.set_elem_type(onnx::SequenceProto::TENSOR);
  SetFloats(seq.add_tensor_values(), {2}, {1, 2});
  SetFloats(seq.add_tensor_values(), {1, 3}, {3, 4, 5});
  return seq;
}

TEST(ValueProtoTest, ReadsASequenceOfTensors) {
  ScratchDir dir;
  const Value v = ReadValueProto(Write(dir, TwoTensorSequence()), ValueKind::kSequence);
  ASSERT_EQ(v.kind(), ValueKind::kSequence);
  ASSERT_EQ(v.sequence().size(), 2u);
  EXPECT_EQ(v.sequence()[1].tensor().Describe(), "float32[1,3]");
  EXPECT_EQ(v.sequence()[1].tensor().data_as<float>()[2], 5.0f);
}

TEST(ValueProtoTest, ReadsNestedAndEmptySequences) {
  ScratchDir dir;
  onnx::SequenceProto outer;
  outer.set_elem_type(onnx::SequenceProto::SEQUENCE);
  *outer.add_sequence_values() = TwoTensorSequence();
  outer.add_sequence_values()->set_elem_type(onnx::SequenceProto::TENSOR);  // empty
  const Value v = ReadValueProto(Write(dir, outer), ValueKind::kSequence);
  ASSERT_EQ(v.sequence().size(), 2u);
  EXPECT_EQ(v.sequence()[0].sequence().size(), 2u);
  EXPECT_TRUE(v.sequence()[1].sequence().empty());

  onnx::SequenceProto untyped;
  untyped.set_elem_type(onnx::SequenceProto::UNDEFINED);
  EXPECT_TRUE(ReadValueProto(Write(dir, untyped), ValueKind::kSequence).sequence().empty());
}

TEST(ValueProtoTest, ReadsASequenceOfOptionals) {
  ScratchDir dir;
  onnx::SequenceProto seq;
  seq.set_elem_type(onnx::SequenceProto::OPTIONAL);
  seq.add_optional_values()->set_elem_type(onnx::OptionalProto::TENSOR);  // no value: None
  auto* present = seq.add_optional_values();
  present->set_elem_type(onnx::OptionalProto::TENSOR);
  SetFloats(present->mutable_tensor_value(), {}, {7});
  const Value v = ReadValueProto(Write(dir, seq), ValueKind::kSequence);
  ASSERT_EQ(v.sequence().size(), 2u);
  EXPECT_TRUE(v.sequence()[0].is_none());
  EXPECT_EQ(v.sequence()[1].tensor().Describe(), "float32[]");
}

TEST(ValueProtoTest, ReadsAMapOfScalarsAsOneValuesTensor) {
  ScratchDir dir;
  onnx::MapProto map;
  map.set_key_type(onnx::TensorProto::INT64);
  map.add_keys(10);
  map.add_keys(-20);
  auto* values = map.mutable_values();
  values->set_elem_type(onnx::SequenceProto::TENSOR);
  SetFloats(values->add_tensor_values(), {}, {0.5f});
  SetFloats(values->add_tensor_values(), {1}, {1.5f});  // a 1-element tensor stacks too
  const Value v = ReadValueProto(Write(dir, map), ValueKind::kMap);
  ASSERT_EQ(v.kind(), ValueKind::kMap);
  EXPECT_EQ(v.map_keys().Describe(), "int64[2]");
  EXPECT_EQ(v.map_keys().data_as<int64_t>()[1], -20);
  ASSERT_TRUE(v.map_values().is_tensor());
  EXPECT_EQ(v.map_values().tensor().Describe(), "float32[2]");
  EXPECT_EQ(v.map_values().tensor().data_as<float>()[1], 1.5f);
}

TEST(ValueProtoTest, ReadsAMapWithStringKeysAndNarrowIntegerKeys) {
  ScratchDir dir;
  onnx::MapProto map;
  map.set_key_type(onnx::TensorProto::STRING);
  map.add_string_keys("a");
  auto* values = map.mutable_values();
  values->set_elem_type(onnx::SequenceProto::TENSOR);
  auto* s = values->add_tensor_values();
  s->set_data_type(onnx::TensorProto::STRING);
  s->add_string_data("alpha");
  const Value v = ReadValueProto(Write(dir, map), ValueKind::kMap);
  EXPECT_EQ(v.map_keys().strings(), std::vector<std::string>{"a"});
  EXPECT_EQ(v.map_values().tensor().strings(), std::vector<std::string>{"alpha"});

  onnx::MapProto narrow;
  narrow.set_key_type(onnx::TensorProto::UINT8);
  narrow.add_keys(255);
  SetFloats(narrow.mutable_values()->add_tensor_values(), {}, {1});
  narrow.mutable_values()->set_elem_type(onnx::SequenceProto::TENSOR);
  const Value n = ReadValueProto(Write(dir, narrow), ValueKind::kMap);
  EXPECT_EQ(n.map_keys().data_as<uint8_t>()[0], 255);
}

TEST(ValueProtoTest, KeepsMapValuesThatAreNotScalarsAsASequence) {
  ScratchDir dir;
  onnx::MapProto map;
  map.set_key_type(onnx::TensorProto::INT32);
  map.add_keys(1);
  map.add_keys(2);
  *map.mutable_values() = TwoTensorSequence();
  const Value v = ReadValueProto(Write(dir, map), ValueKind::kMap);
  EXPECT_EQ(v.map_keys().Describe(), "int32[2]");
  ASSERT_EQ(v.map_values().kind(), ValueKind::kSequence);
  EXPECT_EQ(v.map_values().sequence()[0].tensor().Describe(), "float32[2]");

  onnx::MapProto empty;
  empty.set_key_type(onnx::TensorProto::INT64);
  const Value e = ReadValueProto(Write(dir, empty), ValueKind::kMap);
  EXPECT_EQ(e.map_keys().Describe(), "int64[0]");
  EXPECT_TRUE(e.map_values().sequence().empty());
}

TEST(ValueProtoTest, ReadsOptionalsWithAndWithoutValues) {
  ScratchDir dir;
  onnx::OptionalProto none;
  none.set_name("o");
  EXPECT_TRUE(ReadValueProto(Write(dir, none), ValueKind::kOptional).is_none());

  onnx::OptionalProto typed_none;
  typed_none.set_elem_type(onnx::OptionalProto::SEQUENCE);
  EXPECT_TRUE(ReadValueProto(Write(dir, typed_none), ValueKind::kOptional).is_none());

  onnx::OptionalProto tensor;
  tensor.set_elem_type(onnx::OptionalProto::TENSOR);
  SetFloats(tensor.mutable_tensor_value(), {2}, {1, 2});
  EXPECT_EQ(ReadValueProto(Write(dir, tensor), ValueKind::kOptional).tensor().Describe(),
            "float32[2]");

  onnx::OptionalProto seq;
  seq.set_elem_type(onnx::OptionalProto::SEQUENCE);
  *seq.mutable_sequence_value() = TwoTensorSequence();
  EXPECT_EQ(ReadValueProto(Write(dir, seq), ValueKind::kOptional).sequence().size(), 2u);

  onnx::OptionalProto nested;
  nested.set_elem_type(onnx::OptionalProto::OPTIONAL);
  *nested.mutable_optional_value() = tensor;
  EXPECT_TRUE(ReadValueProto(Write(dir, nested), ValueKind::kOptional).is_tensor());
}

TEST(ValueProtoTest, ReadsKindTensorAsATensorProto) {
  ScratchDir dir;
  onnx::TensorProto t;
  SetFloats(&t, {1}, {3});
  EXPECT_EQ(ReadValueProto(Write(dir, t), ValueKind::kTensor).tensor().Describe(), "float32[1]");
}

// ---- refusals ----

TEST(ValueProtoTest, RefusesSequenceElementsInTheWrongList) {
  ScratchDir dir;
  onnx::SequenceProto seq = TwoTensorSequence();
  seq.set_elem_type(onnx::SequenceProto::MAP);
  const std::string path = Write(dir, seq);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path, ValueKind::kSequence); }),
            "'" + path + "': sequence elem_type is MAP but it holds 2 tensor_values");
  seq.set_elem_type(onnx::SequenceProto::UNDEFINED);
  const std::string path2 = Write(dir, seq);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path2, ValueKind::kSequence); }),
            "'" + path2 + "': sequence elem_type is UNDEFINED but it holds 2 tensor_values");
  seq.Clear();
  seq.set_elem_type(42);
  const std::string path3 = Write(dir, seq);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path3, ValueKind::kSequence); }),
            "'" + path3 + "': sequence has unknown elem_type 42");
}

TEST(ValueProtoTest, RefusesSparseTensors) {
  ScratchDir dir;
  onnx::SequenceProto seq;
  seq.set_elem_type(onnx::SequenceProto::SPARSE_TENSOR);
  seq.add_sparse_tensor_values();
  const std::string path = Write(dir, seq);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path, ValueKind::kSequence); }),
            "'" + path + "': sparse tensors are not supported");
}

TEST(ValueProtoTest, NamesTheElementInTensorErrors) {
  ScratchDir dir;
  onnx::SequenceProto outer;
  outer.set_elem_type(onnx::SequenceProto::SEQUENCE);
  onnx::SequenceProto inner = TwoTensorSequence();
  inner.mutable_tensor_values(1)->set_name("b");
  inner.mutable_tensor_values(1)->set_dims(0, -1);
  outer.add_sequence_values()->set_elem_type(onnx::SequenceProto::TENSOR);
  *outer.add_sequence_values() = inner;
  const std::string path = Write(dir, outer);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path, ValueKind::kSequence); }),
            "'" + path + "' at [1][1]: tensor 'b' has negative dimension -1 in [-1,3]");
}

TEST(ValueProtoTest, RefusesNestingDeeperThan64Levels) {
  ScratchDir dir;
  onnx::SequenceProto root;
  onnx::SequenceProto* level = &root;
  for (int i = 0; i < 70; ++i) {
    level->set_elem_type(onnx::SequenceProto::SEQUENCE);
    level = level->add_sequence_values();
  }
  level->set_elem_type(onnx::SequenceProto::TENSOR);
  const std::string path = Write(dir, root);
  const std::string message = IoErrorOf([&] { ReadValueProto(path, ValueKind::kSequence); });
  EXPECT_EQ(message.substr(0, path.size() + 7), "'" + path + "' at [");
  EXPECT_NE(message.find("]: values nested more than 64 levels deep"), std::string::npos)
      << message;
}

TEST(ValueProtoTest, RefusesMapsWhoseKeysAndValuesDisagree) {
  ScratchDir dir;
  onnx::MapProto map;
  map.set_key_type(onnx::TensorProto::INT64);
  map.add_keys(1);
  const std::string path = Write(dir, map);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path, ValueKind::kMap); }),
            "'" + path + "': map has 1 keys but 0 values");

  map.set_key_type(onnx::TensorProto::INT8);
  map.set_keys(0, 300);
  const std::string path2 = Write(dir, map);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path2, ValueKind::kMap); }),
            "'" + path2 + "': map key 300 does not fit key_type int8");

  map.set_key_type(onnx::TensorProto::FLOAT);
  const std::string path3 = Write(dir, map);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path3, ValueKind::kMap); }),
            "'" + path3 + "': map key_type float32 is not an integer or string type");

  map.set_key_type(onnx::TensorProto::STRING);
  const std::string path4 = Write(dir, map);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path4, ValueKind::kMap); }),
            "'" + path4 + "': map key_type is string but it holds integer keys");
}

TEST(ValueProtoTest, NamesMapValuesInErrors) {
  ScratchDir dir;
  onnx::MapProto map;
  map.set_key_type(onnx::TensorProto::INT64);
  map.add_keys(1);
  map.mutable_values()->set_elem_type(onnx::SequenceProto::TENSOR);
  auto* t = map.mutable_values()->add_tensor_values();
  t->set_data_type(onnx::TensorProto::FLOAT);
  t->add_dims(2);
  const std::string path = Write(dir, map);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path, ValueKind::kMap); }),
            "'" + path + "' at values[0]: tensor declares float32[2] (2 elements) but holds no data");
}

TEST(ValueProtoTest, RefusesOptionalsHoldingAValueOfAnotherType) {
  ScratchDir dir;
  onnx::OptionalProto opt;
  opt.set_elem_type(onnx::OptionalProto::TENSOR);
  *opt.mutable_sequence_value() = TwoTensorSequence();
  const std::string path = Write(dir, opt);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path, ValueKind::kOptional); }),
            "'" + path + "': optional elem_type is TENSOR but it holds a sequence_value");

  opt.set_elem_type(onnx::OptionalProto::UNDEFINED);
  const std::string path2 = Write(dir, opt);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path2, ValueKind::kOptional); }),
            "'" + path2 + "': optional elem_type is UNDEFINED but it holds a sequence_value");

  opt.Clear();
  opt.set_elem_type(9);
  const std::string path3 = Write(dir, opt);
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path3, ValueKind::kOptional); }),
            "'" + path3 + "': optional has unknown elem_type 9");
}

TEST(ValueProtoTest, RefusesFilesThatAreNotTheExpectedMessage) {
  ScratchDir dir;
  const std::string path = dir.Write("v.pb", "\xff\xff\xff");
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(path, ValueKind::kMap); }),
            "'" + path + "': not a MapProto (protobuf parsing failed: malformed, truncated "
            "or nested too deeply)");
  const std::string empty = dir.Write("e.pb", "");
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(empty, ValueKind::kOptional); }),
            "'" + empty + "': is empty (expected an OptionalProto)");
  EXPECT_EQ(IoErrorOf([&] { ReadValueProto(dir.Path("none.pb"), ValueKind::kSequence); }),
            "cannot read '" + dir.Path("none.pb") + "': No such file or directory");
}

}  // namespace
}  // namespace ortkit
