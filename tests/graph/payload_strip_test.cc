// StripTensorPayloads: large tensor data goes wherever it is; everything else stays byte for byte.
// The payload facts a stripped tensor carries equal those computed from its data; XXH64 against
// libxxhash's own results.
#include "graph/payload_strip.h"

#include <fstream>
#include <optional>

#include <gtest/gtest.h>

#include "graph/mapped_file.h"
#include "graph/model_builder.h"
#include "onnx_test_util.h"
#include "ortkit/error.h"
#include "summary_test_models.h"
#include "testing/temp_dir.h"

namespace ortkit::graph {
namespace {

using ortkit::testing::ParseModel;

onnx::ModelProto Strip(const onnx::ModelProto& model, uint64_t keep) {
  return ParseModel(StripTensorPayloads(SerializeModel(model), "m.onnx", keep));
}

bool MarkedStripped(const onnx::TensorProto& t) {
  return t.data_location() == onnx::TensorProto::EXTERNAL && t.external_data_size() == 1 &&
         t.external_data(0).key() == "location" && t.external_data(0).value() == kStrippedLocation;
}

TEST(PayloadStripTest, LargeTensorsLoseTheirDataAndKeepTheirTypeAndDims) {
  const onnx::ModelProto stripped = Strip(ortkit::testing::WeightsModel(64), 1024);
  const onnx::TensorProto& w = stripped.graph().initializer(0);
  EXPECT_EQ(w.name(), "w");
  EXPECT_EQ(w.data_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(w.dims_size(), 2);
  EXPECT_FALSE(w.has_raw_data());
  EXPECT_TRUE(MarkedStripped(w));
  const onnx::TensorProto& b = stripped.graph().initializer(1);  // 256 bytes: kept as it was
  EXPECT_EQ(b.raw_data().size(), 256u);
  EXPECT_FALSE(b.has_data_location());
  EXPECT_EQ(stripped.graph().node_size(), 2);
  EXPECT_EQ(stripped.graph().input(0).name(), "x");
}

TEST(PayloadStripTest, TensorsInSubgraphsAndAttributesAreStrippedToo) {
  const onnx::ModelProto nested = Strip(ortkit::testing::NestedIfModel(), 0);
  const onnx::TensorProto& bias = nested.graph().node(0).attribute(0).g().initializer(0);
  EXPECT_EQ(bias.name(), "t_bias");
  EXPECT_FALSE(bias.has_raw_data());
  EXPECT_TRUE(MarkedStripped(bias));

  const onnx::ModelProto typed = Strip(ortkit::testing::TypedFieldsModel(), 0);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(MarkedStripped(typed.graph().initializer(i))) << i;
  EXPECT_EQ(typed.graph().initializer(2).string_data_size(), 0);
  EXPECT_FALSE(MarkedStripped(typed.graph().initializer(4)));  // "empty" had no data to strip
  const onnx::TensorProto& value = typed.graph().node(0).attribute(0).t();
  EXPECT_EQ(value.double_data_size(), 0);
  EXPECT_TRUE(MarkedStripped(value));
}

TEST(PayloadStripTest, ExternalDataEntriesStay) {
  const onnx::ModelProto stripped = Strip(ortkit::testing::ExternalRefModel({{"location", "w.bin"}, {"length", "16"}}), 0);
  const onnx::TensorProto& w = stripped.graph().initializer(0);
  ASSERT_EQ(w.external_data_size(), 2);
  EXPECT_EQ(w.external_data(0).value(), "w.bin");
  EXPECT_EQ(w.data_location(), onnx::TensorProto::EXTERNAL);
}

TEST(PayloadStripTest, UnknownFieldsAndGroupsAreCopied) {
  using ortkit::testing::WireKey;
  using ortkit::testing::WireVarint;
  const std::string extra = WireKey(99, 0) + WireVarint(5) + WireKey(98, 3) + WireKey(98, 4);
  const std::string bytes = SerializeModel(ortkit::testing::WeightsModel(4)) + extra;
  const std::string stripped = StripTensorPayloads(bytes, "m.onnx", 0);
  EXPECT_EQ(stripped.substr(stripped.size() - extra.size()), extra);
}

TEST(PayloadStripTest, MalformedInputFailsAsTheScannerDoes) {
  const std::string bytes = ortkit::testing::OddFloatDataModel();
  const std::string cut = bytes.substr(0, bytes.size() - 1);
  try {
    StripTensorPayloads(cut, "m.onnx", 0);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()),
              "while reading 'm.onnx': malformed protobuf at byte 0 (in ModelProto): field 7 has length 11 but only "
              "10 bytes are left");
  }
}

// Digests from libxxhash 0.8.1 (Debian's libxxhash0), XXH64(bytes, size, seed).
TEST(Xxh64Test, MatchesLibxxhash) {
  const auto digest = [](std::string_view bytes, uint64_t seed = 0) {
    Xxh64 h(seed);
    h.Update(bytes);
    return h.Digest();
  };
  EXPECT_EQ(digest(""), 0xef46db3751d8e999ULL);
  EXPECT_EQ(digest("a"), 0xd24ec4f1a98c6e5bULL);
  EXPECT_EQ(digest("abc"), 0x44bc2cf5ad770999ULL);
  EXPECT_EQ(digest("Nobody inspects the spammish repetition"), 0xfbcea83c8a378bf1ULL);
  std::string pattern;  // bytes 0..255 four times, then "xyz": every tail length path
  for (int round = 0; round < 4; ++round) {
    for (int b = 0; b < 256; ++b) pattern.push_back(static_cast<char>(b));
  }
  pattern += "xyz";
  EXPECT_EQ(digest(pattern), 0xe146cb31b65bc21aULL);
  EXPECT_EQ(digest(pattern, 0x9E3779B97F4A7C15ULL), 0x86b7211d04e93c1fULL);
}

TEST(Xxh64Test, HowTheBytesAreSplitDoesNotMatter) {
  std::string pattern;
  for (int i = 0; i < 1027; ++i) pattern.push_back(static_cast<char>(i * 7));
  Xxh64 whole;
  whole.Update(pattern);
  for (std::size_t piece : {1u, 3u, 8u, 31u, 32u, 33u, 100u, 1000u}) {
    Xxh64 h;
    for (std::size_t at = 0; at < pattern.size(); at += piece) h.Update(std::string_view(pattern).substr(at, piece));
    EXPECT_EQ(h.Digest(), whole.Digest()) << "pieces of " << piece;
  }
}

onnx::ModelProto StripWithFacts(const onnx::ModelProto& model, uint64_t keep) {
  StripOptions options;
  options.keep_bytes = keep;
  options.record_facts = true;
  return ParseModel(StripTensorPayloads(SerializeModel(model), "m.onnx", options));
}

// Raw and typed payloads, kept and stripped, and an attribute tensor: the recorded facts are what
// PayloadFactsOf computes from the tensor with its data.
TEST(PayloadFactsTest, RecordedFactsEqualTheFactsOfTheData) {
  for (const onnx::ModelProto& model : {ortkit::testing::WeightsModel(64), ortkit::testing::TypedFieldsModel()}) {
    for (uint64_t keep : {uint64_t{0}, uint64_t{1024}}) {
      const onnx::ModelProto stripped = StripWithFacts(model, keep);
      ASSERT_EQ(stripped.graph().initializer_size(), model.graph().initializer_size());
      for (int i = 0; i < model.graph().initializer_size(); ++i) {
        const std::optional<PayloadFacts> whole = PayloadFactsOf(model.graph().initializer(i));
        ASSERT_TRUE(whole.has_value());
        EXPECT_EQ(PayloadFactsOf(stripped.graph().initializer(i)), whole) << model.graph().name() << " #" << i;
      }
    }
  }
  const onnx::ModelProto typed = ortkit::testing::TypedFieldsModel();
  const onnx::ModelProto typed_stripped = StripWithFacts(typed, 0);
  const onnx::TensorProto& value = typed_stripped.graph().node(0).attribute(0).t();
  EXPECT_TRUE(IsStripped(value));
  EXPECT_EQ(PayloadFactsOf(value), PayloadFactsOf(typed.graph().node(0).attribute(0).t()));
}

TEST(PayloadFactsTest, RawDataFactsAreItsSizeAndHash) {
  const onnx::ModelProto model = ortkit::testing::WeightsModel(64);
  const std::string& raw = model.graph().initializer(0).raw_data();
  ASSERT_EQ(raw.size(), 64u * 64u * 4u);
  Xxh64 h;
  h.Update(raw);
  const onnx::ModelProto stripped = StripWithFacts(model, 0);
  const std::optional<PayloadFacts> facts = PayloadFactsOf(stripped.graph().initializer(0));
  ASSERT_TRUE(facts.has_value());
  EXPECT_EQ(facts->bytes, raw.size());
  EXPECT_EQ(facts->xxh64, h.Digest());
}

TEST(PayloadFactsTest, PayloadsThatDifferOnlyInTheirLastByteDiffer) {
  onnx::ModelProto model = ortkit::testing::WeightsModel(64);
  onnx::TensorProto twin = model.graph().initializer(0);
  twin.set_name("twin");
  std::string* raw = twin.mutable_raw_data();
  raw->back() = static_cast<char>(raw->back() ^ 1);
  *model.mutable_graph()->add_initializer() = twin;
  const onnx::ModelProto stripped = StripWithFacts(model, 0);
  const std::optional<PayloadFacts> w = PayloadFactsOf(stripped.graph().initializer(0));
  const std::optional<PayloadFacts> other = PayloadFactsOf(stripped.graph().initializer(2));
  ASSERT_TRUE(w && other);
  EXPECT_EQ(w->bytes, other->bytes);
  EXPECT_NE(w->xxh64, other->xxh64);
}

TEST(PayloadFactsTest, ATensorWhoseFileDataIsExternalHasNone) {
  onnx::ModelProto model = ortkit::testing::ExternalRefModel({{"location", "w.bin"}});
  EXPECT_EQ(PayloadFactsOf(model.graph().initializer(0)), std::nullopt);
  // Inline bytes as well (malformed, but on the wire): stripped, and still external.
  model.mutable_graph()->mutable_initializer(0)->set_raw_data(std::string(2048, 'x'));
  const onnx::ModelProto stripped = StripWithFacts(model, 1024);
  const onnx::TensorProto& w = stripped.graph().initializer(0);
  EXPECT_TRUE(IsStripped(w));
  EXPECT_EQ(PayloadFactsOf(w), std::nullopt);
}

TEST(PayloadFactsTest, AStrippedTensorWithoutFactsIsACallerError) {
  const onnx::ModelProto stripped = Strip(ortkit::testing::WeightsModel(64), 0);
  const onnx::TensorProto& w = stripped.graph().initializer(0);
  ASSERT_TRUE(IsStripped(w));
  try {
    PayloadFactsOf(w);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_EQ(std::string(e.what()), "tensor 'w' was stripped of its payload without its facts (StripOptions::record_facts)");
  }
}

// Read through a mapping whose pages are given back after hashing: the same bytes, the same facts.
TEST(PayloadFactsTest, StrippingAMappedFileGivesTheSameResult) {
  const std::string bytes = SerializeModel(ortkit::testing::WeightsModel(600));  // w: 1.4 MB, several pages
  ortkit::testing::TempDir dir;
  const std::string path = dir.File("m.onnx");
  std::ofstream(path, std::ios::binary) << bytes;
  const MappedFile file(path);
  StripOptions options;
  options.keep_bytes = 1024;
  options.record_facts = true;
  const std::string plain = StripTensorPayloads(bytes, "m.onnx", options);
  options.mapped = &file;
  EXPECT_EQ(StripTensorPayloads(file.bytes(), "m.onnx", options), plain);
  EXPECT_EQ(file.bytes(), bytes);  // the pages given back read the same bytes again
  try {
    StripTensorPayloads(bytes, "m.onnx", options);  // not a view of `file`
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
  }
}

}  // namespace
}  // namespace ortkit::graph
