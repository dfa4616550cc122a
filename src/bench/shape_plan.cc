// Which input shapes a benchmark runs: --dim combinations, shape files, the mix order.
#include "bench/shape_plan.h"

#include "workload/seeded_random.h"
#include "workload/shape_file.h"

namespace ortkit::bench {
namespace {

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

ShapePlan ShapesFromDims(const std::vector<std::string>& flags) {
  return ShapesFromRows(workload::Combinations(workload::ParseDimFlags(flags)));
}

ShapePlan ShapesFromRows(const std::vector<DimSizes>& rows) {
  ShapePlan plan;
  for (const auto& row : rows) AddRequest(plan, row);
  return plan;
}

ShapePlan ReadShapeFile(const std::string& path) { return ShapesFromRows(workload::ReadShapeFile(path)); }

ShapePlan WithDefaults(ShapePlan plan, const DimSizes& sizes) {
  if (plan.shapes.empty()) {
    plan.shapes.push_back(sizes);
    plan.weights.push_back(1);
    return plan;
  }
  for (auto& shape : plan.shapes) {
    for (const auto& [key, size] : sizes) shape.emplace(key, size);
  }
  return plan;
}

std::vector<std::size_t> MixSequence(const ShapePlan& plan, uint64_t seed) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < plan.shapes.size(); ++i) order.insert(order.end(), plan.weights[i], i);
  if (order.empty()) return {0};
  workload::SeededRandom random(seed, "mix");
  for (std::size_t i = order.size() - 1; i > 0; --i) std::swap(order[i], order[random.NextBelow(i + 1)]);
  return order;
}

}  // namespace ortkit::bench
