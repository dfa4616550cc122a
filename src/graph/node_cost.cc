// ComputeModelCost: the types of the main graph's values (initializers, Constant outputs,
// declared and inferred value_info), then each node's FLOPs (op_flops.h) and bytes, then totals.
#include "graph/node_cost.h"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include "graph/op_flops.h"

namespace ortkit::graph {
namespace {

bool IsDefaultDomain(const std::string& domain) { return domain.empty() || domain == "ai.onnx"; }

// Bits per element of an ONNX TensorProto.DataType; nullopt for strings and unknown types.
std::optional<uint64_t> ElementBits(int data_type) {
  switch (data_type) {
    case 2: case 3: case 9: case 17: case 18: case 19: case 20: return 8;  // (u)int8, bool, float8 variants
    case 4: case 5: case 10: case 16: return 16;                           // (u)int16, float16, bfloat16
    case 1: case 6: case 12: return 32;                                    // float, int32, uint32
    case 7: case 11: case 13: case 14: return 64;                          // int64, double, uint64, complex64
    case 15: return 128;                                                   // complex128
    case 21: case 22: case 23: return 4;                                   // uint4, int4, float4e2m1
    default: return std::nullopt;
  }
}

struct ValueInfo {
  bool tensor = true;
  int data_type = 0;
  std::optional<DeclaredShape> shape;
  bool param = false;        // an initializer or a Constant's output
  bool graph_input = false;  // an unnamed free dim of it is sized by "INPUT:AXIS"
};

DeclaredShape DimsOf(const google::protobuf::RepeatedField<int64_t>& dims) {
  DeclaredShape shape;
  for (int64_t d : dims) shape.push_back(d >= 0 ? Dim::Fixed(d) : Dim::Free());
  return shape;
}

ValueInfo InfoOf(const onnx::TypeProto& type) {
  ValueInfo info;
  if (type.value_case() != onnx::TypeProto::kTensorType) {
    info.tensor = false;
    return info;
  }
  info.data_type = type.tensor_type().elem_type();
  if (!type.tensor_type().has_shape()) return info;
  info.shape.emplace();
  for (const auto& d : type.tensor_type().shape().dim()) {
    if (d.has_dim_value() && d.dim_value() >= 0) {
      info.shape->push_back(Dim::Fixed(d.dim_value()));
    } else {
      info.shape->push_back(Dim::Free(d.dim_param()));
    }
  }
  return info;
}

// Every value of the main graph with what is known of its type.
class Values {
 public:
  Values(const onnx::GraphProto& graph, const FreeDimSizes& sizes) : sizes_(sizes) {
    for (const auto& t : graph.initializer()) values_[t.name()] = ValueInfo{true, t.data_type(), DimsOf(t.dims()), true, false};
    for (const auto& node : graph.node()) {
      if (!IsDefaultDomain(node.domain()) || node.op_type() != "Constant" || node.output_size() != 1) continue;
      ValueInfo& info = values_[node.output(0)];
      info.param = true;
      for (const auto& a : node.attribute()) {
        if (a.name() == "value" && a.has_t()) {
          info.data_type = a.t().data_type();
          info.shape = DimsOf(a.t().dims());
        }
      }
    }
    // Initializers' and Constant tensors' own dims are exact; declared and inferred types fill in the rest.
    for (const auto* list : {&graph.input(), &graph.value_info(), &graph.output()}) {
      for (const auto& v : *list) {
        auto it = values_.find(v.name());
        if (it != values_.end() && it->second.shape) continue;
        const bool param = it != values_.end() && it->second.param;
        ValueInfo info = InfoOf(v.type());
        info.param = param;
        values_[v.name()] = std::move(info);
      }
    }
    for (const auto& v : graph.input()) {
      ValueInfo& info = values_[v.name()];
      info.graph_input = !info.param;
      if (!info.graph_input || !info.shape) continue;
      for (std::size_t axis = 0; axis < info.shape->size(); ++axis) {
        const Dim& d = (*info.shape)[axis];
        const std::string key = d.symbol.empty() ? v.name() + ":" + std::to_string(axis) : d.symbol;
        if (!d.is_fixed() && sizes_.count(key) == 0 &&
            std::find(unsized_.begin(), unsized_.end(), key) == unsized_.end()) {
          unsized_.push_back(key);
        }
      }
    }
  }

  const std::vector<std::string>& unsized() const { return unsized_; }
  bool IsParam(const std::string& name) const {
    const auto it = values_.find(name);
    return it != values_.end() && it->second.param;
  }

  std::optional<Shape> ShapeOf(const std::string& name, std::string* why) const {
    const auto it = values_.find(name);
    if (it == values_.end() || (it->second.tensor && it->second.data_type == 0 && !it->second.shape)) {
      *why = fmt::format("'{}' has no inferred type", name);
      return std::nullopt;
    }
    const ValueInfo& info = it->second;
    if (!info.tensor) {
      *why = fmt::format("'{}' is not a tensor", name);
      return std::nullopt;
    }
    if (!info.shape) {
      *why = fmt::format("the rank of '{}' is not known", name);
      return std::nullopt;
    }
    Shape shape;
    for (std::size_t axis = 0; axis < info.shape->size(); ++axis) {
      const Dim& d = (*info.shape)[axis];
      if (d.is_fixed()) {
        shape.push_back(d.value);
        continue;
      }
      const std::string key = d.symbol.empty() && info.graph_input ? name + ":" + std::to_string(axis) : d.symbol;
      const auto size = sizes_.find(key);
      if (!key.empty() && size != sizes_.end()) {
        shape.push_back(size->second);
      } else if (info.graph_input || (!d.symbol.empty() && d.symbol.rfind("unk__", 0) != 0)) {
        *why = fmt::format("free dimension '{}' has no size (give --dim {}=N)", key, key);
        return std::nullopt;
      } else {
        *why = fmt::format("dimension {} of '{}' is not known after shape inference", axis, name);
        return std::nullopt;
      }
    }
    return shape;
  }

  std::optional<uint64_t> Bytes(const std::string& name, std::string* why) const {
    const std::optional<Shape> shape = ShapeOf(name, why);
    if (!shape) return std::nullopt;
    const int type = values_.at(name).data_type;
    const std::optional<uint64_t> bits = ElementBits(type);
    if (!bits) {
      *why = type == 8 ? fmt::format("'{}' holds strings, which have no fixed size", name)
                       : fmt::format("'{}' has element type {}, of unknown size", name, type);
      return std::nullopt;
    }
    std::optional<uint64_t> n = bits;
    for (int64_t d : *shape) n = CheckedMul(n, static_cast<uint64_t>(d));
    if (!n) *why = fmt::format("the size of '{}' overflows 64 bits", name);
    return n ? std::optional<uint64_t>((*n + 7) / 8) : std::nullopt;
  }

 private:
  const FreeDimSizes& sizes_;
  std::unordered_map<std::string, ValueInfo> values_;
  std::vector<std::string> unsized_;
};

// Adds `bytes` to `*sum` (nullopt makes the sum unknown) and keeps the first reason.
void Accumulate(std::optional<uint64_t> bytes, const std::string& why, std::optional<uint64_t>* sum,
                std::string* reason) {
  if (bytes && *sum) {
    **sum += *bytes;
    return;
  }
  if (!bytes && reason->empty()) *reason = why;
  sum->reset();
}

NodeCost CostOf(const onnx::NodeProto& node, std::size_t index, const Values& values) {
  NodeCost c;
  c.index = index;
  c.name = node.name();
  c.op_type = node.op_type();
  c.domain = node.domain();
  c.param_bytes = c.activation_bytes_read = c.activation_bytes_written = 0;
  if (IsDefaultDomain(node.domain()) && node.op_type() == "Constant") {
    c.flops = 0;
    c.note = "ORT folds it into an initializer: its value counts as parameter bytes where it is read";
    return c;
  }
  const OpFlops f = CountOpFlops(node, [&values](const std::string& name, std::string* why) {
    return values.ShapeOf(name, why);
  });
  c.flops = f.flops;
  c.note = f.note;
  std::string bytes_reason;
  for (int i = 0; i < node.input_size(); ++i) {
    const std::string& name = node.input(i);
    if (name.empty()) continue;  // an optional input left out
    std::string why;
    std::optional<uint64_t> bytes;
    if (i == 0 && f.read == DataRead::kNone) {
      bytes = 0;
    } else if (i == 0 && f.read == DataRead::kOutputSized) {
      if (node.output_size() > 0 && !node.output(0).empty()) {
        bytes = values.Bytes(node.output(0), &why);
      } else {
        why = "output 0 is missing";
      }
    } else {
      bytes = values.Bytes(name, &why);
    }
    Accumulate(bytes, why, values.IsParam(name) ? &c.param_bytes : &c.activation_bytes_read, &bytes_reason);
  }
  for (const std::string& name : node.output()) {
    if (name.empty()) continue;
    std::string why;
    const std::optional<uint64_t> bytes = values.Bytes(name, &why);
    Accumulate(bytes, why, &c.activation_bytes_written, &bytes_reason);
  }
  c.unknown_reason = !f.flops ? f.unknown_reason : bytes_reason;
  return c;
}

void Add(const NodeCost& n, CostTotals* t) {
  ++t->nodes;
  if (n.flops) {
    t->flops += *n.flops;
  } else {
    ++t->flops_unknown;
  }
  if (!n.param_bytes || !n.activation_bytes_read || !n.activation_bytes_written) ++t->bytes_unknown;
  t->param_bytes += n.param_bytes.value_or(0);
  t->activation_bytes_read += n.activation_bytes_read.value_or(0);
  t->activation_bytes_written += n.activation_bytes_written.value_or(0);
}

}  // namespace

std::optional<uint64_t> NodeCost::bytes() const {
  if (!param_bytes || !activation_bytes_read || !activation_bytes_written) return std::nullopt;
  return *param_bytes + *activation_bytes_read + *activation_bytes_written;
}

std::optional<double> NodeCost::intensity() const {
  const std::optional<uint64_t> b = bytes();
  if (!flops || !b || *b == 0) return std::nullopt;
  return static_cast<double>(*flops) / static_cast<double>(*b);
}

std::optional<double> CostTotals::intensity() const {
  if (flops_unknown != 0 || bytes_unknown != 0 || bytes() == 0) return std::nullopt;
  return static_cast<double>(flops) / static_cast<double>(bytes());
}

ModelCost ComputeModelCost(const onnx::ModelProto& inferred, const FreeDimSizes& sizes) {
  ModelCost cost;
  cost.dim_sizes = sizes;
  const onnx::GraphProto& graph = inferred.graph();
  const Values values(graph, sizes);
  cost.unsized_dims = values.unsized();
  std::map<std::pair<std::string, std::string>, CostTotals> by_op;
  for (int i = 0; i < graph.node_size(); ++i) {
    NodeCost c = CostOf(graph.node(i), static_cast<std::size_t>(i), values);
    CostTotals& op = by_op[{c.domain, c.op_type}];
    op.domain = c.domain;
    op.op_type = c.op_type;
    Add(c, &op);
    Add(c, &cost.total);
    cost.nodes.push_back(std::move(c));
  }
  for (auto& [key, totals] : by_op) cost.by_op_type.push_back(std::move(totals));
  std::sort(cost.by_op_type.begin(), cost.by_op_type.end(), [](const CostTotals& a, const CostTotals& b) {
    return std::make_tuple(b.flops, b.bytes(), a.domain, a.op_type) < std::make_tuple(a.flops, a.bytes(), b.domain, b.op_type);
  });
  return cost;
}

}  // namespace ortkit::graph
