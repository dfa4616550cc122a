// Tests that metadata comes back as owned strings, with absent keys as nullopt.
#include "ortkit/model_metadata.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

Model LoadBytes(const std::string& bytes) { return Model::FromBytes(bytes.data(), bytes.size()); }

TEST(ModelMetadataTest, ReadsEveryField) {
  ModelMetadata meta;
  {
    // The model is gone before the metadata is read: nothing may point into ORT's memory.
    meta = LoadBytes(testing::MetadataModel()).metadata();
  }
  EXPECT_EQ(meta.producer_name, "ortkit-tests");
  EXPECT_EQ(meta.graph_name, "meta_graph");
  EXPECT_EQ(meta.domain, "ai.ortkit.test");
  EXPECT_EQ(meta.description, "A model with metadata");
  EXPECT_EQ(meta.graph_description, "graph doc");
  EXPECT_EQ(meta.version, 42);
  EXPECT_EQ(meta.custom.size(), 3u);
  EXPECT_EQ(meta.Find("labels"), "cat,dog");
  EXPECT_EQ(meta.Find("odd key"), "ünïcødé");
  EXPECT_EQ(meta.FindInt("sample_rate"), 16000);
}

TEST(ModelMetadataTest, AbsentKeysAreNulloptNeverNull) {
  ModelMetadata meta = LoadBytes(testing::NoMetadataModel()).metadata();
  EXPECT_EQ(meta.producer_name, "");
  EXPECT_TRUE(meta.custom.empty());
  EXPECT_EQ(meta.Find("sample_rate"), std::nullopt);
  EXPECT_EQ(meta.FindInt("sample_rate"), std::nullopt);
}

TEST(ModelMetadataTest, NonIntegerValueIsAnErrorNamingTheKey) {
  ModelMetadata meta = LoadBytes(testing::MetadataModel()).metadata();
  try {
    meta.FindInt("labels");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_STREQ(e.what(), "metadata 'labels': expected an integer, got 'cat,dog'");
  }
  meta.custom["big"] = "99999999999999999999999";
  EXPECT_THROW(meta.FindInt("big"), Error);
  meta.custom["trailing"] = "12abc";
  EXPECT_THROW(meta.FindInt("trailing"), Error);
  meta.custom["empty"] = "";
  EXPECT_THROW(meta.FindInt("empty"), Error);
}

}  // namespace
}  // namespace ortkit
