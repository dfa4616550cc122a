// `ortkit memcheck --series FILE`: the per-iteration series, one row per iteration.
#include <string>
#include <vector>

#include <fmt/format.h>

#include "report/memcheck_render.h"

namespace ortkit::report {
namespace {

void Row(const std::vector<std::string>& cells, std::ostream& out) {
  for (std::size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << cells[i];
  out << "\n";
}

// The memory cells of a sample; those it did not read are empty.
std::vector<std::string> MemoryCells(const memory::Sample& s) {
  std::vector<std::string> cells = {std::to_string(s.cheap.rss), std::to_string(s.cheap.anon),
                                    std::to_string(s.cheap.heap), std::to_string(s.cheap.footprint)};
  auto optional = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  cells.push_back(s.detailed ? optional(s.detailed->pss) : "");
  cells.push_back(s.detailed ? optional(s.detailed->private_dirty) : "");
  cells.push_back(s.detailed ? std::to_string(s.detailed->peak_rss) : "");
  cells.push_back(s.gpu_used ? std::to_string(*s.gpu_used) : "");
  cells.push_back(s.arena ? std::to_string(s.arena->in_use) : "");
  cells.push_back(s.arena ? std::to_string(s.arena->total_allocated) : "");
  cells.push_back(s.arena ? std::to_string(s.arena->num_arena_extensions) : "");
  return cells;
}

}  // namespace

void RenderMemcheckCsv(const memory::Schedule& schedule, const memory::Measurement& m, std::ostream& out) {
  Row({"iteration", "phase", "dims", "new_shape", "new_max", "run_ms", "rss", "anon", "heap", "footprint", "pss",
       "private_dirty", "peak_rss", "gpu_used", "arena_in_use", "arena_total_allocated", "arena_extensions"},
      out);
  for (const memory::Sample* s : {&m.before_load, &m.after_load}) {
    std::vector<std::string> cells = {std::to_string(s->iteration), "load", "", "", "", ""};
    const std::vector<std::string> memory = MemoryCells(*s);
    cells.insert(cells.end(), memory.begin(), memory.end());
    Row(cells, out);
  }
  std::size_t next = 0;  // the next sample, in iteration order
  for (std::size_t i = 0; i < schedule.iterations.size(); ++i) {
    const memory::Iteration& it = schedule.iterations[i];
    const auto iteration = static_cast<int64_t>(i) + 1;
    std::vector<std::string> cells = {std::to_string(iteration), iteration <= schedule.warmup ? "warm-up" : "steady",
                                      memory::DescribeDims(it.dims), it.new_shape ? "1" : "0", it.new_max ? "1" : "0",
                                      i < m.run_ms.size() ? fmt::format("{:.4f}", m.run_ms[i]) : ""};
    if (next < m.samples.size() && m.samples[next].iteration == iteration) {
      const std::vector<std::string> memory = MemoryCells(m.samples[next++]);
      cells.insert(cells.end(), memory.begin(), memory.end());
    } else {
      cells.insert(cells.end(), 11, "");
    }
    Row(cells, out);
  }
}

}  // namespace ortkit::report
