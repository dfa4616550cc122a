// Which input shapes a benchmark runs: --dim lists and ranges, shape files, the mix order.
#include "bench/shape_plan.h"

#include <fstream>
#include <sstream>

#include "bench/seeded_random.h"
#include "ortkit/error.h"

namespace ortkit::bench {
namespace {

constexpr const char* kDimSyntax =
    "expected NAME=VALUE, NAME=V1,V2,... or NAME=FIRST..LAST[:STEP] with non-negative integers";

bool ParseCount(const std::string& text, int64_t* out) {
  if (text.empty() || text.size() > 18) return false;  // 18 digits always fit in int64
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}

// "5..100" or "5..100:5" into its values; "" or what is wrong.
std::string ParseRange(const std::string& text, std::vector<int64_t>* values) {
  const auto dots = text.find("..");
  std::string last_text = text.substr(dots + 2);
  std::string step_text = "1";
  if (const auto colon = last_text.find(':'); colon != std::string::npos) {
    step_text = last_text.substr(colon + 1);
    last_text.resize(colon);
  }
  int64_t first = 0, last = 0, step = 0;
  if (!ParseCount(text.substr(0, dots), &first) || !ParseCount(last_text, &last) ||
      !ParseCount(step_text, &step)) {
    return "bad range '" + text + "': " + kDimSyntax;
  }
  if (first > last) return "range '" + text + "' is empty: FIRST must not exceed LAST";
  if (step == 0) return "range '" + text + "': STEP must be at least 1";
  if ((last - first) / step + 1 > static_cast<int64_t>(kMaxShapes)) {
    return "range '" + text + "' has more than " + std::to_string(kMaxShapes) + " values";
  }
  for (int64_t v = first; v <= last; v += step) values->push_back(v);
  return {};
}

void AddRequest(ShapePlan& plan, const DimSizes& sizes) {
  for (std::size_t i = 0; i < plan.shapes.size(); ++i) {
    if (plan.shapes[i] == sizes) {
      ++plan.weights[i];
      return;
    }
  }
  plan.shapes.push_back(sizes);
  plan.weights.push_back(1);
}

}  // namespace

std::string ShapeLabel(const DimSizes& sizes) {
  std::string label;
  for (const auto& [name, size] : sizes) label += (label.empty() ? "" : ",") + name + "=" + std::to_string(size);
  return label.empty() ? "default" : label;
}

std::string ParseDimFlag(const std::string& text, std::string* name, std::vector<int64_t>* values) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return "'" + text + "': " + kDimSyntax;
  *name = text.substr(0, eq);
  const std::string rest = text.substr(eq + 1);
  values->clear();
  if (rest.find("..") != std::string::npos) {
    const std::string why = ParseRange(rest, values);
    return why.empty() ? why : "'" + text + "': " + why;
  }
  std::stringstream items(rest);
  for (std::string item; std::getline(items, item, ',');) {
    int64_t v = 0;
    if (!ParseCount(item, &v)) return "'" + text + "': " + kDimSyntax;
    values->push_back(v);
  }
  if (values->empty() || rest.back() == ',') return "'" + text + "': " + kDimSyntax;
  return {};
}

ShapePlan ShapesFromDims(const std::vector<std::string>& flags) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> axes;
  for (const auto& flag : flags) {
    std::string name;
    std::vector<int64_t> values;
    if (const std::string why = ParseDimFlag(flag, &name, &values); !why.empty()) {
      throw Error(ErrorCategory::kConfig, "--dim: " + why);
    }
    for (const auto& axis : axes) {
      if (axis.first == name) throw Error(ErrorCategory::kConfig, "--dim: '" + name + "' is given twice");
    }
    axes.emplace_back(std::move(name), std::move(values));
  }
  std::size_t total = 1;
  for (const auto& axis : axes) {
    total *= axis.second.size();
    if (total > kMaxShapes) {
      throw Error(ErrorCategory::kConfig, "--dim: the values make more than " + std::to_string(kMaxShapes) +
                                              " shapes; each is measured on its own, so give fewer");
    }
  }
  ShapePlan plan;
  if (axes.empty()) return plan;
  for (std::size_t index = 0; index < total; ++index) {
    DimSizes sizes;
    std::size_t rest = index;
    for (auto axis = axes.rbegin(); axis != axes.rend(); ++axis) {  // the last flag varies fastest
      sizes[axis->first] = axis->second[rest % axis->second.size()];
      rest /= axis->second.size();
    }
    AddRequest(plan, sizes);
  }
  return plan;
}

ShapePlan ParseShapeText(const std::string& text, const std::string& label) {
  ShapePlan plan;
  std::istringstream lines(text);
  int line_number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++line_number;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::istringstream words(line);
    DimSizes sizes;
    for (std::string word; words >> word;) {
      const auto eq = word.find('=');
      int64_t size = 0;
      if (eq == std::string::npos || eq == 0 || !ParseCount(word.substr(eq + 1), &size)) {
        throw Error(ErrorCategory::kConfig, label + ":" + std::to_string(line_number) +
                                                ": expected NAME=VALUE pairs (e.g. batch=1 seq=37), got '" + word + "'");
      }
      if (!sizes.emplace(word.substr(0, eq), size).second) {
        throw Error(ErrorCategory::kConfig, label + ":" + std::to_string(line_number) + ": '" +
                                                word.substr(0, eq) + "' is given twice");
      }
    }
    if (sizes.empty()) continue;
    AddRequest(plan, sizes);
    if (plan.shapes.size() > kMaxShapes) {
      throw Error(ErrorCategory::kConfig, label + ": more than " + std::to_string(kMaxShapes) + " distinct shapes");
    }
  }
  if (plan.shapes.empty()) throw Error(ErrorCategory::kConfig, label + ": no requests (expected lines like 'batch=1 seq=37')");
  return plan;
}

ShapePlan ReadShapeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCategory::kIo, "--shape-file: cannot read '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseShapeText(text.str(), path);
}

std::vector<std::size_t> MixSequence(const ShapePlan& plan, uint64_t seed) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < plan.shapes.size(); ++i) order.insert(order.end(), plan.weights[i], i);
  if (order.empty()) return {0};
  SeededRandom random(seed, "mix");
  for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[random.NextBelow(i + 1)]);
  return order;
}

}  // namespace ortkit::bench
