// Where doctor ran: ortkit and ONNX Runtime versions, the providers usable here, CPU, cores, OS.
#pragma once

#include <nlohmann/json.hpp>

namespace ortkit::doctor {

/// The OS: /etc/os-release's PRETTY_NAME and the kernel ("Debian GNU/Linux 12 (bookworm), Linux 6.1.0").
std::string OsDescription();

/// The "environment" object of the doctor document. `version` is `ortkit version --json` as
/// parsed (null when it could not be run: the versions then come from this build and the
/// providers list stays empty). Provider names are the short ones (cpu, webgpu) of usable ones.
nlohmann::json Environment(const nlohmann::json& version);

}  // namespace ortkit::doctor
