// What to do about a doctor run's findings, ranked: each action with the command that does it and
// its effect, stated only when a step measured it ("not measured" otherwise).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "doctor/doctor_report.h"

namespace ortkit::doctor {

/// What a measured gain must reach to be done first; below it, an action is optional.
struct ActionThresholds {
  double latency = 0.05;          ///< a latency gain of 5% or more, beyond its measurement's noise
  double memory_fraction = 0.10;  ///< or a memory saving of 10% or more...
  double memory_mib = 32;         ///< ...that is also 32 MiB or more
};

/// The thresholds in words, as the report states them.
std::string DescribeThresholds(const ActionThresholds& thresholds);
nlohmann::json ThresholdsToJson(const ActionThresholds& thresholds);

/// The actions for `report` (its steps, request, model and workload), in tiers: "required" (errors
/// that keep the model from loading, a workload that found no sizes that run), "do first" (a
/// measured gain beyond its noise and `thresholds`, which costs no more elsewhere than it saves)
/// and "optional" (the rest, with its measured effect or "not measured"). Ranked from 1 in that
/// order; within a tier, measured gains first, then memory settings, provider coverage, free
/// dimensions and post-processing.
std::vector<Action> Actions(const DoctorReport& report, const ActionThresholds& thresholds = {});

}  // namespace ortkit::doctor
