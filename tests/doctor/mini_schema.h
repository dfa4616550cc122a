// A small JSON Schema checker for the keywords docs/doctor.schema.json uses (type, required,
// properties, items, enum, const, minimum, exclusiveMinimum): enough to test real doctor output
// against the documented schema without a new dependency.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ortkit::testing {

/// Every place where `value` breaks `schema`, as "path: what is wrong"; empty when it conforms.
/// Keywords other than those listed are ignored (descriptions, format, $schema, ...).
std::vector<std::string> SchemaErrors(const nlohmann::json& schema, const nlohmann::json& value,
                                      const std::string& path = "");

}  // namespace ortkit::testing
