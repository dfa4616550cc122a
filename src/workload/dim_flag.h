// The one --dim grammar of every subcommand: the sizes of a model's free dimensions.
//
//   NAME=8                 one size
//   NAME=1,2,4             a list (a sweep in bench and memcheck; refused where one size is run)
//   NAME=5..100[:STEP]     every STEP-th size from 5 to 100 (STEP 1 when left out)
//   INPUT:AXIS=V           an unnamed free dimension, by the input and axis it belongs to
//
// Items of a list may themselves be ranges ("1,2,8..64:8"). Sizes are at least 1.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ortkit::workload {

/// Sizes of free dimensions for one request: by symbol ("batch" -> 4), and unnamed ones by
/// DimKey ("speech:1" -> 400). A free dimension not listed gets a default (see SizeOf).
using DimSizes = std::map<std::string, int64_t>;

/// The key of an unnamed free dimension: "INPUT:AXIS".
std::string DimKey(const std::string& input, std::size_t axis);

/// One parsed --dim flag.
struct DimFlag {
  std::string text;              ///< as given, for messages
  std::string name;              ///< the symbol, or "INPUT:AXIS" for an unnamed dimension
  std::vector<int64_t> values;   ///< every size it names, in order, without repeats
  bool has_range = false;        ///< a MIN..MAX item was given (memcheck --random draws from it)

  int64_t min() const;
  int64_t max() const;
  bool single() const noexcept { return values.size() == 1; }
};

/// At most this many sizes in one flag (and combinations of flags): each is a shape that is run.
inline constexpr std::size_t kMaxSizes = 4096;

/// "" when `text` is a valid --dim value, else what is wrong, starting with the text in quotes
/// ("'T=0': sizes must be at least 1"). For CLI11's validators.
std::string CheckDimFlag(const std::string& text);

/// Parses one --dim value. Throws Error(kConfig) "--dim 'TEXT': why (expected ...)".
DimFlag ParseDimFlag(const std::string& text);

/// Parses every flag; a name given twice is an Error(kConfig).
std::vector<DimFlag> ParseDimFlags(const std::vector<std::string>& texts);

/// For subcommands that run one shape (run, compare, profile, fix): each flag must name one
/// size. Throws Error(kConfig) naming the flag and `subcommand`, and where lists are taken.
DimSizes SingleSizes(const std::vector<DimFlag>& flags, const std::string& subcommand);

/// Every combination of the flags' sizes, the last flag varying fastest. Throws Error(kConfig)
/// when there are more than kMaxSizes.
std::vector<DimSizes> Combinations(const std::vector<DimFlag>& flags);

/// "batch=4,seq=5" (keys in order), or "default" when empty: a shape's label in reports.
std::string SizesLabel(const DimSizes& sizes);

/// "batch=4 seq=5" ("" when empty): the same sizes as --dim flags would give them.
std::string DescribeSizes(const DimSizes& sizes);

}  // namespace ortkit::workload
