#include "view/attribute_text.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cstring>
#include <vector>

#include "graph/model_summary.h"

namespace ortkit::view {

namespace {

// Lists longer than this show their first values and the count: enough to recognise strides,
// pads or axes, small enough that 2,000 nodes keep the page light.
constexpr int kMaxListed = 16;
constexpr std::size_t kMaxString = 80;

template <typename Repeated>
std::string ListText(const Repeated& values) {
  std::vector<std::string> shown;
  for (int i = 0; i < values.size() && i < kMaxListed; ++i) shown.push_back(fmt::format("{}", values.Get(i)));
  if (values.size() > kMaxListed) return fmt::format("[{}, ... ({} values)]", fmt::join(shown, ", "), values.size());
  return fmt::format("[{}]", fmt::join(shown, ", "));
}

std::string StringText(const std::string& text) {
  if (text.size() <= kMaxString) return "'" + text + "'";
  return "'" + text.substr(0, kMaxString) + "...' (" + std::to_string(text.size()) + " bytes)";
}

// The values of a raw_data payload of T (ONNX stores it little-endian, as x86 and ARM hosts are).
template <typename T>
std::string RawText(const std::string& raw) {
  const std::size_t count = raw.size() / sizeof(T);
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < count && i < static_cast<std::size_t>(kMaxListed); ++i) {
    T value;
    std::memcpy(&value, raw.data() + i * sizeof(T), sizeof(T));
    shown.push_back(fmt::format("{}", value));
  }
  if (count > static_cast<std::size_t>(kMaxListed)) return fmt::format("[{}, ... ({} values)]", fmt::join(shown, ", "), count);
  return fmt::format("[{}]", fmt::join(shown, ", "));
}

std::string TensorText(const onnx::TensorProto& tensor) {
  std::vector<std::string> dims;
  for (int64_t d : tensor.dims()) dims.push_back(std::to_string(d));
  std::string text = fmt::format("tensor {}[{}]", graph::DataTypeName(tensor.data_type()), fmt::join(dims, ","));
  // Small payloads survive the strip (SummaryOptions' 1 KiB): show the scalars and short vectors
  // a Constant holds (axes, shapes), which are what a reader looks for.
  if (!tensor.raw_data().empty()) {
    // Exporters write Constant values as raw little-endian bytes (torch.onnx always does).
    switch (tensor.data_type()) {
      case onnx::TensorProto::INT64:
        return text + " " + RawText<int64_t>(tensor.raw_data());
      case onnx::TensorProto::INT32:
        return text + " " + RawText<int32_t>(tensor.raw_data());
      case onnx::TensorProto::FLOAT:
        return text + " " + RawText<float>(tensor.raw_data());
      case onnx::TensorProto::DOUBLE:
        return text + " " + RawText<double>(tensor.raw_data());
      default:
        return text;
    }
  }
  if (tensor.int64_data_size() > 0) return text + " " + ListText(tensor.int64_data());
  if (tensor.float_data_size() > 0) return text + " " + ListText(tensor.float_data());
  if (tensor.int32_data_size() > 0) return text + " " + ListText(tensor.int32_data());
  return text;
}

}  // namespace

std::string AttributeText(const onnx::AttributeProto& a) {
  switch (a.type()) {
    case onnx::AttributeProto::INT:
      return std::to_string(a.i());
    case onnx::AttributeProto::FLOAT:
      return fmt::format("{}", a.f());
    case onnx::AttributeProto::STRING:
      return StringText(a.s());
    case onnx::AttributeProto::INTS:
      return ListText(a.ints());
    case onnx::AttributeProto::FLOATS:
      return ListText(a.floats());
    case onnx::AttributeProto::STRINGS: {
      std::vector<std::string> shown;
      for (int i = 0; i < a.strings_size() && i < kMaxListed; ++i) shown.push_back(StringText(a.strings(i)));
      if (a.strings_size() > kMaxListed) return fmt::format("[{}, ... ({} values)]", fmt::join(shown, ", "), a.strings_size());
      return fmt::format("[{}]", fmt::join(shown, ", "));
    }
    case onnx::AttributeProto::TENSOR:
      return TensorText(a.t());
    case onnx::AttributeProto::GRAPH:
      return fmt::format("graph ({} nodes)", a.g().node_size());
    case onnx::AttributeProto::GRAPHS:
      return fmt::format("{} graphs", a.graphs_size());
    case onnx::AttributeProto::TENSORS:
      return fmt::format("{} tensors", a.tensors_size());
    case onnx::AttributeProto::SPARSE_TENSOR:
      return "sparse tensor";
    case onnx::AttributeProto::TYPE_PROTO:
      return "type";
    default:
      return a.ref_attr_name().empty() ? "?" : "@" + a.ref_attr_name();
  }
}

}  // namespace ortkit::view
