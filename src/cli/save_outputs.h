// Writing a run's outputs to a directory (`ortkit run --save-outputs DIR`).
#pragma once

#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "ortkit/value.h"

namespace ortkit::cli {

/// What was written for one output.
struct SavedOutput {
  std::string name;                ///< the output's name
  std::vector<std::string> files;  ///< paths written: <dir>/<safe>.pb, and .npy when NumPy holds the type
  std::string skipped;             ///< why nothing was written (non-tensor outputs); else empty
};

/// A file name stem for an output name: letters, digits, '.', '-' and '_' are kept, every other
/// byte becomes '_'; a leading '.' becomes '_' (no hidden files, no "." or ".."); empty names
/// become "output"; at most 100 bytes.
std::string SafeFileStem(const std::string& name);

/// True for the element types WriteNpy can write (bool, integers, float16/32/64, complex).
bool NpyCanHold(ElementType type) noexcept;

/// Creates `dir` (and its parents) and writes every tensor output as <stem>.pb (TensorProto) and,
/// where NumPy can hold its type, <stem>.npy. Stems that collide (ignoring case, for
/// case-insensitive file systems) get "_2", "_3", ... With Overwrite::kRefuse (no --force) a file
/// that exists is refused before anything is written, naming `flag` ("--save-outputs") and the
/// file. Throws Error(kIo) naming the path on failure.
std::vector<SavedOutput> SaveOutputs(const std::string& dir, const NamedValues& outputs, core::Overwrite overwrite,
                                     const std::string& flag);

}  // namespace ortkit::cli
