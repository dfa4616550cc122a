// WriteBigModel: a large ONNX model written straight to disk, its weights streamed in chunks, so
// that making a 1 GiB model needs megabytes of memory, not gigabytes.
#pragma once

#include <cstdint>
#include <string>

namespace ortkit::bench {

struct BigModelSpec {
  int layers = 8;        ///< MatMul + Add + Relu blocks
  int64_t width = 5792;  ///< each weight is float32[width,width]: 128 MiB at 5792
};

/// The spec whose weights come closest to `mib` MiB with `layers` square weights.
BigModelSpec SpecForSize(uint64_t mib, int layers = 8);

/// Writes x: float32[batch,width] -> y: float32[batch,width] through `layers` blocks of
/// MatMul(w_i: float32[width,width]) + Add(b_i: float32[width]) + Relu, weights seeded. Each big
/// weight is a graph initializer written in place as raw_data in 4 MiB chunks. The result is one
/// ordinary protobuf message (graph lengths computed first), readable by any ONNX tool. Returns the
/// file's size. Throws ortkit::Error (kIo) naming the path on failure.
uint64_t WriteBigModel(const std::string& path, const BigModelSpec& spec);

}  // namespace ortkit::bench
