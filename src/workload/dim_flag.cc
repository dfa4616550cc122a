// Parsing --dim values, and the shapes a set of flags names.
#include "workload/dim_flag.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::workload {
namespace {

constexpr const char* kSyntax = "expected NAME=8, NAME=1,2,4 or NAME=5..100[:STEP], or INPUT:AXIS=... for an "
                                "unnamed dimension";

// A size: digits only, at most 12 of them (a trillion is beyond any dimension anyway).
bool ParseSize(const std::string& text, int64_t* out) {
  if (text.empty() || text.size() > 12 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  *out = std::stoll(text);
  return true;
}

// Adds the sizes `item` names (a size or MIN..MAX[:STEP]) to `flag`; "" or what is wrong.
std::string AddItem(const std::string& item, DimFlag* flag, std::set<int64_t>* seen) {
  int64_t first = 0, last = 0, step = 1;
  const auto dots = item.find("..");
  if (dots == std::string::npos) {
    if (!ParseSize(item, &first)) return "'" + item + "' is not a size";
    last = first;
  } else {
    std::string last_text = item.substr(dots + 2);
    if (const auto colon = last_text.find(':'); colon != std::string::npos) {
      if (!ParseSize(last_text.substr(colon + 1), &step)) return "'" + item + "': STEP is not a size";
      last_text.resize(colon);
    }
    if (!ParseSize(item.substr(0, dots), &first) || !ParseSize(last_text, &last)) {
      return "'" + item + "' is not a range of sizes";
    }
    if (first > last) return "the range '" + item + "' is empty: its start is above its end";
    if (step < 1) return "the range '" + item + "' needs a STEP of at least 1";
    flag->has_range = true;
  }
  if (first < 1) return "sizes must be at least 1";
  if ((last - first) / step >= static_cast<int64_t>(kMaxSizes)) {
    return fmt::format("'{}' names more than {} sizes", item, kMaxSizes);
  }
  for (int64_t v = first; v <= last; v += step) {
    if (seen->insert(v).second) flag->values.push_back(v);
    if (flag->values.size() > kMaxSizes) return fmt::format("more than {} sizes", kMaxSizes);
  }
  return {};
}

// "" when `name` is a symbol or INPUT:AXIS, else what is wrong.
std::string CheckName(const std::string& name) {
  if (name.empty()) return "no NAME before '='";
  const auto colon = name.rfind(':');
  if (colon == std::string::npos) return {};
  int64_t axis = 0;
  if (colon == 0 || !ParseSize(name.substr(colon + 1), &axis)) {
    return "'" + name + "' is neither a dimension's name nor INPUT:AXIS";
  }
  return {};
}

std::string Parse(const std::string& text, DimFlag* flag) {
  flag->text = text;
  const auto eq = text.rfind('=');
  if (eq == std::string::npos) return kSyntax;
  flag->name = text.substr(0, eq);
  if (const std::string why = CheckName(flag->name); !why.empty()) return why;
  const std::string list = text.substr(eq + 1);
  if (list.empty()) return std::string("no sizes after '='; ") + kSyntax;
  std::set<int64_t> seen;
  std::size_t start = 0;
  for (;;) {
    const auto comma = list.find(',', start);
    const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (const std::string why = AddItem(item, flag, &seen); !why.empty()) return why;
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return {};
}

}  // namespace

std::string DimKey(const std::string& input, std::size_t axis) { return input + ":" + std::to_string(axis); }

int64_t DimFlag::min() const { return values.empty() ? 0 : *std::min_element(values.begin(), values.end()); }
int64_t DimFlag::max() const { return values.empty() ? 0 : *std::max_element(values.begin(), values.end()); }

std::string CheckDimFlag(const std::string& text) {
  DimFlag flag;
  const std::string why = Parse(text, &flag);
  return why.empty() ? why : "'" + text + "': " + why;
}

DimFlag ParseDimFlag(const std::string& text) {
  DimFlag flag;
  if (const std::string why = Parse(text, &flag); !why.empty()) {
    throw Error(ErrorCategory::kConfig, "--dim '" + text + "': " + why);
  }
  return flag;
}

std::vector<DimFlag> ParseDimFlags(const std::vector<std::string>& texts) {
  std::vector<DimFlag> flags;
  for (const auto& text : texts) {
    DimFlag flag = ParseDimFlag(text);
    for (const auto& earlier : flags) {
      if (earlier.name == flag.name) {
        throw Error(ErrorCategory::kConfig, "--dim '" + text + "': '" + flag.name + "' is already given by --dim '" +
                                                earlier.text + "'; give each dimension once");
      }
    }
    flags.push_back(std::move(flag));
  }
  return flags;
}

DimSizes SingleSizes(const std::vector<DimFlag>& flags, const std::string& subcommand) {
  DimSizes sizes;
  for (const auto& flag : flags) {
    if (!flag.single()) {
      throw Error(ErrorCategory::kConfig,
                  fmt::format("--dim '{}': `ortkit {}` runs one shape, so give one size (e.g. {}={}); "
                              "bench, memcheck and doctor take lists and ranges",
                              flag.text, subcommand, flag.name, flag.max()));
    }
    sizes[flag.name] = flag.values.front();
  }
  return sizes;
}

std::vector<DimSizes> Combinations(const std::vector<DimFlag>& flags) {
  std::size_t total = 1;
  for (const auto& flag : flags) {
    total *= flag.values.size();
    if (total > kMaxSizes) {
      throw Error(ErrorCategory::kConfig, fmt::format("--dim: the sizes make more than {} shapes; each one is run "
                                                      "on its own, so give fewer",
                                                      kMaxSizes));
    }
  }
  std::vector<DimSizes> shapes;
  if (flags.empty()) return shapes;
  for (std::size_t index = 0; index < total; ++index) {
    DimSizes sizes;
    std::size_t rest = index;
    for (auto flag = flags.rbegin(); flag != flags.rend(); ++flag) {  // the last flag varies fastest
      sizes[flag->name] = flag->values[rest % flag->values.size()];
      rest /= flag->values.size();
    }
    shapes.push_back(std::move(sizes));
  }
  return shapes;
}

std::string SizesLabel(const DimSizes& sizes) {
  std::vector<std::string> parts;
  for (const auto& [name, size] : sizes) parts.push_back(name + "=" + std::to_string(size));
  return parts.empty() ? "default" : fmt::format("{}", fmt::join(parts, ","));
}

std::string DescribeSizes(const DimSizes& sizes) {
  std::vector<std::string> parts;
  for (const auto& [name, size] : sizes) parts.push_back(name + "=" + std::to_string(size));
  return fmt::format("{}", fmt::join(parts, " "));
}

}  // namespace ortkit::workload
