// The one way ortkit writes a file: atomically (a temporary file beside the target, fsync, rename,
// fsync of the directory), so that an interrupted write leaves the old file or the new one, never
// a mix; and one overwrite rule, checked before any work starts so that a refusal loses nothing.
#pragma once

#include <string>

namespace ortkit::core {

/// Whether a write may replace a file that exists (the CLI's --force).
enum class Overwrite { kRefuse, kReplace };

/// Writes `bytes` to `path` atomically, mode 0644 (before the umask). With kRefuse an existing
/// file is never replaced, also when another writer creates it meanwhile (renameat2's
/// RENAME_NOREPLACE; file systems without it fall back to a plain rename after the check).
/// Throws Error(kIo) "while writing '<path>': <why>" ("it exists; pass --force to overwrite it",
/// "directory 'd' does not exist", the system's reason).
void WriteFileAtomically(const std::string& path, const std::string& bytes, Overwrite overwrite);

/// Checks, before the work that produces it, that `path` can be written as `flag` ("-o",
/// "--report") asks: its directory exists, and with kRefuse no file is there yet; a directory at
/// `path` is refused either way. Throws Error(kIo) naming the flag and the path.
void CheckWritable(const std::string& path, Overwrite overwrite, const std::string& flag);

}  // namespace ortkit::core
