// Tests of profile/node_memory: ORT's per-node statistics file read, hashes removed, failures named.
#include "profile/node_memory.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

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

}  // namespace
}  // namespace ortkit::profile
