// The memory guard's shape schedule.
#include "bench/tune_memory.h"

namespace ortkit::bench {

ShapePlan MemoryShapes(const ShapePlan& plan, const std::vector<std::string>& free_dims) {
  if (plan.shapes.size() > 1 || free_dims.empty()) return plan;
  const DimSizes base = plan.shapes.empty() ? DimSizes{} : plan.shapes.front();
  const std::string& dim = free_dims.front();
  const auto it = base.find(dim);
  const int64_t size = it == base.end() ? 1 : it->second;
  ShapePlan memory;
  for (int64_t factor : {1, 2, 4, 8}) {
    DimSizes shape = base;
    shape[dim] = size * factor;
    memory.shapes.push_back(std::move(shape));
    memory.weights.push_back(1);
  }
  return memory;
}

std::string DescribeShapes(const ShapePlan& plan) {
  if (plan.shapes.empty()) return "default";
  std::string text;
  for (const auto& shape : plan.shapes) text += (text.empty() ? "" : ", ") + ShapeLabel(shape);
  return text;
}

}  // namespace ortkit::bench
