// TempDir.
#include "testing/temp_dir.h"

#include <cstdlib>
#include <filesystem>
#include <random>
#include <system_error>

#include <fmt/format.h>
#include <unistd.h>

#include "ortkit/error.h"

namespace ortkit::testing {
namespace fs = std::filesystem;

namespace {

fs::path BaseDir() {
  const char* env = std::getenv("ORTKIT_TEST_TMPDIR");
  if (env != nullptr && *env != '\0') return fs::absolute(env);
  return fs::temp_directory_path();
}

}  // namespace

TempDir::TempDir() {
  const fs::path base = BaseDir();
  std::error_code ec;
  fs::create_directories(base, ec);
  if (ec) throw Error(ErrorCategory::kIo, fmt::format("cannot create '{}': {}", base.string(), ec.message()));
  // Tests run in parallel processes (ctest -j) and threads, so the name mixes the pid with random
  // bits, and create_directory's "already existed" answer makes the claim atomic.
  std::random_device entropy;
  for (int attempt = 0; attempt < 100; ++attempt) {
    const fs::path candidate = base / fmt::format("ortkit-{}-{:08x}", ::getpid(), entropy());
    if (fs::create_directory(candidate, ec)) {
      path_ = candidate.string();
      return;
    }
    if (ec) throw Error(ErrorCategory::kIo, fmt::format("cannot create '{}': {}", candidate.string(), ec.message()));
  }
  throw Error(ErrorCategory::kIo, fmt::format("cannot find an unused directory name under '{}'", base.string()));
}

TempDir::~TempDir() {
  std::error_code ec;  // a destructor must not throw; a leftover directory is harmless
  fs::remove_all(path_, ec);
}

std::string TempDir::File(const std::string& name) const { return (fs::path(path_) / name).string(); }

}  // namespace ortkit::testing
