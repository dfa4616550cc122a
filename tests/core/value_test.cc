// Tests of Value kinds and lookups by name.
#include "ortkit/value.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"

namespace ortkit {
namespace {

TEST(ValueTest, TensorConvertsImplicitly) {
  Value v = Tensor::FromVector<float>({1, 2}, {2});
  EXPECT_TRUE(v.is_tensor());
  EXPECT_EQ(v.Describe(), "float32[2]");
}

TEST(ValueTest, SequenceHoldsElements) {
  Value v = Value::Sequence({Tensor::FromVector<float>({1}, {1}), Tensor::FromVector<float>({2}, {1})});
  EXPECT_EQ(v.kind(), ValueKind::kSequence);
  EXPECT_EQ(v.sequence().size(), 2u);
  EXPECT_EQ(v.Describe(), "sequence<float32[1]> of 2");
}

TEST(ValueTest, MapHoldsKeysAndValues) {
  Value v = Value::Map(Tensor::FromVector<int64_t>({1, 2}, {2}), Tensor::FromVector<float>({.5f, .25f}, {2}));
  EXPECT_EQ(v.kind(), ValueKind::kMap);
  EXPECT_EQ(v.map_keys().buffer_elements(), 2u);
  EXPECT_EQ(v.map_values().tensor().data_as<float>()[1], .25f);
  EXPECT_EQ(v.Describe(), "map<int64,float32[2]> of 2");
}

TEST(ValueTest, NoneIsAnEmptyOptional) {
  Value v = Value::None();
  EXPECT_TRUE(v.is_none());
  EXPECT_EQ(v.Describe(), "none");
}

TEST(ValueTest, WrongKindAccessSaysWhatItIs) {
  Value v = Value::None();
  try {
    v.tensor();
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "value is none, not a tensor");
  }
  EXPECT_THROW(Value(Tensor()).sequence(), Error);
  EXPECT_THROW(Value(Tensor()).map_keys(), Error);
}

TEST(ValueTest, FindValueListsWhatIsPresent) {
  NamedValues values{{"a", Tensor()}, {"b", Tensor()}};
  EXPECT_EQ(&FindValue(values, "b"), &values[1].value);
  try {
    FindValue(values, "c");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "no value named 'c'; present: a, b");
  }
}

}  // namespace
}  // namespace ortkit
