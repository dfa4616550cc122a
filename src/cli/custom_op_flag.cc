#include "cli/custom_op_flag.h"

#include <filesystem>
#include <system_error>

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "ortkit/session_config.h"

namespace ortkit::cli {
namespace {

std::string CheckLibraryPath(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return "custom-op library '" + path + "': no such file";
  if (!std::filesystem::is_regular_file(status)) {
    return "custom-op library '" + path + "': not a regular file (expected a shared library)";
  }
  return "";
}

}  // namespace

std::string WithCustomOpAdvice(const std::string& message) {
  if (message.find("is not a registered function/op") == std::string::npos) return message;
  return message + " (a custom op: if a library of yours implements it, load that with --custom-op-library PATH; "
                   "`ortkit check` says more)";
}

void AddCustomOpLibraryOption(CLI::App& app, std::vector<std::string>& libraries) {
  app.add_option("--custom-op-library", libraries,
                 "Register the custom operators of this shared library (it exports "
                 "RegisterCustomOps) in every session; repeatable")
      ->type_name("PATH")
      ->transform([](std::string path) {
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(path, ec);
        return ec ? path : absolute.lexically_normal().string();
      })
      ->check(FlagCheck(CheckLibraryPath));
}

void AddCustomOpLibraries(const std::vector<std::string>& libraries, SessionConfig& config) {
  for (const std::string& library : libraries) config.AddCustomOpLibrary(library);
}

std::vector<std::string> CustomOpLibraryArgs(const std::vector<std::string>& libraries) {
  std::vector<std::string> args;
  for (const std::string& library : libraries) {
    args.push_back("--custom-op-library");
    args.push_back(library);
  }
  return args;
}

}  // namespace ortkit::cli
