// Helpers shared by the check rules.
#include "graph/checks/check_util.h"

#include <algorithm>
#include <limits>

#include <onnx/defs/data_type_utils.h>

#include "core/shell_words.h"

namespace ortkit::graph {

Finding NewFinding(const RuleInfo& info, Severity severity, const std::string& location_kind,
                   const std::string& location) {
  Finding f;
  f.rule_id = info.id;
  f.rule = info.name;
  f.severity = severity;
  f.location_kind = location_kind;
  f.location = location;
  return f;
}

bool HasFinding(const std::vector<Finding>& findings, const std::string& rule_id, const std::string& location) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return f.rule_id == rule_id && f.location == location; });
}

bool IsOnnxSchemaDomain(const std::string& domain) {
  const std::string d = CanonicalDomain(domain);
  return d.empty() || d == "ai.onnx.ml" || d == "ai.onnx.training" || d == "ai.onnx.preview.training";
}

bool IsOrtDomain(const std::string& domain) {
  return domain == "com.microsoft" || domain == "com.microsoft.nchwc" || domain == "com.microsoft.experimental" ||
         domain == "com.ms.internal.nhwc";
}

int LibraryMaxOpset(const std::string& domain) {
  const auto& ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  auto it = ranges.find(CanonicalDomain(domain));
  return it == ranges.end() ? 0 : it->second.second;
}

const onnx::OpSchema* FindSchema(const GraphIndex& index, const onnx::NodeProto& node) {
  const std::optional<int64_t> version = index.Opset(node.domain());
  if (!version || *version < 1) return nullptr;
  const int v = static_cast<int>(std::min<int64_t>(*version, std::numeric_limits<int>::max()));
  return onnx::OpSchemaRegistry::Schema(node.op_type(), v, CanonicalDomain(node.domain()));
}

std::string TypeString(const onnx::TypeProto* type) {
  if (type == nullptr) return "";
  // ToType needs every element type set; a half-known type (a sequence of unknown tensors) is unknown.
  const onnx::TypeProto* inner = type;
  while (true) {
    if (inner->has_sequence_type()) {
      inner = &inner->sequence_type().elem_type();
    } else if (inner->has_optional_type()) {
      inner = &inner->optional_type().elem_type();
    } else {
      break;
    }
  }
  if (inner->has_tensor_type() && inner->tensor_type().elem_type() == 0) return "";
  if (inner->has_sparse_tensor_type() && inner->sparse_tensor_type().elem_type() == 0) return "";
  if (inner->value_case() == onnx::TypeProto::VALUE_NOT_SET) return "";
  try {
    return *onnx::Utils::DataTypeUtils::ToType(*type);
  } catch (const std::exception&) {
    return "";  // a type ONNX cannot name (an element type number it does not know)
  }
}

std::vector<InputBinding> BindInputs(const onnx::OpSchema& schema, const onnx::NodeProto& node,
                                     const GraphIndex& index, int graph) {
  std::vector<InputBinding> out;
  const auto& formals = schema.inputs();
  if (formals.empty()) return out;
  const bool last_variadic = formals.back().GetOption() == onnx::OpSchema::Variadic;
  for (int i = 0; i < node.input_size(); ++i) {
    if (node.input(i).empty()) continue;
    std::size_t f = static_cast<std::size_t>(i);
    if (f >= formals.size()) {
      if (!last_variadic) break;
      f = formals.size() - 1;
    }
    const onnx::OpSchema::FormalParameter& formal = formals[f];
    InputBinding b;
    b.input = i;
    b.name = node.input(i);
    b.type = TypeString(index.TypeOf(graph, b.name));
    b.type_param = formal.GetTypeStr();
    b.homogeneous = formal.GetOption() != onnx::OpSchema::Variadic || formal.GetIsHomogeneous();
    for (const auto& param : schema.typeConstraintParams()) {
      if (param.type_param_str == b.type_param) {
        b.is_type_param = true;
        b.allowed = param.allowed_type_strs;
      }
    }
    if (!b.is_type_param) b.allowed = {b.type_param};
    out.push_back(std::move(b));
  }
  return out;
}

std::string ListNames(const std::vector<std::string>& names, std::size_t max_shown) {
  std::string out;
  const std::size_t shown = names.size() <= max_shown ? names.size() : max_shown;
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + names[i];
  if (shown < names.size()) out += " and " + std::to_string(names.size() - shown) + " more";
  return out;
}

std::string CountOf(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string Quoted(const std::string& name) { return "'" + name + "'"; }

std::string FixCommandLine(const std::string& model_path, const std::vector<std::string>& passes,
                           const std::vector<std::string>& flags) {
  std::vector<std::string> words{"ortkit", "fix", model_path, "-o", "fixed.onnx"};
  for (const std::string& pass : passes) words.insert(words.end(), {"--pass", pass});
  words.insert(words.end(), flags.begin(), flags.end());
  return core::ShellLine(words);
}

void AddFixCommands(const std::string& model_path, std::vector<Finding>& findings,
                    const std::vector<std::string>& custom_op_libraries) {
  std::vector<std::string> load_passes;  // what makes the errors go, in the order found
  for (const Finding& f : findings) {
    if (f.severity != Severity::kError) continue;
    if (f.fix_pass.empty()) return;  // ORT refuses the model whatever ortkit fixes
    if (std::find(load_passes.begin(), load_passes.end(), f.fix_pass) == load_passes.end()) {
      load_passes.push_back(f.fix_pass);
    }
  }
  for (Finding& f : findings) {
    if (f.fix_pass.empty() || !f.command.empty()) continue;
    std::vector<std::string> passes = load_passes;
    if (std::find(passes.begin(), passes.end(), f.fix_pass) == passes.end()) passes.push_back(f.fix_pass);
    std::vector<std::string> flags = f.fix_flags;
    for (const std::string& library : custom_op_libraries) flags.insert(flags.end(), {"--custom-op-library", library});
    f.command = FixCommandLine(model_path, passes, flags);
  }
}

}  // namespace ortkit::graph
