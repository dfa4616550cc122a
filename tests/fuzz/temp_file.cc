// The per-process scratch directory of the path-based fuzz targets.
#include "fuzz/temp_file.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "core/scratch_dir.h"
#include "ortkit/error.h"

namespace ortkit::fuzz {
namespace {

// scripts/fuzz.sh's own directory (it removes it), else memory: a fuzz run writes a file per input.
std::string ScratchParent() {
  const char* chosen = std::getenv("ORTKIT_FUZZ_SCRATCH");
  if (chosen != nullptr && *chosen != '\0') return chosen;
  std::error_code ec;
  return std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm" : "";  // "": $TMPDIR or /tmp
}

}  // namespace

std::string WriteScratchFile(const std::string& name, const std::string& bytes) {
  try {
    // Created once, removed when the process exits (libFuzzer exits through exit(), so static
    // destructors run; a crash leaves the directory behind, which is what one wants to inspect).
    static const core::ScratchDir dir("fuzz", ScratchParent());
    const std::string path = dir.File(name);
    core::WriteWholeFile(path, bytes);
    return path;
  } catch (const Error& e) {
    std::fprintf(stderr, "ortkit fuzz: %s\n", e.what());
    std::abort();
  }
}

}  // namespace ortkit::fuzz
