// How a variant travels to its own process: the parent writes a job file (the request and the
// variant's name), runs `<executable> __memcheck-variant --job FILE --out FILE`, and reads the
// VariantResult JSON (or the error it holds) from the out file.
#pragma once

#include <string>

#include "memory/memcheck.h"
#include "memory/variants.h"

namespace ortkit::memory {

/// The hidden subcommand that measures one variant in a fresh process.
inline constexpr const char* kVariantCommand = "__memcheck-variant";

struct VariantJob {
  MemcheckRequest request;  ///< model, config, schedule and sampling; no cycles, no variants
  Variant variant;
};

std::string VariantJobToJson(const MemcheckRequest& request, const Variant& variant);
/// Throws Error(kRun) naming what is missing or malformed, and for an unknown variant.
VariantJob VariantJobFromJson(const std::string& json);

}  // namespace ortkit::memory
