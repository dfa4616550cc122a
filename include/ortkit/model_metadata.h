// A model's metadata as owned strings: nothing here points into ONNX Runtime's memory.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace ortkit {

struct ModelMetadata {
  std::string producer_name;
  std::string graph_name;
  std::string domain;
  std::string description;
  std::string graph_description;
  int64_t version = 0;
  std::map<std::string, std::string> custom;  ///< metadata_props

  /// The custom entry `key`, or nullopt when the model has none ("absent", never null).
  std::optional<std::string> Find(const std::string& key) const;
  /// The custom entry `key` parsed as an integer; nullopt when absent. Throws Error(kLoad)
  /// naming the key and the text when present but not an integer.
  std::optional<int64_t> FindInt(const std::string& key) const;
};

}  // namespace ortkit
