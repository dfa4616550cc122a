// Reading a tensor file whose format is chosen by its extension.
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "io/io_common.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit {

Tensor ReadTensorFile(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (extension == ".npy") return ReadNpy(path);
  if (extension == ".pb") return ReadTensorProto(path);
  const std::string what = extension.empty() ? "no file extension"
                                             : "unknown tensor file extension '" + extension + "'";
  throw Error(ErrorCategory::kIo, io::Quoted(path) + ": " + what + " (accepted: .npy, .pb)");
}

}  // namespace ortkit
