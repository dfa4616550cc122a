// Fuzz target: the NumPy .npy reader (preamble, header dict, dtype, shape, data size). A header
// declaring a huge shape must be refused before allocating; a file that reads must write back
// and read again to the same tensor.
#include <cstring>

#include "fuzz/fuzz_target.h"
#include "fuzz/temp_file.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string path = ortkit::fuzz::WriteScratchFile("tensor.npy", ortkit::fuzz::Bytes(data, size));
  ortkit::Tensor tensor;
  try {
    tensor = ortkit::ReadNpy(path);
  } catch (const ortkit::Error&) {
    return 0;
  }
  // What was read must survive a round trip: WriteNpy is what `ortkit run --save-outputs` uses.
  const std::string copy = path + ".copy.npy";
  ortkit::WriteNpy(copy, tensor);
  const ortkit::Tensor again = ortkit::ReadNpy(copy);
  if (again.type() != tensor.type() || again.shape() != tensor.shape() || again.byte_size() != tensor.byte_size() ||
      (tensor.byte_size() > 0 && std::memcmp(again.data(), tensor.data(), tensor.byte_size()) != 0)) {
    ortkit::fuzz::Violation("a .npy that reads does not round-trip through WriteNpy");
  }
  return 0;
}
