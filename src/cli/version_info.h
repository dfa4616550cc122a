// What `ortkit version` reports: versions and the providers this build has, as data, plus its
// text and JSON renderers.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ortkit/cpu_budget.h"
#include "ortkit/runtime.h"

namespace ortkit::cli {

struct ProviderStatus {
  std::string name;     ///< ORT's name, "CPUExecutionProvider"
  bool usable = false;  ///< a session could be created and run here
  std::string why_not;  ///< one line; empty when usable
};

struct VersionInfo {
  std::string ortkit_version;
  std::string ort_version;  ///< the loaded library's
  int ort_api_version = 0;  ///< the C API version ortkit requests
  std::vector<ProviderStatus> providers;  ///< in ORT's order
  std::vector<EpDevice> devices;          ///< what ORT found on this machine (GetEpDevices)
  CpuBudget cpus;                         ///< the CPUs this process may use (affinity, cgroup quota)
};

/// Asks the loaded ORT; probes each provider with a tiny session (ProviderUsable).
VersionInfo GatherVersionInfo();

/// Aligned text; reasons are shortened to fit one line.
void RenderVersionText(const VersionInfo& info, std::ostream& out);
/// One JSON object: ortkit, onnxruntime, ort_api_version, cpus{online, affinity, quota, usable,
/// limited_by}, providers[{name, usable, reason?}], ep_devices[{ep_name, ep_vendor, device_type,
/// hardware_vendor, vendor_id, device_id}].
void RenderVersionJson(const VersionInfo& info, std::ostream& out);

}  // namespace ortkit::cli
