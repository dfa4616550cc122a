// Rule ORTKIT008 (dynamic-dims): free dimensions on the inputs (unnamed ones above all), outputs
// whose shape inference cannot resolve, and the errors ONNX shape inference reported.
#include <cstdint>
#include <limits>
#include <regex>
#include <vector>

#include "graph/checks/check_util.h"
#include "graph/checks/rules.h"
#include "ortkit/element_type.h"

namespace ortkit::graph {
namespace {

// Inference names dims it cannot derive "unk__0", "unk__1", ...: as unknown as no name at all.
bool IsUnnamedFree(const onnx::TensorShapeProto_Dimension& d) {
  return !d.has_dim_value() && (d.dim_param().empty() || d.dim_param().rfind("unk__", 0) == 0);
}

// "float32[batch,3,?]" for messages.
std::string Describe(const onnx::TypeProto_Tensor& t) {
  std::string out(ElementTypeName(ElementTypeFromOnnx(t.elem_type())));
  out += '[';
  for (int i = 0; i < t.shape().dim_size(); ++i) {
    const auto& d = t.shape().dim(i);
    out += (i ? "," : "") + (d.has_dim_value() ? std::to_string(d.dim_value()) : IsUnnamedFree(d) ? "?" : d.dim_param());
  }
  return out + ']';
}

class DynamicDimsRule final : public Rule {
 public:
  const RuleInfo& info() const override { return info_; }

  void Check(const CheckContext& context, std::vector<Finding>& findings) const override {
    const GraphInfo& main = context.index.main();
    for (const onnx::ValueInfoProto& v : main.proto->input()) {
      if (main.initializers.count(v.name())) continue;
      // The declared type, not the inferred one: shape inference turns a negative size into "?".
      if (v.type().has_tensor_type() && InvalidDims(v.name(), v.type().tensor_type(), findings)) continue;
      CheckInput(context, v.name(), findings);
    }
    for (const onnx::ValueInfoProto& v : main.proto->output()) CheckOutput(context, v.name(), findings);
    for (const std::string& error : context.index.inference_errors()) InferenceError(context, error, findings);
  }

 private:
  // Negative sizes, and fixed sizes whose product overflows 64 bits: ONNX Runtime loads such a
  // model and quietly treats a negative size as free, so only the first run (or never) shows it.
  bool InvalidDims(const std::string& name, const onnx::TypeProto_Tensor& t, std::vector<Finding>& findings) const {
    std::vector<std::string> negative;
    bool overflow = false;
    int64_t elements = 1;
    for (int i = 0; i < t.shape().dim_size(); ++i) {
      const auto& d = t.shape().dim(i);
      if (!d.has_dim_value()) continue;
      if (d.dim_value() < 0) {
        negative.push_back(std::to_string(i) + " (" + std::to_string(d.dim_value()) + ")");
      } else if (!overflow && d.dim_value() > 0 && elements > std::numeric_limits<int64_t>::max() / d.dim_value()) {
        overflow = true;
      } else if (!overflow) {
        elements *= d.dim_value();
      }
    }
    if (negative.empty() && !overflow) return false;
    Finding f = NewFinding(info_, Severity::kError, "input", name);
    f.message = "input " + Quoted(name) + " " + Describe(t) + ": ";
    if (!negative.empty()) {
      f.message += (negative.size() == 1 ? "dimension " : "dimensions ") + ListNames(negative) + " negative";
      f.why = "a size below zero is invalid ONNX; ONNX Runtime quietly treats it as a free dimension, so the "
              "declared signature is not what the model accepts";
    } else {
      f.message += "its fixed sizes multiply to more than 2^63 - 1 elements";
      f.why = "no tensor of that shape can exist: every caller's input will be refused";
    }
    f.fix = "declare the size in the export as a positive number, or as a named free dimension (dim_param)";
    findings.push_back(std::move(f));
    return true;
  }

  void CheckInput(const CheckContext& context, const std::string& name, std::vector<Finding>& findings) const {
    const onnx::TypeProto* type = context.index.TypeOf(0, name);
    if (type == nullptr || !type->has_tensor_type()) return;  // sequences, maps: their shapes are per element
    const onnx::TypeProto_Tensor& t = type->tensor_type();
    Finding f = NewFinding(info_, Severity::kInfo, "input", name);
    f.fix_pass = "fix-dims";
    if (!t.has_shape()) {
      f.severity = Severity::kWarning;
      f.message = "input " + Quoted(name) + " declares no shape (its rank is unknown)";
      f.why = "callers cannot tell what to feed, and providers that compile for static shapes cannot take the model";
      f.fix = "declare the input's shape in the export, or set it";
      findings.push_back(std::move(f));
      return;
    }
    std::vector<std::string> unnamed, named;
    // The sizes to give `ortkit fix`: 1 each.
    std::string shape = name + "=", dim_flags;
    std::vector<std::string> dim_words;
    for (int i = 0; i < t.shape().dim_size(); ++i) {
      const auto& d = t.shape().dim(i);
      shape += (i ? "x" : "") + (d.has_dim_value() ? std::to_string(d.dim_value()) : "1");
      if (d.has_dim_value()) continue;
      if (IsUnnamedFree(d)) {
        unnamed.push_back(std::to_string(i));
      } else {
        named.push_back(Quoted(d.dim_param()));
        dim_flags += (dim_flags.empty() ? "--dim " : " --dim ") + d.dim_param() + "=1";
        dim_words.insert(dim_words.end(), {"--dim", d.dim_param() + "=1"});
      }
    }
    if (unnamed.empty() && named.empty()) return;
    f.message = "input " + Quoted(name) + " " + Describe(t) + ": ";
    if (!unnamed.empty()) {
      f.severity = Severity::kWarning;
      f.message += (unnamed.size() == 1 ? "dimension " : "dimensions ") + ListNames(unnamed) + " free and unnamed";
      if (!named.empty()) f.message += "; ";
      f.why = "an unnamed free dimension cannot be set by name (ortkit's --dim, ORT's free-dimension overrides), "
              "and providers that compile for static shapes (TensorRT, CoreML, NNAPI, QNN) cannot build for it";
      f.fix = "name it in the export (dynamic_axes), or fix its size (e.g. --shape " + shape + ")";
      f.fix_flags = {"--shape", shape};
    }
    if (!named.empty()) {
      f.message += (named.size() == 1 ? "free dimension " : "free dimensions ") + ListNames(named);
      if (unnamed.empty()) {
        f.why = "providers that compile for static shapes (TensorRT, CoreML, NNAPI, QNN) need every dimension "
                "fixed, and ONNX Runtime cannot plan memory ahead for free ones";
        f.fix = "if the deployment always uses one size, fix it (e.g. " + dim_flags + ")";
        f.fix_flags = dim_words;
      }
    }
    findings.push_back(std::move(f));
  }

  void CheckOutput(const CheckContext& context, const std::string& name, std::vector<Finding>& findings) const {
    const onnx::TypeProto* type = context.index.TypeOf(0, name);
    const bool tensor = type != nullptr && type->has_tensor_type();
    if (type != nullptr && !tensor) return;
    Finding f = NewFinding(info_, Severity::kWarning, "output", name);
    if (!tensor || !type->tensor_type().has_shape()) {
      f.message = "output " + Quoted(name) + ": shape inference cannot resolve its " + (tensor ? "shape" : "type");
      f.why = "callers cannot preallocate it, later tools (memory estimates, provider coverage) know nothing of it, "
              "and static-shape providers cannot compile the graph";
      f.fix = "declare the output's type and shape in the export, or fix the input dimensions it depends on";
      findings.push_back(std::move(f));
      return;
    }
    std::vector<std::string> unknown;
    const auto& dims = type->tensor_type().shape().dim();
    for (int i = 0; i < dims.size(); ++i) {
      if (IsUnnamedFree(dims[i])) unknown.push_back(std::to_string(i));
    }
    if (unknown.empty()) return;
    f.severity = Severity::kInfo;
    f.message = "output " + Quoted(name) + " " + Describe(type->tensor_type()) + ": " +
                (unknown.size() == 1 ? "dimension " : "dimensions ") + ListNames(unknown) +
                " cannot be derived from the input shapes (data-dependent, or lost by an op inference can't follow)";
    f.why = "callers cannot preallocate the output, and static-shape providers cannot compile the graph";
    f.fix = "if the size follows from the inputs, fix the input dimensions or re-export with named dynamic axes; "
            "data-dependent sizes (NonZero, NonMaxSuppression) are inherent";
    findings.push_back(std::move(f));
  }

  void InferenceError(const CheckContext& context, const std::string& error, std::vector<Finding>& findings) const {
    // ONNX names the node as "(op_type:Div, node name: Div_337)".
    static const std::regex kNode(R"(\(op_type:([^,]*), node name: ([^)]*)\))");
    std::smatch m;
    std::string kind = "model", location = "shape-inference", op;
    if (std::regex_search(error, m, kNode)) {
      op = m[1].str();
      const auto& graphs = context.index.graphs();
      for (std::size_t g = 0; g < graphs.size() && kind == "model"; ++g) {
        for (int i = 0; i < graphs[g].proto->node_size(); ++i) {
          const onnx::NodeProto& node = graphs[g].proto->node(i);
          if (node.op_type() == op && node.name() == m[2].str()) {
            kind = "node";
            location = context.index.NodeLocation(static_cast<int>(g), i);
            break;
          }
        }
      }
    }
    // The type rules explain such nodes better (same cause, a precise fix).
    if (HasFinding(findings, kTypeConflictId, location) || HasFinding(findings, kUnsupportedTypeId, location)) return;
    Finding f = NewFinding(info_, Severity::kWarning, kind, location);
    f.op_type = op;
    f.message = "ONNX shape inference failed: " + error;
    f.why = "ONNX Runtime runs the same inference when it loads the model, so it may refuse it; and shapes after "
            "this point stay unknown to every tool";
    f.fix = "fix the inputs or attributes the error names, or re-export";
    findings.push_back(std::move(f));
  }

  RuleInfo info_{kDynamicDimsId, "dynamic-dims",
                 "Free input dimensions, outputs with unresolved shapes, shape inference errors", false};
};

}  // namespace

std::unique_ptr<Rule> MakeDynamicDimsRule() { return std::make_unique<DynamicDimsRule>(); }

}  // namespace ortkit::graph
