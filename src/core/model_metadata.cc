// Metadata look-ups that never hand out a null pointer.
#include "ortkit/model_metadata.h"

#include <cerrno>
#include <cstdlib>

#include "ortkit/error.h"

namespace ortkit {

std::optional<std::string> ModelMetadata::Find(const std::string& key) const {
  auto it = custom.find(key);
  if (it == custom.end()) return std::nullopt;
  return it->second;
}

std::optional<int64_t> ModelMetadata::FindInt(const std::string& key) const {
  auto text = Find(key);
  if (!text) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  const long long value = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || errno == ERANGE || end != text->c_str() + text->size()) {
    throw Error(ErrorCategory::kLoad, "metadata '" + key + "': expected an integer, got '" + *text + "'");
  }
  return static_cast<int64_t>(value);
}

}  // namespace ortkit
