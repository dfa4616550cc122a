// The environment object: /proc/cpuinfo, os-release, uname, and `ortkit version --json`.
#include "doctor/environment.h"

#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <thread>

#include "core/host.h"
#include "doctor/step_results.h"
#include "ortkit/error.h"
#include "ortkit/runtime.h"

namespace ortkit::doctor {
namespace {

// "CUDAExecutionProvider" -> "cuda", "WebGpuExecutionProvider" -> "webgpu".
std::string ShortProviderName(std::string name) {
  const std::string suffix = "ExecutionProvider";
  if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0) {
    name.erase(name.size() - suffix.size());
  }
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return name;
}

}  // namespace

std::string OsDescription() {
  std::string pretty;
  std::ifstream in("/etc/os-release");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("PRETTY_NAME=", 0) == 0) {
      pretty = line.substr(12);
      if (pretty.size() >= 2 && pretty.front() == '"' && pretty.back() == '"')
        pretty = pretty.substr(1, pretty.size() - 2);
    }
  }
  utsname u{};
  std::string kernel = ::uname(&u) == 0 ? std::string(u.sysname) + " " + u.release : "";
  if (pretty.empty()) return kernel.empty() ? "unknown" : kernel;
  return kernel.empty() ? pretty : pretty + ", " + kernel;
}

nlohmann::json Environment(const nlohmann::json& version) {
  nlohmann::json env;
  env["ortkit"] = ortkit::Version();
  env["onnxruntime"] = "unknown";
  env["providers"] = nlohmann::json::array();
  env["unusable_providers"] = nlohmann::json::array();
  env["ep_devices"] = nlohmann::json::array();
  if (version.is_object()) {
    try {
      const VersionResult v = FromJson<VersionResult>(core::Json(version), "`ortkit version` result");
      env["ortkit"] = v.ortkit;
      env["onnxruntime"] = v.onnxruntime;
      for (const VersionProvider& p : v.providers) {
        if (p.usable) {
          env["providers"].push_back(ShortProviderName(p.name));
        } else {
          env["unusable_providers"].push_back({{"name", ShortProviderName(p.name)}, {"reason", p.reason.value_or("")}});
        }
      }
      for (const VersionDevice& d : v.ep_devices) {
        env["ep_devices"].push_back(
            {{"ep_name", d.ep_name}, {"device_type", d.device_type}, {"hardware_vendor", d.hardware_vendor}});
      }
      env["usable_cpus"] = v.cpus.usable;
      env["cpu_limit"] = v.cpus.limited_by;
    } catch (const Error&) {
      // An older or broken `ortkit version`: this build's versions, no providers (as when it
      // could not be run at all).
    }
  }
  env["cpu"] = core::CpuModelName();
  env["cores"] = std::max(1u, std::thread::hardware_concurrency());
  if (!env.contains("usable_cpus")) {
    env["usable_cpus"] = env["cores"];
    env["cpu_limit"] = "";
  }
  env["os"] = OsDescription();
  return env;
}

}  // namespace ortkit::doctor
