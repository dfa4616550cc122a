// Reading the real .pb files of ONNX's backend test data (Debian's libonnx-testdata), when installed.
#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "io/io_test_util.h"
#include "ortkit/error.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

namespace fs = std::filesystem;

const fs::path kTestData = ORTKIT_ONNX_TESTDATA_DIR;

#define SKIP_WITHOUT_TESTDATA()                                                  \
  if (!fs::is_directory(kTestData / "node")) {                                   \
    GTEST_SKIP() << "no ONNX test data at " << kTestData << " (libonnx-testdata)"; \
  }

std::string Node(const std::string& test, const std::string& file) {
  return (kTestData / "node" / test / "test_data_set_0" / file).string();
}

std::vector<int64_t> Int64s(const Tensor& t) {
  const auto* p = t.data_as<int64_t>();
  return std::vector<int64_t>(p, p + t.buffer_elements());
}

TEST(OnnxTestDataTest, ReadsTestAddAndItsSumMatches) {
  SKIP_WITHOUT_TESTDATA();
  const Tensor a = ReadTensorProto(Node("test_add", "input_0.pb"));
  const Tensor b = ReadTensorProto(Node("test_add", "input_1.pb"));
  const Tensor sum = ReadTensorProto(Node("test_add", "output_0.pb"));
  EXPECT_EQ(a.Describe(), "float32[3,4,5]");
  EXPECT_EQ(b.Describe(), "float32[3,4,5]");
  ASSERT_EQ(sum.Describe(), "float32[3,4,5]");
  for (std::size_t i = 0; i < 60; ++i) {
    EXPECT_EQ(a.data_as<float>()[i] + b.data_as<float>()[i], sum.data_as<float>()[i]) << i;
  }
}

TEST(OnnxTestDataTest, ReadsSequenceInputs) {
  SKIP_WITHOUT_TESTDATA();
  const Value seq = ReadValueProto(Node("test_sequence_insert_at_back", "input_0.pb"),
                                   ValueKind::kSequence);
  ASSERT_EQ(seq.sequence().size(), 3u);
  EXPECT_EQ(Int64s(seq.sequence()[0].tensor()), (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(Int64s(seq.sequence()[2].tensor()), (std::vector<int64_t>{8, 9}));

  const Value identity =
      ReadValueProto(Node("test_identity_sequence", "input_0.pb"), ValueKind::kSequence);
  ASSERT_EQ(identity.sequence().size(), 2u);
  EXPECT_EQ(identity.sequence()[1].tensor().Describe(), "float32[1,1,2,2]");
}

TEST(OnnxTestDataTest, ReadsOptionalInputs) {
  SKIP_WITHOUT_TESTDATA();
  const Value tensor =
      ReadValueProto(Node("test_optional_get_element", "input_0.pb"), ValueKind::kOptional);
  EXPECT_EQ(tensor.Describe(), "float32[4]");
  const Value sequence = ReadValueProto(Node("test_optional_get_element_sequence", "input_0.pb"),
                                        ValueKind::kOptional);
  EXPECT_EQ(sequence.Describe(), "sequence<int32[4]> of 1");
  EXPECT_TRUE(ReadValueProto(Node("test_optional_has_element_empty", "input_0.pb"),
                             ValueKind::kOptional)
                  .is_none());
}

// The kind and (for tensors) element type a model declares for one of its values.
struct Declared {
  ValueKind kind;
  std::optional<int> elem_type;
};

std::optional<Declared> DeclaredBy(const onnx::TypeProto& type) {
  switch (type.value_case()) {
    case onnx::TypeProto::kTensorType: return Declared{ValueKind::kTensor, type.tensor_type().elem_type()};
    case onnx::TypeProto::kSequenceType: return Declared{ValueKind::kSequence, std::nullopt};
    case onnx::TypeProto::kMapType: return Declared{ValueKind::kMap, std::nullopt};
    case onnx::TypeProto::kOptionalType: return Declared{ValueKind::kOptional, std::nullopt};
    default: return std::nullopt;  // sparse tensors and opaque values: not ortkit's
  }
}

// input_<i>.pb and output_<i>.pb hold the model's i-th input (initializers excluded, as older
// models list them among the inputs) and i-th output.
std::map<std::string, Declared> DeclaredFiles(const fs::path& model_path) {
  onnx::ModelProto model;
  std::map<std::string, Declared> files;
  if (!model.ParseFromString(testing_io::ReadAll(model_path.string()))) return files;
  std::set<std::string> initializers;
  for (const auto& init : model.graph().initializer()) initializers.insert(init.name());
  int index = 0;
  for (const auto& input : model.graph().input()) {
    if (initializers.count(input.name())) continue;
    if (auto d = DeclaredBy(input.type())) files.emplace("input_" + std::to_string(index), *d);
    ++index;
  }
  for (int i = 0; i < model.graph().output_size(); ++i) {
    if (auto d = DeclaredBy(model.graph().output(i).type())) {
      files.emplace("output_" + std::to_string(i), *d);
    }
  }
  return files;
}

TEST(OnnxTestDataTest, ReadsEveryFileAsTheKindItsModelDeclares) {
  SKIP_WITHOUT_TESTDATA();
  int read = 0;
  std::vector<std::string> failures;
  for (const auto& entry : fs::recursive_directory_iterator(kTestData)) {
    if (entry.path().filename() != "model.onnx") continue;
    const auto declared = DeclaredFiles(entry.path());
    for (const auto& set : fs::directory_iterator(entry.path().parent_path())) {
      if (!set.is_directory()) continue;
      for (const auto& file : fs::directory_iterator(set.path())) {
        if (file.path().extension() != ".pb") continue;
        const auto it = declared.find(file.path().stem().string());
        if (it == declared.end()) continue;
        try {
          const Value value = ReadValueProto(file.path().string(), it->second.kind);
          const int bfloat16 = static_cast<int>(ElementType::kBFloat16);
          // ONNX 1.12 wrote bfloat16 test data as uint16 (NumPy has no bfloat16): same bits,
          // another data_type. Accept exactly that mismatch.
          const bool bfloat16_as_uint16 = it->second.elem_type == bfloat16 && value.is_tensor() &&
                                          value.tensor().type() == ElementType::kUInt16;
          if (it->second.elem_type && value.is_tensor() && !bfloat16_as_uint16 &&
              static_cast<int>(value.tensor().type()) != *it->second.elem_type) {
            failures.push_back(file.path().string() + ": read as " + value.Describe() +
                               " but the model declares elem_type " +
                               std::to_string(*it->second.elem_type));
          }
          ++read;
        } catch (const Error& e) {
          failures.push_back(e.what());
        }
      }
    }
  }
  EXPECT_GT(read, 2000);
  std::string listed;
  for (const auto& f : failures) listed += "\n  " + f;
  EXPECT_TRUE(failures.empty()) << failures.size() << " files failed:" << listed;
}

// Whatever a file holds, reading it as any kind returns a value or throws ortkit::Error.
TEST(OnnxTestDataTest, ReadingAnyFileAsAnyKindNeverFailsOtherwise) {
  SKIP_WITHOUT_TESTDATA();
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kTestData / "node")) {
    if (entry.path().extension() != ".pb") continue;
    ++files;
    for (ValueKind kind :
         {ValueKind::kTensor, ValueKind::kSequence, ValueKind::kMap, ValueKind::kOptional}) {
      try {
        ReadValueProto(entry.path().string(), kind);
      } catch (const Error& e) {
        EXPECT_EQ(e.category(), ErrorCategory::kIo) << e.what();
      } catch (const std::exception& e) {
        ADD_FAILURE() << entry.path() << " as " << ToString(kind) << ": " << e.what();
      }
    }
  }
  EXPECT_GT(files, 1000);
}

}  // namespace
}  // namespace ortkit
