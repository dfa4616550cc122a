// A scratch file for targets whose parser reads only from a path (.npy, value protos, check's
// ReadModel): one private directory per process, in memory where possible, removed at exit.
#pragma once

#include <string>

namespace ortkit::fuzz {

/// Writes `bytes` to `name` inside this process's scratch directory (created on first use under
/// $ORTKIT_FUZZ_SCRATCH if set, else /dev/shm, else $TMPDIR or /tmp) and returns the file's path.
/// A crashed process leaves its directory behind. Aborts if the file can't be
/// written: a fuzz run that silently tests nothing is worse than one that stops.
std::string WriteScratchFile(const std::string& name, const std::string& bytes);

}  // namespace ortkit::fuzz
