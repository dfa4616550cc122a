// MappedFile: the bytes of a file, and one error line for each way a path can fail to map.
#include "graph/mapped_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <utility>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::graph {
namespace {

using ortkit::testing::TempDir;
using ortkit::testing::WriteFile;

std::string MapError(const std::string& path) {
  try {
    MappedFile file(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    return e.what();
  }
  return "";
}

TEST(MappedFileTest, MapsTheWholeFile) {
  TempDir dir;
  const std::string bytes("abc\0def", 7);
  WriteFile(dir.File("f.bin"), bytes);
  const MappedFile file(dir.File("f.bin"));
  EXPECT_EQ(file.bytes(), bytes);
  EXPECT_EQ(file.size(), 7u);
  EXPECT_EQ(file.path(), dir.File("f.bin"));
}

TEST(MappedFileTest, EmptyFileMapsToAnEmptyView) {
  TempDir dir;
  WriteFile(dir.File("empty"), "");
  const MappedFile file(dir.File("empty"));
  EXPECT_TRUE(file.bytes().empty());
  EXPECT_EQ(file.size(), 0u);
}

TEST(MappedFileTest, MoveHandsTheMappingOver) {
  TempDir dir;
  WriteFile(dir.File("f.bin"), "xyz");
  MappedFile a(dir.File("f.bin"));
  MappedFile b(std::move(a));
  EXPECT_EQ(b.bytes(), "xyz");
  EXPECT_TRUE(a.bytes().empty());  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
  WriteFile(dir.File("g.bin"), "12");
  MappedFile c(dir.File("g.bin"));
  c = std::move(b);
  EXPECT_EQ(c.bytes(), "xyz");
}

TEST(MappedFileTest, MissingFile) {
  TempDir dir;
  EXPECT_EQ(MapError(dir.File("missing.onnx")),
            "while reading '" + dir.File("missing.onnx") + "': No such file or directory");
}

TEST(MappedFileTest, Directory) {
  TempDir dir;
  EXPECT_EQ(MapError(dir.path()), "while reading '" + dir.path() + "': it is a directory, not a model file");
}

TEST(MappedFileTest, DeviceIsNotARegularFile) {
  EXPECT_EQ(MapError("/dev/null"), "while reading '/dev/null': not a regular file");
}

// A FIFO must be refused at once, not block waiting for a writer.
TEST(MappedFileTest, FifoIsRefusedWithoutBlocking) {
  TempDir dir;
  ASSERT_EQ(::mkfifo(dir.File("pipe").c_str(), 0600), 0);
  EXPECT_EQ(MapError(dir.File("pipe")), "while reading '" + dir.File("pipe") + "': not a regular file");
}

TEST(MappedFileTest, UnreadableFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
  TempDir dir;
  WriteFile(dir.File("secret"), "x");
  ASSERT_EQ(::chmod(dir.File("secret").c_str(), 0), 0);
  EXPECT_EQ(MapError(dir.File("secret")), "while reading '" + dir.File("secret") + "': Permission denied");
}

TEST(MappedFileTest, PathThroughAFileIsNotADirectory) {
  TempDir dir;
  WriteFile(dir.File("f"), "x");
  EXPECT_EQ(MapError(dir.File("f/model.onnx")), "while reading '" + dir.File("f/model.onnx") + "': Not a directory");
}

}  // namespace
}  // namespace ortkit::graph
