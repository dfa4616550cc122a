// `ortkit compare --tensors A B`: two tensor files (.npy/.pb), or two directories of them matched
// by file name, compared with the tolerance model comparison uses.
#pragma once

#include <string>

#include "compare/compare.h"

namespace ortkit::compare {

struct TensorFilesReport {
  std::string a, b;  ///< the paths given
  Tolerance tolerance;
  /// One entry per file name: A's files in name order, then those only B has ("only in A" / "only
  /// in B" fail with that note); shape and type differences fail with a note, as outputs do.
  Comparison comparison;
};

/// Compares file A with file B (one entry, named by A's file name), or every .npy/.pb file of
/// directory A with the file of the same name in directory B (not recursive). Throws
/// Error(kConfig) for an invalid tolerance or a file compared with a directory, Error(kIo) for a
/// path that is not there, a directory with no tensor files, or a file that can't be read.
TensorFilesReport CompareTensorFiles(const std::string& a, const std::string& b, const Tolerance& tolerance);

}  // namespace ortkit::compare
