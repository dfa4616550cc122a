// Tests of the provider op tables: lookup, and entries that are well formed.
#include "graph/checks/provider_ops/op_table.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace ortkit::graph {
namespace {

TEST(OpTableTest, KnowsFiveTargetsByNameInAnyCase) {
  EXPECT_EQ(KnownTargets(), (std::vector<std::string>{"coreml", "cuda", "nnapi", "webgpu", "xnnpack"}));
  ASSERT_NE(FindProviderOpTable("NNAPI"), nullptr);
  EXPECT_STREQ(FindProviderOpTable("NNAPI")->ort_name, "NnapiExecutionProvider");
  EXPECT_EQ(FindProviderOpTable("tpu"), nullptr);
}

TEST(OpTableTest, EveryEntryHasAnOpAValidRangeAndNoOverlappingTwin) {
  for (const std::string& target : KnownTargets()) {
    const ProviderOpTable& table = *FindProviderOpTable(target);
    EXPECT_GT(table.op_count, 0u) << target;
    EXPECT_NE(std::string(table.source), "") << target;
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < table.op_count; ++i) {
      const OpSupport& op = table.ops[i];
      EXPECT_NE(std::string(op.op), "") << target;
      EXPECT_GE(op.since_min, 1) << target << " " << op.op;
      EXPECT_LE(op.since_min, op.since_max) << target << " " << op.op;
      EXPECT_TRUE(seen.emplace(op.domain, op.op).second) << target << " lists " << op.op << " twice";
    }
  }
}

TEST(OpTableTest, GpuTablesSayTheirBoundariesAreCopies) {
  EXPECT_TRUE(WebGpuOpTable().gpu_memory);
  EXPECT_TRUE(CudaOpTable().gpu_memory);
  EXPECT_FALSE(NnapiOpTable().gpu_memory);
  EXPECT_FALSE(CoremlOpTable().gpu_memory);
  EXPECT_FALSE(XnnpackOpTable().gpu_memory);
}

}  // namespace
}  // namespace ortkit::graph
