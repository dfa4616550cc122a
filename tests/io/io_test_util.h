// Helpers for the IO tests: a scratch directory per test, tensors with recognisable bytes, and
// catching the error a call throws.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "ortkit/error.h"
#include "ortkit/tensor.h"

namespace ortkit::testing_io {

/// A fresh directory under the system temp dir, named after the running test, removed (with
/// everything in it) when the test ends.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("ortkit_io_" + name + "_" + std::to_string(::getpid()) + "_" +
            std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  /// Writes `bytes` to a file called `name` here and returns its path.
  std::string Write(const std::string& name, const std::string& bytes) const {
    const std::string path = Path(name);
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good()) << path;
    return path;
  }

 private:
  std::filesystem::path dir_;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The message of the ortkit::Error(kIo) that `call` throws; a test failure if it throws
/// anything else or nothing.
template <typename Call>
std::string IoErrorOf(Call&& call) {
  try {
    call();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kIo) << e.what();
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "threw something other than ortkit::Error: " << e.what();
    return {};
  }
  ADD_FAILURE() << "threw nothing";
  return {};
}

/// A tensor of `type` whose bytes follow a pattern (bools alternate 0 and 1).
inline Tensor PatternTensor(ElementType type, Shape shape) {
  Tensor t = Tensor::Zeros(type, std::move(shape));
  auto* bytes = static_cast<unsigned char*>(t.mutable_data());
  for (std::size_t i = 0; i < t.byte_size(); ++i) {
    bytes[i] = type == ElementType::kBool ? i % 2 : static_cast<unsigned char>(i * 37 + 11);
  }
  return t;
}

/// Same type, shape and bytes (or strings).
inline void ExpectSameTensor(const Tensor& actual, const Tensor& expected) {
  EXPECT_EQ(actual.type(), expected.type());
  EXPECT_EQ(actual.shape(), expected.shape());
  if (expected.type() == ElementType::kString) {
    EXPECT_EQ(actual.strings(), expected.strings());
    return;
  }
  ASSERT_EQ(actual.byte_size(), expected.byte_size());
  if (expected.byte_size() > 0) {
    EXPECT_EQ(std::memcmp(actual.data(), expected.data(), expected.byte_size()), 0);
  }
}

/// Every element type with a size, so that every numeric type is round-tripped.
inline std::vector<ElementType> SizedElementTypes() {
  std::vector<ElementType> types;
  for (int i = 1; i <= static_cast<int>(ElementType::kFloat8E5M2FNUZ); ++i) {
    const auto type = static_cast<ElementType>(i);
    if (ElementSize(type) > 0) types.push_back(type);
  }
  return types;
}

}  // namespace ortkit::testing_io
