// Tests of ReadTensorFile: the format is chosen by the file's extension.
#include <gtest/gtest.h>

#include "io/io_test_util.h"
#include "ortkit/tensor_io.h"

namespace ortkit {
namespace {

using testing_io::IoErrorOf;
using testing_io::ScratchDir;

TEST(TensorFileTest, ReadsByExtension) {
  ScratchDir dir;
  const Tensor original = Tensor::FromVector<int32_t>({1, 2, 3}, {3});
  WriteNpy(dir.Path("a.npy"), original);
  WriteTensorProto(dir.Path("b.pb"), original);
  WriteNpy(dir.Path("C.NPY"), original);
  for (const char* name : {"a.npy", "b.pb", "C.NPY"}) {
    SCOPED_TRACE(name);
    testing_io::ExpectSameTensor(ReadTensorFile(dir.Path(name)), original);
  }
}

TEST(TensorFileTest, RefusesOtherExtensionsListingTheAcceptedOnes) {
  EXPECT_EQ(IoErrorOf([] { ReadTensorFile("x.txt"); }),
            "'x.txt': unknown tensor file extension '.txt' (accepted: .npy, .pb)");
  EXPECT_EQ(IoErrorOf([] { ReadTensorFile("dir.d/x"); }),
            "'dir.d/x': no file extension (accepted: .npy, .pb)");
}

TEST(TensorFileTest, ReportsAMissingFileOfAKnownExtension) {
  ScratchDir dir;
  EXPECT_EQ(IoErrorOf([&] { ReadTensorFile(dir.Path("x.pb")); }),
            "cannot read '" + dir.Path("x.pb") + "': No such file or directory");
}

}  // namespace
}  // namespace ortkit
