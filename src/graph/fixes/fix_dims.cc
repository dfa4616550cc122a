// Pass fix-dims: give free dimensions fixed sizes (`--dim batch=1`, `--shape image=1x3x224x224`).
//
// Runtimes and compilers plan memory, pick kernels and fold shape arithmetic only for known
// sizes; mobile and NPU providers often refuse free dimensions altogether. A symbol's size applies
// wherever the symbol occurs (inputs, outputs, value_info, subgraphs), since ONNX symbols are
// model-wide; a --shape also binds the symbols of that input's free dimensions.
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>

#include "graph/fixes/graph_walk.h"
#include "graph/fixes/pass.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

using namespace fixes;  // the helpers all passes share (graph_walk.h, float64_values.h)

[[noreturn]] void Fail(const std::string& what) { throw Error(ErrorCategory::kConfig, "fix-dims: " + what); }

std::string DimsString(const onnx::TensorShapeProto& shape) {
  std::string out = "[";
  for (int i = 0; i < shape.dim_size(); ++i) {
    const auto& d = shape.dim(i);
    out += i ? "," : "";
    out += d.has_dim_value() ? std::to_string(d.dim_value()) : d.has_dim_param() ? d.dim_param() : "?";
  }
  return out + "]";
}

std::string ShapeFlag(const std::string& input, const Shape& shape) {
  std::string out = "--shape " + input + "=";
  for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? "x" : "") + std::to_string(shape[i]);
  return out;
}


// The tensor shape of a value, when it declares one (no shape at all means any rank: left so).
onnx::TensorShapeProto* ShapeOf(onnx::ValueInfoProto& v) {
  if (!v.has_type() || !v.type().has_tensor_type() || !v.type().tensor_type().has_shape()) return nullptr;
  return v.mutable_type()->mutable_tensor_type()->mutable_shape();
}

// Replaces bound symbols in `shape`; returns how many dims changed.
int Bind(onnx::TensorShapeProto& shape, const std::map<std::string, int64_t>& sizes) {
  int changed = 0;
  for (auto& d : *shape.mutable_dim()) {
    if (!d.has_dim_param()) continue;
    const auto it = sizes.find(d.dim_param());
    if (it == sizes.end()) continue;
    d.set_dim_value(it->second);  // clears dim_param: they are one oneof
    ++changed;
  }
  return changed;
}

class FixDims : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        "fix-dims", "Give free dimensions fixed sizes (--dim NAME=VALUE, --shape INPUT=1x3x224x224)", false};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const override {
    FixChanges c;
    c.Add("input_dims", "input dimensions fixed", 0);
    c.Add("other_dims", "output and value_info dimensions fixed", 0);
    onnx::GraphProto& graph = *model.mutable_graph();
    std::set<std::string> initializers;
    for (const auto& t : graph.initializer()) initializers.insert(t.name());

    std::map<std::string, int64_t> sizes = options.dims;
    std::map<std::string, std::string> bound_by;  // symbol -> the flag that set it
    for (const auto& [symbol, size] : options.dims) bound_by[symbol] = "--dim " + symbol + "=" + std::to_string(size);
    std::set<std::string> input_names, symbols;
    for (auto& v : *graph.mutable_input()) {
      if (initializers.count(v.name())) continue;
      input_names.insert(v.name());
      if (const auto* shape = ShapeOf(v)) {
        for (const auto& d : shape->dim()) {
          if (d.has_dim_param()) symbols.insert(d.dim_param());
        }
      }
    }
    for (const auto& [input, dims] : options.shapes) {
      if (!input_names.count(input)) {
        Fail(ShapeFlag(input, dims) + ": the model has no input '" + input + "' (its inputs: " + fmt::format("{}", fmt::join(input_names, ", ")) + ")");
      }
    }
    for (const auto& [symbol, size] : options.dims) {
      if (symbols.count(symbol)) continue;
      Fail("--dim " + symbol + "=" + std::to_string(size) + ": the model's inputs have no free dimension '" + symbol +
           "' (" + (symbols.empty() ? "they have none" : "their free dimensions: " + fmt::format("{}", fmt::join(symbols, ", "))) + ")");
    }

    for (auto& v : *graph.mutable_input()) {
      const auto it = options.shapes.find(v.name());
      if (it == options.shapes.end() || initializers.count(v.name())) continue;
      if (!v.type().has_tensor_type()) Fail(ShapeFlag(it->first, it->second) + ": input '" + v.name() + "' is not a tensor");
      const bool had_shape = v.type().tensor_type().has_shape();
      const std::string before = had_shape ? DimsString(v.type().tensor_type().shape()) : "(no shape)";
      onnx::TensorShapeProto* shape = v.mutable_type()->mutable_tensor_type()->mutable_shape();
      if (!had_shape) {
        for (std::size_t i = 0; i < it->second.size(); ++i) shape->add_dim();  // any rank fits: take this one
      }
      const int changed = SetShape(v.name(), it->second, *shape, sizes, bound_by);
      if (changed == 0) continue;
      c.Add("input_dims", "", changed);
      c.details.push_back("input '" + v.name() + "': " + before + " -> " + DimsString(*shape));
    }
    for (auto& v : *graph.mutable_input()) {
      if (options.shapes.count(v.name()) || initializers.count(v.name())) continue;
      Record(v, "input '", "input_dims", sizes, c);
    }
    for (auto& v : *graph.mutable_output()) Record(v, "output '", "other_dims", sizes, c);
    // value_info everywhere, and subgraph inputs/outputs: the same symbols mean the same sizes.
    ForEachGraph(graph, [&](onnx::GraphProto& g, const std::string& where) {
      for (auto& v : *g.mutable_value_info()) {
        if (auto* shape = ShapeOf(v)) c.Add("other_dims", "", Bind(*shape, sizes));
      }
      if (where.empty()) return;
      for (auto* list : {g.mutable_input(), g.mutable_output()}) {
        for (auto& v : *list) {
          if (auto* shape = ShapeOf(v)) c.Add("other_dims", "", Bind(*shape, sizes));
        }
      }
    });
    return c;
  }

 private:
  // Sets an input's whole shape; its free dims' symbols become bound to the sizes given. Returns
  // how many dims were not already fixed at the size given.
  static int SetShape(const std::string& input, const Shape& dims, onnx::TensorShapeProto& shape,
                       std::map<std::string, int64_t>& sizes, std::map<std::string, std::string>& bound_by) {
    const std::string flag = ShapeFlag(input, dims);
    if (static_cast<std::size_t>(shape.dim_size()) != dims.size()) {
      Fail(flag + ": input '" + input + "' has rank " + std::to_string(shape.dim_size()) + " (" + DimsString(shape) +
           "), the shape given has rank " + std::to_string(dims.size()));
    }
    int changed = 0;
    for (int i = 0; i < shape.dim_size(); ++i) {
      auto& d = *shape.mutable_dim(i);
      const int64_t want = dims[static_cast<std::size_t>(i)];
      if (d.has_dim_value() && d.dim_value() != want) {
        Fail(flag + ": dimension " + std::to_string(i) + " of input '" + input + "' is fixed at " +
             std::to_string(d.dim_value()) + ", not " + std::to_string(want));
      }
      if (d.has_dim_param()) {
        const std::string& symbol = d.dim_param();
        const auto [it, fresh] = sizes.emplace(symbol, want);
        if (!fresh && it->second != want) {
          Fail("dimension '" + symbol + "' would be both " + std::to_string(it->second) + " (" + bound_by[symbol] +
               ") and " + std::to_string(want) + " (" + flag + ")");
        }
        bound_by.emplace(symbol, flag);
      }
      changed += d.has_dim_value() ? 0 : 1;
      d.set_dim_value(want);
    }
    return changed;
  }

  static void Record(onnx::ValueInfoProto& v, const std::string& what, const std::string& key,
                     const std::map<std::string, int64_t>& sizes, FixChanges& c) {
    onnx::TensorShapeProto* shape = ShapeOf(v);
    if (!shape) return;
    const std::string before = DimsString(*shape);
    const int changed = Bind(*shape, sizes);
    if (changed == 0) return;
    c.Add(key, "", changed);
    c.details.push_back(what + v.name() + "': " + before + " -> " + DimsString(*shape));
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeFixDimsPass() { return std::make_unique<FixDims>(); }

}  // namespace ortkit::graph
