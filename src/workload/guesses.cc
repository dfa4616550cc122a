// Guessing inputs' values from the graph: lengths, Gather indices, masks.
#include "workload/guesses.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "graph/mapped_file.h"
#include "graph/model_file.h"
#include "graph/payload_strip.h"

namespace ortkit::workload {
namespace {

bool IsInteger(ElementType type) {
  switch (type) {
    case ElementType::kInt8: case ElementType::kUInt8: case ElementType::kInt16: case ElementType::kUInt16:
    case ElementType::kInt32: case ElementType::kUInt32: case ElementType::kInt64: case ElementType::kUInt64:
      return true;
    default:
      return false;
  }
}

bool IsTensor(const ValueSpec& spec) { return spec.kind == ValueKind::kTensor && spec.has_shape; }

// The dimension a lengths input should hold: the first free axis after the batch axis of another
// input whose batch axis is `batch`. Floating inputs (features) are preferred over others.
std::optional<std::string> VaryingDimOf(const std::vector<ValueSpec>& inputs, const ValueSpec& lengths) {
  const Dim& batch = lengths.shape[0];
  if (!batch.is_fixed() && batch.symbol.empty()) return std::nullopt;  // an unnamed dim matches nothing
  for (const bool floats_only : {true, false}) {
    for (const auto& other : inputs) {
      if (&other == &lengths || !IsTensor(other) || other.shape.size() < 2 || !(other.shape[0] == batch)) continue;
      if (floats_only && IsInteger(other.element_type)) continue;
      for (std::size_t axis = 1; axis < other.shape.size(); ++axis) {
        const Dim& d = other.shape[axis];
        if (d.is_fixed()) continue;
        return d.symbol.empty() ? DimKey(other.name, axis) : d.symbol;
      }
    }
  }
  return std::nullopt;
}

// Ops that pass indices through unchanged in value (shape aside).
bool PassesValuesThrough(const std::string& op) {
  static const std::set<std::string> ops{"Cast", "Identity", "Unsqueeze", "Squeeze", "Reshape", "Flatten", "Expand"};
  return ops.count(op) > 0;
}

struct GatherUse {
  int64_t rows = 0;
  std::string node;
};

class GraphView {
 public:
  explicit GraphView(const onnx::GraphProto& graph) {
    for (const auto& init : graph.initializer()) shapes_[init.name()] = {init.dims().begin(), init.dims().end()};
    for (const auto& node : graph.node()) {
      if (node.op_type() == "Constant" && node.output_size() == 1) {
        for (const auto& attr : node.attribute()) {
          if (attr.name() == "value" && attr.has_t()) shapes_[node.output(0)] = {attr.t().dims().begin(), attr.t().dims().end()};
        }
      }
      for (int i = 0; i < node.input_size(); ++i) consumers_[node.input(i)].push_back({&node, i});
    }
  }

  // The smallest gathered axis among the Gathers that use `value` (or what it passes into) as indices.
  std::optional<GatherUse> GatherOf(const std::string& value, int depth = 0) const {
    const auto it = consumers_.find(value);
    if (it == consumers_.end() || depth > 8) return std::nullopt;
    std::optional<GatherUse> best;
    for (const auto& [node, slot] : it->second) {
      std::optional<GatherUse> use;
      if (node->op_type() == "Gather" && slot == 1) {
        use = Rows(*node);
      } else if (PassesValuesThrough(node->op_type()) && slot == 0 && node->output_size() >= 1) {
        use = GatherOf(node->output(0), depth + 1);
      }
      if (use && (!best || use->rows < best->rows)) best = use;
    }
    return best;
  }

 private:
  std::optional<GatherUse> Rows(const onnx::NodeProto& gather) const {
    const auto shape = shapes_.find(gather.input(0));
    if (shape == shapes_.end() || shape->second.empty()) return std::nullopt;
    int64_t axis = 0;
    for (const auto& attr : gather.attribute()) {
      if (attr.name() == "axis") axis = attr.i();
    }
    const auto rank = static_cast<int64_t>(shape->second.size());
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank || shape->second[static_cast<std::size_t>(axis)] < 1) return std::nullopt;
    return GatherUse{shape->second[static_cast<std::size_t>(axis)], gather.name().empty() ? gather.output(0) : gather.name()};
  }

  std::map<std::string, std::vector<int64_t>> shapes_;
  std::map<std::string, std::vector<std::pair<const onnx::NodeProto*, int>>> consumers_;
};

}  // namespace

bool NameSaysLength(const std::string& name) {
  static const std::set<std::string> words{"len", "lens", "length", "lengths", "seqlen", "seqlens"};
  std::string word;
  std::vector<std::string> parts;
  for (char c : name + "_") {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      parts.push_back(word);
      word.clear();
    }
  }
  return std::any_of(parts.begin(), parts.end(), [](const std::string& w) { return words.count(w) > 0; });
}

std::vector<ValueRule> GuessValueRules(const onnx::GraphProto& graph, const std::vector<ValueSpec>& inputs) {
  const GraphView view(graph);
  std::vector<ValueRule> rules;
  for (const auto& input : inputs) {
    if (!IsTensor(input)) continue;
    ValueRule rule;
    rule.input = input.name;
    if (input.element_type == ElementType::kBool) {
      rule.fill = ValueRule::Fill::kConstant;
      rule.constant = 1;
      rule.guess = "a boolean mask: all true";
      rules.push_back(rule);
      continue;
    }
    if (!IsInteger(input.element_type)) continue;
    if (input.shape.size() == 1 && NameSaysLength(input.name)) {
      if (const auto dim = VaryingDimOf(inputs, input)) {
        rule.fill = ValueRule::Fill::kDimSize;
        rule.dim = *dim;
        rule.guess = "a lengths input";
        rules.push_back(rule);
        continue;
      }
    }
    if (const auto gather = view.GatherOf(input.name)) {
      rule.fill = ValueRule::Fill::kUniform;
      rule.low = 0;
      rule.high = static_cast<double>(gather->rows - 1);
      rule.guess = fmt::format("indices of Gather '{}', which has {} rows", gather->node, gather->rows);
      rules.push_back(rule);
    }
  }
  return rules;
}

std::vector<ValueRule> GuessValueRulesForFile(const std::string& path, const std::vector<ValueSpec>& inputs) {
  const graph::MappedFile file(path);
  // Only shapes are read: payloads over 64 bytes are dropped, so a large model parses quickly.
  const std::string stripped = graph::StripTensorPayloads(file.bytes(), path, 64);
  const onnx::ModelProto model = graph::ParseModel(stripped, path);
  return GuessValueRules(model.graph(), inputs);
}

void AddGuesses(const std::string& model_path, const std::vector<ValueSpec>& specs, InputRequest* request) {
  std::vector<ValueRule> guesses = GuessValueRulesForFile(model_path, specs);
  guesses.erase(std::remove_if(guesses.begin(), guesses.end(),
                               [&](const ValueRule& guess) {
                                 return std::any_of(request->files.begin(), request->files.end(),
                                                    [&](const auto& file) { return file.first == guess.input; });
                               }),
                guesses.end());
  request->values = MergeRules(request->values, guesses);
}

std::vector<std::string> DescribeGuesses(const std::vector<ValueRule>& values) {
  std::vector<std::string> lines;
  for (const auto& rule : values) {
    if (!rule.guess.empty()) lines.push_back(rule.Describe());
  }
  return lines;
}

}  // namespace ortkit::workload
