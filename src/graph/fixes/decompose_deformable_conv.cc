// Pass decompose-deformable-conv: rewrite modulated deformable convolution (DCNv2) custom ops into
// standard ONNX that any ONNX Runtime build and provider with GridSample runs, without the
// custom-op library.
//
// DCNv2 samples the input at K = kh*kw points per output pixel, each displaced by a learnt offset
// and scaled by a learnt mask, and convolves the samples with the weight. The rewrite:
//   - input, offsets and masks are regrouped per deformable group ([N*dg, ...], a free Reshape);
//   - the sampling positions (base grid + dilated tap + offset) are normalised for GridSample with
//     align_corners=0: gx = (2x + 1) / W - 1 puts pixel centres on integers, so GridSample's
//     bilinear interpolation with zeros outside is exactly mmcv's dmcn_im2col_bilinear (a
//     neighbour outside the image contributes 0; a point at or beyond one pixel outside gives 0);
//   - one GridSample per kernel tap, times the tap's mask, stacked as im2col columns in the
//     weight's (channel, tap) order;
//   - one grouped 1x1 Conv with the weight reshaped to [Cout, C/groups * K, 1, 1], plus the bias.
// Sizes come from Shape at run time, so batch and spatial dimensions may stay free.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "graph/fixes/graph_walk.h"
#include "graph/fixes/pass.h"
#include "ortkit/error.h"

namespace ortkit::graph {
namespace {

using namespace fixes;

constexpr int64_t kGridSampleOpset = 16;

// The two conventions ortkit knows (examples/custom_ops/README.md), matched in any domain.
bool IsKnownDeformConv(const onnx::NodeProto& node) {
  return !IsOnnxDomain(node.domain()) &&
         (node.op_type() == "MMCVModulatedDeformConv2d" || node.op_type() == "DCNv2");
}

bool Matches(const onnx::NodeProto& node, const std::vector<std::string>& extra_ops) {
  if (IsKnownDeformConv(node)) return true;
  for (const std::string& spec : extra_ops) {
    const auto colon = spec.rfind(':');
    if (spec.substr(0, colon) == node.domain() && spec.substr(colon + 1) == node.op_type()) return true;
  }
  return false;
}

struct DeformConvAttributes {
  int64_t stride[2] = {1, 1}, pad[2] = {0, 0}, dilation[2] = {1, 1};
  int64_t groups = 1, deform_groups = 1;
};

[[noreturn]] void Refuse(const std::string& node, const std::string& what) {
  throw Error(ErrorCategory::kLoad, "decompose-deformable-conv: " + node + ": " + what);
}

void ReadPair(const onnx::AttributeProto& attr, int64_t out[2], const std::string& node) {
  const auto& v = attr.ints();
  if (v.size() == 2) {
    out[0] = v[0], out[1] = v[1];
  } else if (v.size() == 1) {
    out[0] = out[1] = v[0];
  } else if (v.size() == 4 && attr.name() == "padding" && v[0] == v[2] && v[1] == v[3]) {
    out[0] = v[0], out[1] = v[1];  // [top, left, bottom, right], symmetric
  } else {
    Refuse(node, "attribute '" + attr.name() + "' has " + std::to_string(v.size()) +
                     " values; expected 2 (height, width)" + (attr.name() == "padding" ? " or 4 symmetric ones" : ""));
  }
}

DeformConvAttributes ReadAttributes(const onnx::NodeProto& node, const std::string& label) {
  DeformConvAttributes a;
  for (const auto& attr : node.attribute()) {
    const std::string& name = attr.name();
    if (name == "stride") {
      ReadPair(attr, a.stride, label);
    } else if (name == "padding") {
      ReadPair(attr, a.pad, label);
    } else if (name == "dilation") {
      ReadPair(attr, a.dilation, label);
    } else if (name == "groups") {
      a.groups = attr.i();
    } else if (name == "deform_groups" || name == "deformable_groups") {
      a.deform_groups = attr.i();
    }
    // Others (mmcv's bias flag, im2col_step) do not change the result.
  }
  if (a.groups < 1 || a.deform_groups < 1) Refuse(label, "groups and deformable groups must be >= 1");
  for (int i = 0; i < 2; ++i) {
    if (a.stride[i] < 1 || a.dilation[i] < 1 || a.pad[i] < 0) {
      Refuse(label, "stride and dilation must be >= 1 and padding >= 0");
    }
  }
  return a;
}

// The weight's shape: it must be a constant (initializer or Constant node), since the kernel size
// and channel counts decide the graph the pass writes.
const onnx::TensorProto* FindConstant(const onnx::GraphProto& graph, const std::string& name) {
  for (const auto& t : graph.initializer()) {
    if (t.name() == name) return &t;
  }
  for (const auto& node : graph.node()) {
    if (node.op_type() != "Constant" || node.output_size() != 1 || node.output(0) != name) continue;
    for (const auto& attr : node.attribute()) {
      if (attr.name() == "value" && attr.has_t()) return &attr.t();
    }
  }
  return nullptr;
}

// Emits the nodes and constants of one rewrite into the graph, with names under one prefix.
class Emitter {
 public:
  Emitter(onnx::GraphProto& graph, std::string prefix, std::set<std::string>& taken)
      : graph_(graph), prefix_(std::move(prefix)), taken_(taken) {}

  std::vector<onnx::NodeProto>& nodes() { return nodes_; }

  std::string Ints(const std::string& name, const std::vector<int64_t>& values, bool scalar = false) {
    onnx::TensorProto& t = *graph_.add_initializer();
    t.set_name(Name(name));
    t.set_data_type(onnx::TensorProto::INT64);
    if (!scalar) t.add_dims(static_cast<int64_t>(values.size()));
    for (int64_t v : values) t.add_int64_data(v);
    return t.name();
  }

  std::string Floats(const std::string& name, const std::vector<float>& values, const std::vector<int64_t>& dims) {
    onnx::TensorProto& t = *graph_.add_initializer();
    t.set_name(Name(name));
    t.set_data_type(onnx::TensorProto::FLOAT);
    for (int64_t d : dims) t.add_dims(d);
    for (float v : values) t.add_float_data(v);
    return t.name();
  }

  std::string Scalar(const std::string& name, float value) { return Floats(name, {value}, {}); }

  // One node with one output; returns the output's name. `output` non-empty: write that value.
  std::string Node(const std::string& op, const std::string& name, const std::vector<std::string>& inputs,
                   const std::string& output = "") {
    onnx::NodeProto node;
    node.set_op_type(op);
    node.set_name(Name(name));
    for (const auto& input : inputs) node.add_input(input);
    node.add_output(output.empty() ? Name(name + "_out") : output);
    nodes_.push_back(std::move(node));
    return nodes_.back().output(0);
  }

  onnx::NodeProto& last() { return nodes_.back(); }

  void SetInt(const std::string& attr, int64_t value) {
    auto& a = *last().add_attribute();
    a.set_name(attr);
    a.set_type(onnx::AttributeProto::INT);
    a.set_i(value);
  }
  void SetInts(const std::string& attr, const std::vector<int64_t>& values) {
    auto& a = *last().add_attribute();
    a.set_name(attr);
    a.set_type(onnx::AttributeProto::INTS);
    for (int64_t v : values) a.add_ints(v);
  }
  void SetString(const std::string& attr, const std::string& value) {
    auto& a = *last().add_attribute();
    a.set_name(attr);
    a.set_type(onnx::AttributeProto::STRING);
    a.set_s(value);
  }

 private:
  std::string Name(const std::string& base) { return UniqueName(prefix_ + base, taken_); }

  onnx::GraphProto& graph_;
  std::string prefix_;
  std::set<std::string>& taken_;
  std::vector<onnx::NodeProto> nodes_;
};

struct Geometry {
  int64_t c = 0, kh = 0, kw = 0;  // input channels, kernel size
  int64_t k() const { return kh * kw; }
};

// Sampling positions along one axis for every tap, normalised for GridSample: a [N*dg, K, Ho, Wo]
// tensor from the offsets `delta` of that axis. `out_size` is Ho or Wo, `in_size_f` H or W as float.
std::string NormalisedPositions(Emitter& e, const std::string& axis, const std::string& delta,
                                const std::string& out_size, const std::string& in_size_f, int64_t stride,
                                int64_t pad, const std::vector<float>& taps, const std::vector<int64_t>& base_shape) {
  const std::string range = e.Node("Range", axis + "_range", {e.Ints(axis + "_zero", {0}, true), out_size,
                                                              e.Ints(axis + "_one", {1}, true)});
  const std::string range_f = e.Node("Cast", axis + "_range_f", {range});
  e.SetInt("to", onnx::TensorProto::FLOAT);
  // base = out_index * stride - pad, shaped to broadcast over [N*dg, K, Ho, Wo]
  std::string base = e.Node("Mul", axis + "_strided", {range_f, e.Scalar(axis + "_stride", static_cast<float>(stride))});
  base = e.Node("Sub", axis + "_padded", {base, e.Scalar(axis + "_pad", static_cast<float>(pad))});
  base = e.Node("Reshape", axis + "_base", {base, e.Ints(axis + "_base_shape", base_shape)});
  const int64_t k = static_cast<int64_t>(taps.size());
  const std::string tap = e.Floats(axis + "_taps", taps, {1, k, 1, 1});
  std::string pos = e.Node("Add", axis + "_tap_pos", {base, tap});
  pos = e.Node("Add", axis + "_pos", {pos, delta});
  // (2 * pos + 1) / size - 1
  std::string g = e.Node("Mul", axis + "_twice", {pos, e.Scalar(axis + "_two", 2.0f)});
  g = e.Node("Add", axis + "_centred", {g, e.Scalar(axis + "_half", 1.0f)});
  g = e.Node("Div", axis + "_scaled", {g, in_size_f});
  return e.Node("Sub", axis + "_grid", {g, e.Scalar(axis + "_unit", 1.0f)});
}

// Writes the standard-ONNX equivalent of `node` (inputs X, offset, mask, weight[, bias]) into `e`.
void Decompose(Emitter& e, const onnx::NodeProto& node, const DeformConvAttributes& a, const Geometry& geo,
               const std::string& weight_reshaped, const std::string& grid_sample_mode) {
  const std::string& x = node.input(0);
  const std::string& offset = node.input(1);
  const std::string& mask = node.input(2);
  const int64_t k = geo.k(), dg = a.deform_groups;

  // Per deformable group: [N, C, H, W] -> [N*dg, C/dg, H, W]; offsets [N*dg, 2K, Ho, Wo]; masks [N*dg, K, Ho, Wo].
  const std::string xg = e.Node("Reshape", "input_by_group", {x, e.Ints("input_group_shape", {-1, geo.c / dg, 0, 0})});
  const std::string og = e.Node("Reshape", "offset_by_group", {offset, e.Ints("offset_group_shape", {-1, 2 * k, 0, 0})});
  const std::string mg = e.Node("Reshape", "mask_by_group", {mask, e.Ints("mask_group_shape", {-1, k, 0, 0})});
  // mmcv's layout: (dy, dx) per tap.
  const std::string dy = e.Node("Slice", "dy", {og, e.Ints("dy_start", {0}), e.Ints("dy_end", {2 * k}),
                                                e.Ints("d_axis", {1}), e.Ints("d_step", {2})});
  const std::string dx = e.Node("Slice", "dx", {og, e.Ints("dx_start", {1}), e.Ints("dx_end", {2 * k}),
                                                e.Ints("dx_axis", {1}), e.Ints("dx_step", {2})});

  const std::string x_shape = e.Node("Shape", "input_shape", {x});
  const std::string o_shape = e.Node("Shape", "offset_shape", {offset});
  auto dim = [&](const std::string& shape, int64_t index, const std::string& name) {
    return e.Node("Gather", name, {shape, e.Ints(name + "_index", {index}, true)});
  };
  auto as_float = [&](const std::string& value, const std::string& name) {
    const std::string out = e.Node("Cast", name, {value});
    e.SetInt("to", onnx::TensorProto::FLOAT);
    return out;
  };
  const std::string h_f = as_float(dim(x_shape, 2, "height"), "height_f");
  const std::string w_f = as_float(dim(x_shape, 3, "width"), "width_f");
  const std::string out_h = dim(o_shape, 2, "out_height");
  const std::string out_w = dim(o_shape, 3, "out_width");

  std::vector<float> tap_y, tap_x;
  for (int64_t i = 0; i < geo.kh; ++i) {
    for (int64_t j = 0; j < geo.kw; ++j) {
      tap_y.push_back(static_cast<float>(i * a.dilation[0]));
      tap_x.push_back(static_cast<float>(j * a.dilation[1]));
    }
  }
  const std::string gy = NormalisedPositions(e, "y", dy, out_h, h_f, a.stride[0], a.pad[0], tap_y, {1, 1, -1, 1});
  const std::string gx = NormalisedPositions(e, "x", dx, out_w, w_f, a.stride[1], a.pad[1], tap_x, {1, 1, 1, -1});
  // GridSample's grid is [N, Ho, Wo, 2] with x first.
  const std::string last_axis = e.Ints("grid_axis", {4});
  const std::string grid = e.Node("Concat", "grid", {e.Node("Unsqueeze", "grid_x", {gx, last_axis}),
                                                     e.Node("Unsqueeze", "grid_y", {gy, last_axis})});
  e.SetInt("axis", 4);

  std::vector<std::string> columns;
  const std::string column_axis = e.Ints("column_axis", {2});
  for (int64_t t = 0; t < k; ++t) {
    const std::string tag = "tap" + std::to_string(t);
    const std::string grid_t = e.Node("Gather", tag + "_grid", {grid, e.Ints(tag + "_index", {t}, true)});
    e.SetInt("axis", 1);
    const std::string sampled = e.Node("GridSample", tag + "_sample", {xg, grid_t});
    e.SetString("mode", grid_sample_mode);
    e.SetString("padding_mode", "zeros");
    e.SetInt("align_corners", 0);
    const std::string mask_t = e.Node("Slice", tag + "_mask", {mg, e.Ints(tag + "_mask_start", {t}),
                                                              e.Ints(tag + "_mask_end", {t + 1}), e.Ints(tag + "_mask_axis", {1})});
    const std::string modulated = e.Node("Mul", tag + "_modulated", {sampled, mask_t});
    columns.push_back(e.Node("Unsqueeze", tag + "_column", {modulated, column_axis}));
  }
  // [N*dg, C/dg, K, Ho, Wo] -> [N, C*K, Ho, Wo]: channel c*K + tap, the weight's flattened order.
  const std::string stacked = e.Node("Concat", "columns_by_group", columns);
  e.SetInt("axis", 2);
  const std::string batch = e.Node("Slice", "batch", {x_shape, e.Ints("batch_start", {0}), e.Ints("batch_end", {1})});
  const std::string spatial = e.Node("Slice", "out_size", {o_shape, e.Ints("out_size_start", {2}), e.Ints("out_size_end", {4})});
  const std::string columns_shape = e.Node("Concat", "columns_shape", {batch, e.Ints("columns_channels", {-1}), spatial});
  e.SetInt("axis", 0);
  const std::string cols = e.Node("Reshape", "columns", {stacked, columns_shape});

  std::vector<std::string> conv_inputs{cols, weight_reshaped};
  if (node.input_size() > 4 && !node.input(4).empty()) conv_inputs.push_back(node.input(4));
  e.Node("Conv", "conv", conv_inputs, node.output(0));
  e.SetInt("group", a.groups);
  e.SetInts("kernel_shape", {1, 1});
}

class DecomposeDeformableConv : public FixPass {
 public:
  const FixPassInfo& info() const override {
    static const FixPassInfo kInfo{
        "decompose-deformable-conv",
        "Rewrite DCNv2 custom ops (mmcv::MMCVModulatedDeformConv2d, DCNv2; --op DOMAIN:NAME for others) into "
        "GridSample, Mul and Conv, so the model runs without the custom-op library",
        false};
    return kInfo;
  }

  FixChanges Apply(onnx::ModelProto& model, const FixOptions& options) const override {
    FixChanges c;
    c.Add("nodes", "deformable convolutions rewritten", 0);
    const std::string mode = GridSampleMode(model);
    std::set<std::string> custom_domains;
    ForEachGraph(*model.mutable_graph(), [&](onnx::GraphProto& graph, const std::string& where) {
      Rewrite(graph, where, options, mode, custom_domains, c);
    });
    if (!c.changed()) return c;
    RaiseOpset(model, c);
    DropUnusedDomains(model, custom_domains, c);
    return c;
  }

 private:
  // GridSample's bilinear mode is spelt "linear" from opset 20.
  static std::string GridSampleMode(const onnx::ModelProto& model) {
    for (const auto& op : model.opset_import()) {
      if (IsOnnxDomain(op.domain())) return op.version() >= 20 ? "linear" : "bilinear";
    }
    return "bilinear";
  }

  static void Rewrite(onnx::GraphProto& graph, const std::string& where, const FixOptions& options,
                      const std::string& mode, std::set<std::string>& custom_domains, FixChanges& c) {
    std::set<std::string> taken;
    CollectNames(graph, taken);
    std::vector<onnx::NodeProto> rewritten;
    std::set<std::string> replaced_weights;
    bool any = false;
    for (int i = 0; i < graph.node_size(); ++i) {
      const onnx::NodeProto& node = graph.node(i);
      if (!Matches(node, options.deformable_conv_ops)) {
        rewritten.push_back(node);
        continue;
      }
      const std::string label = NodeLabel(node, i) + (where.empty() ? "" : " in " + where);
      if (node.input_size() < 4 || node.output_size() < 1) {
        Refuse(label, "expected inputs (input, offset, mask, weight[, bias]) and one output, found " +
                          std::to_string(node.input_size()) + " inputs");
      }
      const DeformConvAttributes a = ReadAttributes(node, label);
      const onnx::TensorProto* weight = FindConstant(graph, node.input(3));
      if (weight == nullptr || weight->dims_size() != 4) {
        Refuse(label, "the weight '" + node.input(3) +
                          "' must be a constant 4-D tensor [Cout, C/groups, kh, kw] (an initializer or Constant)");
      }
      Geometry geo{weight->dims(1) * a.groups, weight->dims(2), weight->dims(3)};
      if (weight->dims(0) % a.groups != 0 || geo.c % a.deform_groups != 0) {
        Refuse(label, "the weight " + ShapeText(*weight) + " does not divide into " + std::to_string(a.groups) +
                          " groups and " + std::to_string(a.deform_groups) + " deformable groups");
      }
      const std::string prefix = (node.name().empty() ? "deform_conv_" + std::to_string(i) : node.name()) + "/decomposed/";
      Emitter e(graph, prefix, taken);
      // The weight reshaped for the 1x1 Conv over the columns: same bytes, new dims.
      onnx::TensorProto reshaped = *weight;
      reshaped.set_name(UniqueName(prefix + "weight", taken));
      reshaped.clear_dims();
      for (int64_t d : {weight->dims(0), weight->dims(1) * geo.k(), int64_t{1}, int64_t{1}}) reshaped.add_dims(d);
      const std::string weight_name = reshaped.name();
      *graph.add_initializer() = std::move(reshaped);
      replaced_weights.insert(node.input(3));
      Decompose(e, node, a, geo, weight_name, mode);
      for (auto& n : e.nodes()) rewritten.push_back(std::move(n));
      custom_domains.insert(node.domain());
      c.Add("nodes", "deformable convolutions rewritten");
      c.details.push_back(label + " -> " + std::to_string(geo.k()) + " GridSample (one per kernel tap, " +
                          std::to_string(a.deform_groups) + " deformable group" + (a.deform_groups == 1 ? "" : "s") +
                          ") and a " + std::to_string(a.groups) + "-group 1x1 Conv over the masked samples");
      any = true;
    }
    if (!any) return;
    graph.clear_node();
    for (auto& n : rewritten) *graph.add_node() = std::move(n);
    RemoveUnreadWeights(graph, replaced_weights);
  }

  static std::string ShapeText(const onnx::TensorProto& t) {
    std::string out = "[";
    for (int i = 0; i < t.dims_size(); ++i) out += (i ? "," : "") + std::to_string(t.dims(i));
    return out + "]";
  }

  static void RaiseOpset(onnx::ModelProto& model, FixChanges& c) {
    for (auto& op : *model.mutable_opset_import()) {
      if (!IsOnnxDomain(op.domain())) continue;
      if (op.version() < kGridSampleOpset) {
        c.details.push_back("opset raised from " + std::to_string(op.version()) + " to " +
                            std::to_string(kGridSampleOpset) + " for GridSample (verification covers the whole model)");
        op.set_version(kGridSampleOpset);
      }
      return;
    }
    auto& op = *model.add_opset_import();
    op.set_domain("");
    op.set_version(kGridSampleOpset);
  }

  static void DropUnusedDomains(onnx::ModelProto& model, const std::set<std::string>& domains, FixChanges& c) {
    std::set<std::string> used;
    ForEachGraph(*model.mutable_graph(), [&](onnx::GraphProto& graph, const std::string&) {
      for (const auto& node : graph.node()) used.insert(node.domain());
    });
    for (const auto& fn : model.functions()) used.insert(fn.domain());
    auto* imports = model.mutable_opset_import();
    for (int i = imports->size() - 1; i >= 0; --i) {
      const std::string& domain = imports->Get(i).domain();
      if (domains.count(domain) && !used.count(domain)) {
        c.details.push_back("opset import of domain '" + domain + "' removed: no node uses it any more");
        imports->DeleteSubrange(i, 1);
      }
    }
  }
};

}  // namespace

std::unique_ptr<FixPass> MakeDecomposeDeformableConvPass() { return std::make_unique<DecomposeDeformableConv>(); }

}  // namespace ortkit::graph
