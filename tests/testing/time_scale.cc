// TestTimeScale: the build's default factor, or the environment's.
#include "testing/time_scale.h"

#include <cmath>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "ortkit/error.h"

#ifndef ORTKIT_TEST_TIME_SCALE_DEFAULT
#error "tests/testing/CMakeLists.txt defines ORTKIT_TEST_TIME_SCALE_DEFAULT from the CMake option"
#endif

namespace ortkit::testing {

double TestTimeScale() {
  const char* text = std::getenv("ORTKIT_TEST_TIME_SCALE");
  if (text == nullptr || *text == '\0') return ORTKIT_TEST_TIME_SCALE_DEFAULT;
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (*end != '\0' || !std::isfinite(value) || value < 1) {
    throw Error(ErrorCategory::kConfig,
                fmt::format("ORTKIT_TEST_TIME_SCALE: expected a number of at least 1, got '{}'", text));
  }
  return value;
}

double Scaled(double seconds) { return seconds * TestTimeScale(); }

std::string ScaledDuration(double seconds) {
  return fmt::format("{}s", static_cast<long long>(std::ceil(Scaled(seconds))));
}

}  // namespace ortkit::testing
