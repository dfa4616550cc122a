// Tests of reading calibration sets: the file-to-input rules of calibration_sets.h and every way a
// directory can be wrong.
#include "workload/calibration_sets.h"

#include <filesystem>

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include "ortkit/error.h"
#include "ortkit/tensor_io.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;

std::vector<ValueSpec> TwoInputs() {
  ValueSpec image;
  image.name = "image";
  image.element_type = ElementType::kFloat32;
  ValueSpec lengths;
  lengths.name = "lengths";
  lengths.element_type = ElementType::kInt64;
  return {image, lengths};
}

void WriteNamedPb(const std::string& path, const std::string& name, int64_t value) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(onnx::TensorProto::INT64);
  t.add_dims(1);
  t.add_int64_data(value);
  WriteFile(path, t.SerializeAsString());
}

// Runs `fn` and returns the error it throws, failing the test when it throws none.
template <typename Fn>
Error Thrown(Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "expected an ortkit::Error";
  return Error(ErrorCategory::kRun, "no error was thrown");
}

TEST(CalibrationSetsTest, ReadsSetsInNameOrderByInputNameOrPosition) {
  TempDir dir;
  fs::create_directories(dir.File("b"));
  fs::create_directories(dir.File("a"));
  WriteNpy(dir.File("a/image.npy"), Tensor::FromVector(std::vector<float>{1, 2}, {1, 2}));
  WriteNamedPb(dir.File("a/input_7.pb"), "lengths", 2);  // the TensorProto's name wins over the file's
  WriteTensorProto(dir.File("b/input_0.pb"), Tensor::FromVector(std::vector<float>{3, 4}, {1, 2}));
  WriteTensorProto(dir.File("b/input_1.pb"), Tensor::FromVector(std::vector<int64_t>{5}, {1}));
  WriteTensorProto(dir.File("b/output_0.pb"), Tensor::FromVector(std::vector<float>{0}, {1}));  // skipped
  WriteFile(dir.File("b/README.txt"), "not a tensor");                                          // skipped
  const auto sets = workload::ReadCalibrationSets(dir.path(), TwoInputs());
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[0].name, "a");
  ASSERT_EQ(sets[0].inputs.size(), 2u);
  EXPECT_EQ(sets[0].inputs[0].name, "image");
  EXPECT_EQ(sets[0].inputs[1].name, "lengths");
  EXPECT_EQ(sets[0].inputs[1].value.tensor().data_as<int64_t>()[0], 2);
  EXPECT_EQ(sets[1].name, "b");
  EXPECT_EQ(sets[1].inputs[0].value.tensor().data_as<float>()[1], 4.0f);
  EXPECT_EQ(sets[1].inputs[1].value.tensor().data_as<int64_t>()[0], 5);
}

TEST(CalibrationSetsTest, EveryWrongDirectoryIsNamedInItsError) {
  TempDir dir;
  const auto specs = TwoInputs();
  Error e = Thrown([&] { workload::ReadCalibrationSets(dir.File("missing"), specs); });
  EXPECT_EQ(e.category(), ErrorCategory::kIo);
  EXPECT_NE(std::string(e.what()).find("no such directory"), std::string::npos) << e.what();

  e = Thrown([&] { workload::ReadCalibrationSets(dir.path(), specs); });
  EXPECT_EQ(e.category(), ErrorCategory::kConfig);
  EXPECT_NE(std::string(e.what()).find("holds no input sets"), std::string::npos) << e.what();

  WriteNpy(dir.File("image.npy"), Tensor::FromVector(std::vector<float>{1}, {1}));
  e = Thrown([&] { workload::ReadCalibrationSets(dir.path(), specs); });
  EXPECT_NE(std::string(e.what()).find("tensor files but no set subdirectories"), std::string::npos) << e.what();

  fs::create_directories(dir.File("s0"));
  WriteNpy(dir.File("s0/image.npy"), Tensor::FromVector(std::vector<float>{1}, {1}));
  e = Thrown([&] { workload::ReadCalibrationSets(dir.path(), specs); });
  EXPECT_EQ(e.category(), ErrorCategory::kConfig);
  EXPECT_NE(std::string(e.what()).find("set 's0' has no file for the model's input 'lengths'"), std::string::npos)
      << e.what();

  WriteNpy(dir.File("s0/lenghts.npy"), Tensor::FromVector(std::vector<int64_t>{1}, {1}));
  e = Thrown([&] { workload::ReadCalibrationSets(dir.path(), specs); });
  EXPECT_NE(std::string(e.what()).find("file 'lenghts.npy': matches no input of the model (its inputs: image, lengths)"),
            std::string::npos)
      << e.what();

  fs::remove(dir.File("s0/lenghts.npy"));
  WriteTensorProto(dir.File("s0/input_0.pb"), Tensor::FromVector(std::vector<float>{1}, {1}));
  e = Thrown([&] { workload::ReadCalibrationSets(dir.path(), specs); });
  EXPECT_NE(std::string(e.what()).find("gives input 'image' a second time"), std::string::npos) << e.what();

  fs::remove(dir.File("s0/input_0.pb"));
  WriteFile(dir.File("s0/lengths.npy"), "not numpy");
  e = Thrown([&] { workload::ReadCalibrationSets(dir.path(), specs); });
  EXPECT_EQ(e.category(), ErrorCategory::kIo);
}

}  // namespace
}  // namespace ortkit::testing
