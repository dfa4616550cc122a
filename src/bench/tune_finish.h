// What `ortkit tune` does with the search's winner before writing it: the memory guard drops
// settings that raise peak memory over the limit, the ablation drops settings whose removal costs
// no more than the noise, and the final comparison measures what is left against ORT's defaults,
// interleaved, in time the budget set aside.
#pragma once

#include <string>

#include "bench/tune_search.h"

namespace ortkit::bench {

/// A configuration tune may keep: its config, its model file, and the saved model's format ("" for
/// the original model).
struct TuneCandidate {
  SessionConfig config;
  std::string model_path;
  std::string saved_model;
};

/// GuardsMemory objectives: measures the peak memory (TuneSearch::MeasureMemory) of ORT's defaults twice
/// and of `candidate` (twice when the first is over the limit); while the candidate's lower figure
/// exceeds the defaults' higher one by more than TuneSpec::max_memory_increase, drops the setting
/// whose removal lowers peak memory most (each removal measured once). When the budget (keeping
/// `reserved` measurements back) runs out before the culprit is found, every remaining setting
/// goes. Fills result.memory and adds each dropped setting to result.settings.
TuneCandidate GuardMemory(TuneSearch& search, TuneCandidate candidate, int reserved);

/// Backward elimination: each round measures the candidate once more and the candidate without
/// each of its settings (SettingsOf) once, and drops the setting whose removal costs least if that
/// cost is within result.noise_bar (or is a gain); it stops when every remaining setting costs
/// more (each kept, with its cost) or none is left. Settings the budget (keeping `reserved`
/// measurements back) left no time to try are kept, marked "budget". Adds every verdict to
/// result.settings.
TuneCandidate Ablate(TuneSearch& search, TuneCandidate candidate, int reserved);

/// Measures ORT's defaults and `candidate` alternately, defaults first, kFinalMeasurements times
/// each (whatever the budget says: this is the time set aside), and fills
/// result.final_comparison. Returns the candidate's trial index.
std::size_t CompareFinal(TuneSearch& search, const TuneCandidate& candidate);

}  // namespace ortkit::bench
