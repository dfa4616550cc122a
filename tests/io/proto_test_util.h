// Helpers for the TensorProto tests: building a TensorProto and writing it to a scratch file.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

#include "io/io_test_util.h"

namespace ortkit::testing_io {

/// Writes `proto` to t.pb in `dir` and returns its path.
inline std::string WriteProto(const ScratchDir& dir, const onnx::TensorProto& proto) {
  return dir.Write("t.pb", proto.SerializeAsString());
}

/// A TensorProto with a name, a type and dims, and no data yet.
inline onnx::TensorProto MakeProto(onnx::TensorProto::DataType type,
                                   const std::vector<int64_t>& dims, const std::string& name = "x") {
  onnx::TensorProto proto;
  proto.set_name(name);
  proto.set_data_type(type);
  for (int64_t d : dims) proto.add_dims(d);
  return proto;
}

}  // namespace ortkit::testing_io
