// Tests of profile/node_memory: ORT's per-node statistics file read, hashes removed, failures named.
#include "profile/node_memory.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::profile {
namespace {

constexpr const char* kHeader = "#name,input_sizes,initializers_sizes,total_dynamic_sizes,total_temp_allocations\n";

TEST(NodeMemoryTest, ReadsEveryNodeMostAllocatedFirst) {
  const auto nodes = ParseNodeMemoryStats(std::string(kHeader) +
                                              "/head/Add_11706499064078596409,128,0,2048,0\n"
                                              "/head/MatMul_10036897945163600035,8192,4096,2048,512\r\n",
                                          "stats.csv");
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0].node, "/head/MatMul");
  EXPECT_EQ(nodes[0].input_bytes, 8192);
  EXPECT_EQ(nodes[0].initializer_bytes, 4096);
  EXPECT_EQ(nodes[0].output_bytes, 2048);
  EXPECT_EQ(nodes[0].temp_bytes, 512);
  EXPECT_EQ(nodes[0].allocated_bytes(), 2560);
  EXPECT_EQ(nodes[1].node, "/head/Add");
}

TEST(NodeMemoryTest, KeepsCommasAndUnderscoresThatAreTheNodesOwn) {
  const auto nodes = ParseNodeMemoryStats("odd,name_v2_77,1,2,3,4\nplain_name,0,0,0,0\n_42,0,0,1,0\n", "stats.csv");
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0].node, "odd,name_v2");  // only the trailing hash goes
  EXPECT_EQ(nodes[1].node, "");              // an unnamed node
  EXPECT_EQ(nodes[2].node, "plain_name");    // "name" is not a hash
}

TEST(NodeMemoryTest, AnEmptyFileHasNoNodes) {
  EXPECT_TRUE(ParseNodeMemoryStats(kHeader, "stats.csv").empty());
  EXPECT_TRUE(ParseNodeMemoryStats("", "stats.csv").empty());
}

TEST(NodeMemoryTest, AMalformedLineIsAnErrorNamingIt) {
  for (const char* bad : {"node,1,2,3\n", "node,1,2,x,4\n", "node,1,2,3,-4\n", "1,2,3,4\n"}) {
    try {
      ParseNodeMemoryStats(std::string(kHeader) + bad, "stats.csv");
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.category(), ErrorCategory::kIo);
      EXPECT_NE(std::string(e.what()).find("'stats.csv' line 2: expected NAME and four byte counts"), std::string::npos)
          << e.what();
    }
  }
}

// The message of what `body` throws, or "" when it throws nothing.
template <typename F>
std::string ErrorOf(F body) {
  try {
    body();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo) << e.what();
    return e.what();
  }
  return "";
}

TEST(ReadNodeMemoryStatsTest, ReadsTheFileNamingItInItsErrors) {
  testing::TempDir dir;
  const std::string path = dir.File("mem.csv");
  testing::WriteFile(path, std::string(kHeader) + "/a/Relu_1,8,0,8,0\n");
  const auto nodes = ReadNodeMemoryStats(path);
  ASSERT_EQ(nodes.size(), 1u);
  EXPECT_EQ(nodes[0].node, "/a/Relu");
  testing::WriteFile(path, kHeader);  // ORT wrote the header and no node: read, empty
  EXPECT_TRUE(ReadNodeMemoryStats(path).empty());

  EXPECT_EQ(ErrorOf([&] { ReadNodeMemoryStats(dir.File("absent.csv")); }),
            "cannot read '" + dir.File("absent.csv") + "': No such file or directory");
  testing::WriteFile(path, "\n  \n");
  EXPECT_EQ(ErrorOf([&] { ReadNodeMemoryStats(path); }).rfind("'" + path + "' is empty: expected ONNX Runtime's node "
                                                              "memory statistics (\"#name,input_sizes,",
                                                              0),
            0u);
}

TEST(ReadNodeMemoryStatsTest, AWrongFileIsNamedWithItsLineInOneLinePrintably) {
  testing::TempDir dir;
  const std::string path = dir.File("model.onnx");
  // A binary file given by mistake: its bytes are quoted cut short and printable, on one line.
  testing::WriteFile(path, std::string(kHeader) + "a,1,2,3,4\n" + std::string("\x08\x07\x12\x04\xff\xfe\x1b[2J", 10) +
                               std::string(200, 'x') + "\n");
  const std::string message = ErrorOf([&] { ReadNodeMemoryStats(path); });
  EXPECT_EQ(message.rfind("'" + path + "' line 3: expected NAME and four byte counts, found '???????[2Jxxx", 0), 0u)
      << message;
  EXPECT_EQ(message.find_first_of("\n\r\x1b\xff"), std::string::npos) << message;
  EXPECT_LT(message.size(), path.size() + 160) << message;
}

}  // namespace
}  // namespace ortkit::profile
