// RunMemcheck and RunVariant: Model::Load behind the Workload interface, then the pieces in order.
#include "memory/memcheck.h"

#include <memory>

#include "ortkit/error.h"
#include "ortkit/model.h"

namespace ortkit::memory {
namespace {

// Measures `schedule` on the model of `request` with `config`; `providers` receives the session's.
Measurement MeasureModel(const MemcheckRequest& request, const SessionConfig& config, const Schedule& schedule,
                         const MeasureOptions& options, const InputFactory& inputs,
                         std::vector<std::string>* providers = nullptr) {
  return Measure(
      [&] {
        Model model = Model::Load(request.model_path, config);
        if (providers) *providers = model.providers();
        // Saved runs differ in their values even where their sizes match: each iteration has its own.
        return std::make_unique<ModelWorkload>(std::move(model), inputs, !schedule.varies() && !schedule.saved_runs);
      },
      schedule, options);
}

// The variants to run: all that apply, or the named ones after the baseline.
std::vector<Variant> ChooseVariants(const Schedule& schedule, const std::vector<std::string>& names) {
  if (names.empty()) return VariantsFor(schedule);
  std::vector<Variant> chosen = {*FindVariant("baseline")};
  for (const std::string& name : names) {
    const std::optional<Variant> v = FindVariant(name);
    if (!v) throw Error(ErrorCategory::kConfig, "--variant: unknown variant '" + name + "' (known: " + VariantNames() + ")");
    if (v->kind != VariantKind::kBaseline) chosen.push_back(*v);
  }
  return chosen;
}

std::function<void(int64_t, int64_t)> Stage(const MemcheckRequest& request, const std::string& stage) {
  if (!request.progress) return {};
  return [progress = request.progress, stage](int64_t done, int64_t total) { progress(stage, done, total); };
}

}  // namespace

bool MemcheckReport::leak() const noexcept {
  return analysis.verdict == Verdict::kLeak || (cycles && cycles->analysis.verdict == Verdict::kLeak);
}

MemcheckReport RunMemcheck(const MemcheckRequest& request, const InputFactory& inputs,
                           const VariantRunner& run_variant) {
  MemcheckReport report;
  report.model = request.model_path;
  report.config = request.config;
  report.schedule = BuildSchedule(request.schedule);
  if (request.variants) report.variants = ChooseVariants(report.schedule, request.variant_names);
  if (request.session_cycles > 0) {
    // Checked before minutes of measuring, like every other argument.
    CycleSchedule(report.schedule.iterations.front().dims, CycleOptions{request.session_cycles, request.cycle_warmup, {}});
  }
  MeasureOptions options = request.measure;
  options.progress = Stage(request, "measure");
  report.measurement = MeasureModel(request, request.config, report.schedule, options, inputs, &report.providers);
  report.analysis = Analyze(report.measurement, report.schedule);

  if (request.session_cycles > 0) {
    const Dims dims = report.schedule.iterations.front().dims;
    CycleOptions cycle_options{request.session_cycles, request.cycle_warmup, Stage(request, "session cycles")};
    CyclesResult cycles;
    cycles.schedule = CycleSchedule(dims, cycle_options);
    cycles.measurement = MeasureSessionCycles(
        [&] {
          return std::make_unique<ModelWorkload>(Model::Load(request.model_path, request.config), inputs, true);
        },
        dims, cycle_options);
    cycles.analysis = Analyze(cycles.measurement, cycles.schedule);
    report.cycles = std::move(cycles);
  }

  if (request.variants && run_variant) {
    for (std::size_t i = 0; i < report.variants.size(); ++i) {
      if (request.progress) request.progress("variant " + report.variants[i].name, static_cast<int64_t>(i),
                                             static_cast<int64_t>(report.variants.size()));
      report.variant_results.push_back(run_variant(report.variants[i]));
    }
    report.recommendation = Recommend(report.analysis, report.variants, report.variant_results, request.config);
  }
  return report;
}

VariantResult RunVariant(const MemcheckRequest& request, const Variant& variant, const InputFactory& inputs) {
  SessionConfig config = request.config;
  ScheduleSpec spec = request.schedule;
  MeasureOptions options = request.measure;
  options.progress = {};
  ApplyVariant(variant, &config, &spec, &options);
  const Schedule schedule = BuildSchedule(spec);
  const Measurement m = MeasureModel(request, config, schedule, options, inputs);
  return SummarizeVariant(variant.name, m, Analyze(m, schedule));
}

}  // namespace ortkit::memory
