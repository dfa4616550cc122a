// Facts about the ONNX Runtime in use, and where its log goes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ortkit {

/// ortkit's own version, "MAJOR.MINOR.PATCH".
const char* Version() noexcept;

/// The loaded ORT library's version ("1.30.0").
std::string OrtLibraryVersion();
/// The C API version ortkit was compiled against and requests (ORT_API_VERSION).
int OrtApiVersion() noexcept;

/// Execution providers compiled into the loaded ORT library, in ORT's names
/// ("CPUExecutionProvider", "WebGpuExecutionProvider", ...).
std::vector<std::string> OrtAvailableProviders();

/// Whether a session on `provider` (canonical or ORT name) can really be created here: tries a
/// tiny model. `why_not` receives ORT's reason when it cannot.
bool ProviderUsable(const std::string& provider, std::string* why_not = nullptr);

/// One execution-provider device ORT found on this machine (OrtApi::GetEpDevices, C API 22+): the
/// provider that can use it and the hardware itself.
struct EpDevice {
  std::string ep_name;          ///< "CPUExecutionProvider"
  std::string ep_vendor;        ///< "Microsoft"
  std::string device_type;      ///< "cpu", "gpu" or "npu"
  std::string hardware_vendor;  ///< "AMD", "NVIDIA", ...
  uint32_t vendor_id = 0;       ///< PCI vendor id (or ORT's CPU vendor id)
  uint32_t device_id = 0;
};

/// The EP devices of this machine, as ORT enumerates them (providers compiled in but unusable
/// here, such as CUDA without its libraries, have none). Throws Error(kConfig) if ORT fails.
std::vector<EpDevice> OrtEpDevices();

enum class LogSeverity { kVerbose = 0, kInfo = 1, kWarning = 2, kError = 3, kFatal = 4 };

/// Receives ORT's log lines: severity, category ("onnxruntime", a session's logid), message.
using LogSink = std::function<void(LogSeverity, std::string_view category, std::string_view message)>;

/// Routes ORT's log to `sink` (nullptr restores the default: warnings and worse to stderr) and
/// sets the process-wide minimum severity. Thread-safe; takes effect for lines logged afterwards.
/// ORT keeps one Env per process and the first creator's logger wins: if other code in the
/// process created an Ort::Env before ortkit's first use, lines go to that Env's logger and only
/// the severity set here applies.
void SetLogSink(LogSink sink, LogSeverity min_severity = LogSeverity::kWarning);

}  // namespace ortkit
