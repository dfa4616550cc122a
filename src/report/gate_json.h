// The accuracy gate's figures as JSON, in one form for every report that carries them (fix's
// verification, compress's variants).
#pragma once

#include <nlohmann/json.hpp>

#include "compare/accuracy_gate.h"

namespace ortkit::report {

/// passed, samples, where the inputs came from (first_seed, or null with `inputs` naming the
/// calibration sets), the thresholds, and per output: type, shape, elements, cosine (null when NaN),
/// max abs/rel, and for score outputs top-1 agreement and top-5 overlap.
nlohmann::ordered_json AccuracyGateJson(const compare::GateResult& gate);

}  // namespace ortkit::report
