// A private scratch directory, and whole-file reads and writes with errors that name the file.
#include "core/scratch_dir.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "core/atomic_file.h"
#include "ortkit/error.h"

namespace ortkit::core {

ScratchDir::ScratchDir(const std::string& purpose, const std::string& parent) {
  const char* tmp = std::getenv("TMPDIR");
  const std::string under = !parent.empty() ? parent : tmp && *tmp ? tmp : "/tmp";
  std::string pattern = under + "/ortkit-" + purpose + "-XXXXXX";
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {
    throw Error(ErrorCategory::kIo, "cannot create a scratch directory like '" + pattern + "': " + std::strerror(errno));
  }
  path_ = buffer.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;  // a destructor must not throw; a leftover temp dir is harmless
  std::filesystem::remove_all(path_, ignored);
}

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCategory::kIo, "cannot read '" + path + "': " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteWholeFile(const std::string& path, const std::string& bytes) {
  WriteFileAtomically(path, bytes, Overwrite::kReplace);
}

}  // namespace ortkit::core
