// Non-tensor values as ONNX protobuf files: SequenceProto, MapProto and OptionalProto.
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include <onnx/onnx-data_pb.h>  // defines ONNX_API before the generated header

#include "io/io_common.h"
#include "io/proto_convert.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

// Deeper nesting is refused with a clear message; protobuf's own recursion limit (100) stops
// anything deeper still at parse time.
constexpr int kMaxDepth = 64;

// SequenceProto::DataType and OptionalProto::DataType share these numbers.
const char* ValueTypeName(int elem_type) {
  switch (elem_type) {
    case onnx::SequenceProto::UNDEFINED: return "UNDEFINED";
    case onnx::SequenceProto::TENSOR: return "TENSOR";
    case onnx::SequenceProto::SPARSE_TENSOR: return "SPARSE_TENSOR";
    case onnx::SequenceProto::SEQUENCE: return "SEQUENCE";
    case onnx::SequenceProto::MAP: return "MAP";
    case onnx::SequenceProto::OPTIONAL: return "OPTIONAL";
    default: return nullptr;
  }
}

std::string ElemTypeText(int elem_type) {
  const char* name = ValueTypeName(elem_type);
  return name ? name : std::to_string(elem_type);
}

// Where in the file a value sits: "'x.pb'", "'x.pb' at [2]", "'x.pb' at values[0][1]".
struct Place {
  const std::string& file;
  std::string path;
  int depth = 0;

  std::string Where() const { return path.empty() ? file : file + " at " + path; }
  Place Element(int i) const { return Place{file, path + "[" + std::to_string(i) + "]", depth + 1}; }
  Place Inner(const std::string& field) const {
    return Place{file, path.empty() ? field : path + "." + field, depth + 1};
  }
  Place Deeper() const { return Place{file, path, depth + 1}; }

  [[noreturn]] void Fail(const std::string& what) const {
    throw Error(ErrorCategory::kIo, Where() + ": " + what);
  }
  void CheckDepth() const {
    if (depth > kMaxDepth) {
      Fail("values nested more than " + std::to_string(kMaxDepth) + " levels deep");
    }
  }
};

Value FromSequence(const onnx::SequenceProto& seq, const Place& place);
Value FromMap(const onnx::MapProto& map, const Place& place);
Value FromOptional(const onnx::OptionalProto& opt, const Place& place);

Value FromSequence(const onnx::SequenceProto& seq, const Place& place) {
  place.CheckDepth();
  using S = onnx::SequenceProto;
  const int elem = seq.elem_type();
  struct List {
    int elem_type;
    const char* field;
    int size;
  };
  const List lists[] = {
      {S::TENSOR, "tensor_values", seq.tensor_values_size()},
      {S::SPARSE_TENSOR, "sparse_tensor_values", seq.sparse_tensor_values_size()},
      {S::SEQUENCE, "sequence_values", seq.sequence_values_size()},
      {S::MAP, "map_values", seq.map_values_size()},
      {S::OPTIONAL, "optional_values", seq.optional_values_size()},
  };
  // elem_type says which list holds the elements; anything in another list is a malformed file.
  for (const List& list : lists) {
    if (list.size > 0 && list.elem_type != elem) {
      place.Fail("sequence elem_type is " + ElemTypeText(elem) + " but it holds " +
                 std::to_string(list.size) + " " + list.field);
    }
  }
  std::vector<Value> elements;
  switch (elem) {
    case S::UNDEFINED:
      break;  // nothing in any list (checked above): an empty sequence
    case S::TENSOR:
      for (int i = 0; i < seq.tensor_values_size(); ++i) {
        elements.emplace_back(io::TensorFromProto(seq.tensor_values(i), place.Element(i).Where()));
      }
      break;
    case S::SPARSE_TENSOR:
      place.Fail("sparse tensors are not supported");
    case S::SEQUENCE:
      for (int i = 0; i < seq.sequence_values_size(); ++i) {
        elements.push_back(FromSequence(seq.sequence_values(i), place.Element(i)));
      }
      break;
    case S::MAP:
      for (int i = 0; i < seq.map_values_size(); ++i) {
        elements.push_back(FromMap(seq.map_values(i), place.Element(i)));
      }
      break;
    case S::OPTIONAL:
      for (int i = 0; i < seq.optional_values_size(); ++i) {
        elements.push_back(FromOptional(seq.optional_values(i), place.Element(i)));
      }
      break;
    default:
      place.Fail("sequence has unknown elem_type " + std::to_string(elem));
  }
  return Value::Sequence(std::move(elements));
}

// Integer keys arrive as int64; each must fit the declared key type. uint64 keys beyond int64's
// range are stored with their bits reinterpreted, so they are copied as bits.
template <typename T>
Tensor IntegerKeys(const onnx::MapProto& map, ElementType type, const Place& place) {
  std::vector<T> keys;
  keys.reserve(static_cast<std::size_t>(map.keys_size()));
  for (int64_t key : map.keys()) {
    bool fits = true;
    if constexpr (std::is_signed_v<T>) {
      fits = key >= std::numeric_limits<T>::min() && key <= std::numeric_limits<T>::max();
    } else if constexpr (!std::is_same_v<T, uint64_t>) {
      fits = key >= 0 && static_cast<uint64_t>(key) <= std::numeric_limits<T>::max();
    }
    if (!fits) {
      place.Fail("map key " + std::to_string(key) + " does not fit key_type " +
                 std::string(ElementTypeName(type)));
    }
    keys.push_back(static_cast<T>(key));
  }
  const auto n = static_cast<int64_t>(keys.size());
  return Tensor::FromVector(std::move(keys), {n});
}

Tensor MapKeys(const onnx::MapProto& map, const Place& place) {
  const ElementType type = ElementTypeFromOnnx(map.key_type());
  const std::string type_text = type == ElementType::kUndefined
                                    ? std::to_string(map.key_type())
                                    : std::string(ElementTypeName(type));
  if (type == ElementType::kString) {
    if (map.keys_size() > 0) place.Fail("map key_type is string but it holds integer keys");
    return Tensor::FromStrings({map.string_keys().begin(), map.string_keys().end()},
                               {map.string_keys_size()});
  }
  if (map.string_keys_size() > 0) place.Fail("map key_type is " + type_text + " but it holds string_keys");
  switch (type) {
    case ElementType::kInt8: return IntegerKeys<int8_t>(map, type, place);
    case ElementType::kInt16: return IntegerKeys<int16_t>(map, type, place);
    case ElementType::kInt32: return IntegerKeys<int32_t>(map, type, place);
    case ElementType::kInt64: return IntegerKeys<int64_t>(map, type, place);
    case ElementType::kUInt8: return IntegerKeys<uint8_t>(map, type, place);
    case ElementType::kUInt16: return IntegerKeys<uint16_t>(map, type, place);
    case ElementType::kUInt32: return IntegerKeys<uint32_t>(map, type, place);
    case ElementType::kUInt64: return IntegerKeys<uint64_t>(map, type, place);
    default:
      place.Fail("map key_type " + type_text + " is not an integer or string type");
  }
}

// ONNX Runtime represents a map's values as one tensor; that is possible when every value is a
// single element of one type. Anything else stays a sequence.
Value StackScalars(Value values) {
  const std::vector<Value>& elements = values.sequence();
  if (elements.empty()) return values;
  const ElementType type = elements.front().is_tensor() ? elements.front().tensor().type()
                                                        : ElementType::kUndefined;
  for (const Value& v : elements) {
    if (!v.is_tensor() || v.tensor().type() != type || v.tensor().shape_elements() != 1 ||
        v.tensor().buffer_elements() != 1) {
      return values;
    }
  }
  const auto n = static_cast<int64_t>(elements.size());
  if (type == ElementType::kString) {
    std::vector<std::string> strings;
    for (const Value& v : elements) strings.push_back(v.tensor().strings().front());
    return Tensor::FromStrings(std::move(strings), {n});
  }
  Tensor stacked = Tensor::Zeros(type, {n});
  const std::size_t size = ElementSize(type);
  auto* out = static_cast<unsigned char*>(stacked.mutable_data());
  for (std::size_t i = 0; i < elements.size(); ++i) {
    std::memcpy(out + i * size, elements[i].tensor().data(), size);
  }
  return stacked;
}

Value FromMap(const onnx::MapProto& map, const Place& place) {
  place.CheckDepth();
  Tensor keys = MapKeys(map, place);
  const Place values_place = place.Inner("values");
  Value values = map.has_values() ? FromSequence(map.values(), values_place)
                                  : Value::Sequence({});
  const std::size_t n_keys = keys.buffer_elements();
  const std::size_t n_values = values.sequence().size();
  if (n_keys != n_values) {
    place.Fail("map has " + std::to_string(n_keys) + " keys but " + std::to_string(n_values) +
               " values");
  }
  return Value::Map(std::move(keys), StackScalars(std::move(values)));
}

Value FromOptional(const onnx::OptionalProto& opt, const Place& place) {
  place.CheckDepth();
  using O = onnx::OptionalProto;
  struct Field {
    int elem_type;
    const char* name;
    bool present;
  };
  const Field fields[] = {
      {O::TENSOR, "tensor_value", opt.has_tensor_value()},
      {O::SPARSE_TENSOR, "sparse_tensor_value", opt.has_sparse_tensor_value()},
      {O::SEQUENCE, "sequence_value", opt.has_sequence_value()},
      {O::MAP, "map_value", opt.has_map_value()},
      {O::OPTIONAL, "optional_value", opt.has_optional_value()},
  };
  const int elem = opt.elem_type();
  if (!ValueTypeName(elem)) place.Fail("optional has unknown elem_type " + std::to_string(elem));
  for (const Field& field : fields) {
    if (field.present && field.elem_type != elem) {
      place.Fail("optional elem_type is " + ElemTypeText(elem) + " but it holds a " + field.name);
    }
  }
  // An optional declared with a type but holding nothing is as absent as an UNDEFINED one.
  switch (elem) {
    case O::TENSOR:
      if (opt.has_tensor_value()) return io::TensorFromProto(opt.tensor_value(), place.Where());
      break;
    case O::SPARSE_TENSOR:
      if (opt.has_sparse_tensor_value()) place.Fail("sparse tensors are not supported");
      break;
    case O::SEQUENCE:
      if (opt.has_sequence_value()) return FromSequence(opt.sequence_value(), place.Deeper());
      break;
    case O::MAP:
      if (opt.has_map_value()) return FromMap(opt.map_value(), place.Deeper());
      break;
    case O::OPTIONAL:
      if (opt.has_optional_value()) return FromOptional(opt.optional_value(), place.Deeper());
      break;
    default:
      break;
  }
  return Value::None();
}

template <typename Message>
Message Parse(const std::string& bytes, const std::string& where, const char* what) {
  Message message;
  io::ParseProto(bytes, message, where, what);
  return message;
}

}  // namespace

Value ReadValueProto(const std::string& path, ValueKind kind) {
  if (kind == ValueKind::kTensor) return ReadTensorProto(path);
  const std::string bytes = io::ReadFileBytes(path, io::kMaxProtoBytes);
  const std::string file = io::Quoted(path);
  const Place root{file, {}, 0};
  switch (kind) {
    case ValueKind::kSequence:
      return FromSequence(Parse<onnx::SequenceProto>(bytes, file, "a SequenceProto"), root);
    case ValueKind::kMap:
      return FromMap(Parse<onnx::MapProto>(bytes, file, "a MapProto"), root);
    case ValueKind::kOptional:
      return FromOptional(Parse<onnx::OptionalProto>(bytes, file, "an OptionalProto"), root);
    case ValueKind::kTensor:
      break;
  }
  throw Error(ErrorCategory::kIo, file + ": unknown value kind");
}

}  // namespace ortkit
