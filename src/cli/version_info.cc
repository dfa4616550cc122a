// Gathering and rendering what `ortkit version` reports.
#include "cli/version_info.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "report/text_table.h"
#include "ortkit/runtime.h"

namespace ortkit::cli {
namespace {

using report::TextTable;

// The text view keeps reasons short: --json has them whole.
constexpr std::size_t kMaxReasonChars = 200;

// "provider 'cuda' could not be set up: Failed to load library /a/b/libx.so with error: ..." ->
// "Failed to load library libx.so with error: ...": the row names the provider already, and
// directories (often repeated) push the part that says what is missing out of view.
std::string ShortReason(const std::string& reason) {
  std::string text = reason;
  const std::string lead = "could not be set up: ";
  const auto at = text.find(lead);
  if (text.rfind("provider '", 0) == 0 && at != std::string::npos) text.erase(0, at + lead.size());
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const bool path_start = text[i] == '/' && (i == 0 || text[i - 1] == ' ');
    if (!path_start) {
      out += text[i++];
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && text[end] != ' ' && text[end] != ':') ++end;
    const std::string path = text.substr(i, end - i);
    out += path.substr(path.rfind('/') + 1);
    i = end;
  }
  return Shorten(out, kMaxReasonChars);
}

}  // namespace

VersionInfo GatherVersionInfo() {
  VersionInfo info;
  info.ortkit_version = Version();
  info.ort_version = OrtLibraryVersion();
  info.ort_api_version = OrtApiVersion();
  for (const std::string& name : OrtAvailableProviders()) {
    ProviderStatus status;
    status.name = name;
    std::string why;
    status.usable = ProviderUsable(name, &why);
    if (!status.usable) status.why_not = OneLine(why.empty() ? "unknown reason" : why);
    info.providers.push_back(std::move(status));
  }
  info.devices = OrtEpDevices();
  info.cpus = ReadCpuBudget();
  return info;
}

void RenderVersionText(const VersionInfo& info, std::ostream& out) {
  out << fmt::format("ortkit        {}\n", info.ortkit_version);
  out << fmt::format("onnxruntime   {} (C API version {})\n", info.ort_version, info.ort_api_version);
  out << fmt::format("cpus          {}\n", info.cpus.Describe());
  out << "\nproviders\n";
  TextTable table({"name", "status"});
  for (const ProviderStatus& p : info.providers) {
    table.AddRow({p.name, p.usable ? "usable" : "unusable: " + ShortReason(p.why_not)});
  }
  table.Render(out, 2);
  out << "\ndevices (what ONNX Runtime found here)\n";
  if (info.devices.empty()) {
    out << "  none\n";
    return;
  }
  TextTable devices({"provider", "type", "hardware vendor", "vendor id", "device id"}, {false, false, false, true, true});
  for (const EpDevice& d : info.devices) {
    devices.AddRow({d.ep_name, d.device_type, d.hardware_vendor.empty() ? "-" : d.hardware_vendor,
                    fmt::format("{:#06x}", d.vendor_id), fmt::format("{:#06x}", d.device_id)});
  }
  devices.Render(out, 2);
}

void RenderVersionJson(const VersionInfo& info, std::ostream& out) {
  using Json = nlohmann::ordered_json;  // keys in the order written, for people reading it
  Json providers = Json::array();
  for (const ProviderStatus& p : info.providers) {
    Json entry{{"name", p.name}, {"usable", p.usable}};
    if (!p.usable) entry["reason"] = p.why_not;
    providers.push_back(std::move(entry));
  }
  Json devices = Json::array();
  for (const EpDevice& d : info.devices) {
    devices.push_back({{"ep_name", d.ep_name}, {"ep_vendor", d.ep_vendor}, {"device_type", d.device_type},
                       {"hardware_vendor", d.hardware_vendor}, {"vendor_id", d.vendor_id}, {"device_id", d.device_id}});
  }
  const CpuBudget& c = info.cpus;
  const Json cpus{{"online", c.online},
                  {"affinity", c.affinity},
                  {"quota", c.quota ? Json(*c.quota) : Json(nullptr)},
                  {"quota_source", c.quota_source},
                  {"usable", c.usable},
                  {"limited_by", c.limited_by}};
  const Json doc{{"ortkit", info.ortkit_version},
                           {"onnxruntime", info.ort_version},
                           {"ort_api_version", info.ort_api_version},
                           {"cpus", cpus},
                           {"providers", std::move(providers)},
                           {"ep_devices", std::move(devices)}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace ortkit::cli
