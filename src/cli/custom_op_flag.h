// --custom-op-library: the one flag that registers custom-operator libraries, declared the same way
// on every subcommand that creates an ONNX Runtime session and handed on to child processes.
#pragma once

#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ortkit {
struct SessionConfig;
}

namespace ortkit::cli {

/// Declares --custom-op-library PATH (repeatable) on `app`, bound to `libraries`. Each path must
/// name an existing regular file (a usage error otherwise, before any model is read) and is stored
/// absolute, so that child processes started in another directory find the same file.
void AddCustomOpLibraryOption(CLI::App& app, std::vector<std::string>& libraries);

/// Appends to config.custom_op_libraries those of `libraries` it does not list yet, in flag order
/// after the config's own (a deployment profile may already carry them).
void AddCustomOpLibraries(const std::vector<std::string>& libraries, SessionConfig& config);

/// The arguments that give `libraries` to a child `ortkit` process: --custom-op-library PATH each.
std::vector<std::string> CustomOpLibraryArgs(const std::vector<std::string>& libraries);

/// `message` with advice appended when it is ORT refusing an op it has no kernel for
/// ("... is not a registered function/op"): a custom-op library may provide it.
std::string WithCustomOpAdvice(const std::string& message);

}  // namespace ortkit::cli
