// How much longer than a plain Release build on an idle machine a test may let timed work take.
//
// Tests that hand ortkit a wall-clock budget (doctor, tune) or bound how long something may take
// multiply their figures by TestTimeScale(), so that a sanitizer build on two busy cores gets the
// same work done as a Release build did, instead of failing on a share of the budget. The build
// sets the default (CMake's ORTKIT_TEST_TIME_SCALE: 1 plain, more under each sanitizer); the
// environment variable of the same name overrides it for one run, e.g. on a loaded machine.
#pragma once

#include <string>

namespace ortkit::testing {

/// The factor: $ORTKIT_TEST_TIME_SCALE when it holds a number >= 1, else the build's default.
/// A value that is set but not such a number is an ortkit::Error (kConfig) naming it, so a typo
/// does not silently fall back.
double TestTimeScale();

/// `seconds` × TestTimeScale().
double Scaled(double seconds);

/// Scaled(seconds) as a whole-second duration flag value, rounded up: Scaled(5) at scale 4 is "20s".
std::string ScaledDuration(double seconds);

}  // namespace ortkit::testing
