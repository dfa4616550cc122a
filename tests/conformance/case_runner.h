// Runs one conformance case through ortkit::Model and compares the outputs.
#pragma once

#include "conformance/conformance_case.h"

namespace ortkit::conformance {

/// Loads the case's model with ortkit (CPU, one intra-op thread), runs every data set and compares
/// each output. Never throws: ortkit and standard exceptions become a kFail outcome whose message
/// starts with the stage ("load: ", "test data not readable: ", "run: ", "output 'y': ").
/// A case without a model file or a data set is kSkip.
Outcome RunWithOrtkit(const ConformanceCase& c);

}  // namespace ortkit::conformance
