// The per-process scratch directory of the path-based fuzz targets.
#include "fuzz/temp_file.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace ortkit::fuzz {
namespace {

namespace fs = std::filesystem;

// Created once, removed when the process exits (libFuzzer exits through exit(), so static
// destructors run; a crash leaves the directory behind, which is what one wants to inspect).
class ScratchDir {
 public:
  ScratchDir() {
    std::error_code ec;
    const char* tmp = std::getenv("TMPDIR");
    const char* chosen = std::getenv("ORTKIT_FUZZ_SCRATCH");  // scripts/fuzz.sh: one it removes
    const fs::path base = chosen && *chosen                  ? fs::path(chosen)
                          : fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm")
                                                             : fs::path(tmp ? tmp : "/tmp");
    std::string pattern = (base / "ortkit-fuzz-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("ortkit fuzz: mkdtemp");
      std::abort();
    }
    path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

std::string WriteScratchFile(const std::string& name, const std::string& bytes) {
  static const ScratchDir dir;
  const std::string path = (dir.path() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "ortkit fuzz: cannot write scratch file %s\n", path.c_str());
    std::abort();
  }
  return path;
}

}  // namespace ortkit::fuzz
