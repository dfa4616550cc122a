// The one atomic writer and the one overwrite rule (core/atomic_file.h).
#include "core/atomic_file.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"

namespace ortkit::core {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string IoErrorOf(const std::function<void()>& write) {
  try {
    write();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo);
    return e.what();
  }
  return "no error";
}

int RegularFiles(const std::string& dir) {
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) files += entry.is_regular_file();
  return files;
}

TEST(AtomicFileTest, WritesANewFileWithTheUsualModeAndLeavesNoTemporaryFile) {
  TempDir dir;
  const std::string path = dir.File("report.json");
  WriteFileAtomically(path, "{}\n", Overwrite::kRefuse);
  EXPECT_EQ(Slurp(path), "{}\n");
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  EXPECT_EQ(info.st_mode & 0777, 0644 & ~mask);  // not mkstemp's 0600
  EXPECT_EQ(RegularFiles(dir.path()), 1);
}

TEST(AtomicFileTest, AnExistingFileIsRefusedAndKeptUnlessReplacing) {
  TempDir dir;
  const std::string path = dir.File("model.onnx");
  WriteFileAtomically(path, "old", Overwrite::kRefuse);
  EXPECT_EQ(IoErrorOf([&] { WriteFileAtomically(path, "new", Overwrite::kRefuse); }),
            "while writing '" + path + "': it exists; pass --force to overwrite it");
  EXPECT_EQ(Slurp(path), "old");
  EXPECT_EQ(RegularFiles(dir.path()), 1);
  WriteFileAtomically(path, "new", Overwrite::kReplace);
  EXPECT_EQ(Slurp(path), "new");
  EXPECT_EQ(RegularFiles(dir.path()), 1);
}

TEST(AtomicFileTest, AMissingDirectoryOrADirectoryAtThePathIsRefused) {
  TempDir dir;
  EXPECT_EQ(IoErrorOf([&] { WriteFileAtomically(dir.File("no/such/dir/out.onnx"), "x", Overwrite::kReplace); }),
            "while writing '" + dir.File("no/such/dir/out.onnx") + "': directory '" + dir.File("no/such/dir") +
                "' does not exist");
  fs::create_directory(dir.File("sub"));
  EXPECT_EQ(IoErrorOf([&] { WriteFileAtomically(dir.File("sub"), "x", Overwrite::kReplace); }),
            "while writing '" + dir.File("sub") + "': it is a directory");
  EXPECT_TRUE(fs::is_directory(dir.File("sub")));
}

TEST(AtomicFileTest, CheckWritableNamesTheFlagAndTheProblemBeforeAnyWork) {
  TempDir dir;
  const std::string taken = dir.File("taken.html");
  WriteFileAtomically(taken, "x", Overwrite::kRefuse);
  EXPECT_EQ(IoErrorOf([&] { CheckWritable(taken, Overwrite::kRefuse, "-o"); }),
            "-o '" + taken + "' exists; pass --force to overwrite it");
  EXPECT_NO_THROW(CheckWritable(taken, Overwrite::kReplace, "-o"));
  EXPECT_NO_THROW(CheckWritable(dir.File("new.html"), Overwrite::kRefuse, "-o"));
  EXPECT_EQ(IoErrorOf([&] { CheckWritable(dir.File("none/r.txt"), Overwrite::kReplace, "--report"); }),
            "--report '" + dir.File("none/r.txt") + "': directory '" + dir.File("none") + "' does not exist");
  EXPECT_EQ(IoErrorOf([&] { CheckWritable(dir.path(), Overwrite::kReplace, "--report"); }),
            "--report '" + dir.path() + "' is a directory; expected a file name");
  EXPECT_EQ(IoErrorOf([&] { CheckWritable("", Overwrite::kReplace, "--report"); }), "--report needs a file name");
  EXPECT_EQ(Slurp(taken), "x");
}

}  // namespace
}  // namespace ortkit::core
