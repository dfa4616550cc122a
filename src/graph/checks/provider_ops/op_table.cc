// The list of provider op tables, and lookup by --target name.
#include "graph/checks/provider_ops/op_table.h"

#include <algorithm>
#include <cctype>

namespace ortkit::graph {
namespace {

std::vector<const ProviderOpTable*> AllTables() {
  return {&CoremlOpTable(), &CudaOpTable(), &NnapiOpTable(), &WebGpuOpTable(), &XnnpackOpTable()};
}

}  // namespace

const ProviderOpTable* FindProviderOpTable(std::string_view target) {
  std::string lower(target);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const ProviderOpTable* table : AllTables()) {
    if (lower == table->target) return table;
  }
  return nullptr;
}

std::vector<std::string> KnownTargets() {
  std::vector<std::string> names;
  for (const ProviderOpTable* table : AllTables()) names.emplace_back(table->target);
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace ortkit::graph
