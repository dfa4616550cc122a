// doctor's --dim values ("batch=1,4", "seq=8..64:8") read just far enough to pass each step the
// form it takes: bench the list as given, memcheck a MIN..MAX sweep, profile one size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ortkit::doctor {

struct DimValues {
  std::string name;
  std::string values;  ///< as given after '='
  int64_t min = 0;
  int64_t max = 0;
  std::size_t count = 0;  ///< how many distinct sizes the list names (ranges: their steps)
};

/// Parses "NAME=V[,V...]" where each V is a size or MIN..MAX[:STEP]; Error(kConfig) naming the
/// text and what is allowed otherwise.
DimValues ParseDimValues(const std::string& text);

/// "NAME=MIN..MAX" (or "NAME=V" when MIN == MAX): memcheck's sweep over the same sizes.
std::string SweepSpec(const DimValues& dim);

/// "NAME=MAX": the largest size, which profile runs.
std::string LargestSpec(const DimValues& dim);

}  // namespace ortkit::doctor
