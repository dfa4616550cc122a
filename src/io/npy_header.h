// The .npy header: the Python dict literal after the preamble, parsed and written as NumPy does.
#pragma once

#include <string>
#include <string_view>

#include "ortkit/shape.h"

namespace ortkit::io {

/// What a .npy header declares.
struct NpyHeader {
  std::string descr;  ///< the dtype string, e.g. "<f4"
  bool fortran_order = false;
  Shape shape;  ///< () -> [], (3,) -> [3]; never negative
};

/// Parses the header dict ("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"):
/// the three keys in any order, either quote style, any whitespace, optional trailing commas.
/// Throws Error(kIo) "<where>: bad .npy header (<why>): <header text>" otherwise, and for
/// negative or too-large dimensions.
NpyHeader ParseNpyHeader(std::string_view text, const std::string& where);

/// The whole preamble plus header NumPy writes for a C-order array (format 1.0, or 2.0 when the
/// header outgrows 1.0's 16-bit length): the same bytes, padding and 64-byte alignment.
std::string FormatNpyHeader(const std::string& descr, const Shape& shape);

}  // namespace ortkit::io
