// Hostile and broken input files for the CLI tests: each is written into a directory, cheaply
// (the >2 GiB model is a sparse file), and is what a careless or malicious sender could hand us.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ortkit::testing {

/// The first half of a valid model's bytes.
void WriteTruncatedModel(const std::string& path);

/// 4096 seeded pseudo-random bytes.
void WriteRandomBytes(const std::string& path);

/// A valid serialized onnx::TensorProto (float32[2,2]): a protobuf, but not a model.
void WriteTensorProtoAsModel(const std::string& path);

/// A model whose one initializer declares 2.25 GiB of inline raw_data: an honest protobuf header
/// followed by a hole (a sparse file, so it takes no disk space) of the declared length.
/// Returns the file's size.
uint64_t WriteSparseOver2GiBModel(const std::string& path);

/// x: float32[batch,3] -> z = Add(x, w) with the initializer w declared with `w_dims` and
/// `w_values` floats of raw_data, and the input x's first dimension replaced by `x_dim0` when set
/// (a dim_value, which may be zero, negative or absurd).
void WriteDimsModel(const std::string& path, std::optional<int64_t> x_dim0, const std::vector<int64_t>& w_dims,
                    int w_values);

/// A chain of If nodes nested `depth` deep (each then/else branch holds the next If), the
/// innermost branches an Identity. Built as bytes, without recursion, so any depth is cheap.
void WriteNestedIfModel(const std::string& path, int depth);

/// Two nodes feeding each other (a: Add(x, b) -> c; b: Relu(c)): a cycle.
void WriteCyclicModel(const std::string& path);

/// A ConvTranspose whose weight has rank 2 for an input of rank 4: ONNX 1.12's shape inference
/// for it reads past the weight's dims and crashes (found by the model_check fuzz target) unless
/// graph/guarded_schemas.h stops it first.
void WriteConvTransposeRank2WeightModel(const std::string& path);

/// x: float32[4] -> z = Add(x, w), w float32[4] stored externally at `location` with the given
/// `length` (bytes; 16 is right for float32[4]).
void WriteExternalDataModel(const std::string& path, const std::string& location, uint64_t length);

/// A TensorProto float32[1<<30] (4 GiB) with no data: a few bytes claiming gigabytes.
void WriteHugeClaimTensorPb(const std::string& path);

/// A .npy whose header claims float32 (1<<30, 4) and that holds 16 bytes of data.
void WriteHugeClaimNpy(const std::string& path);

/// A .npy with the magic right and the header dictionary garbage.
void WriteBadHeaderNpy(const std::string& path);

/// An .npy whose header length field points far past the end of the file.
void WriteHeaderPastEndNpy(const std::string& path);

}  // namespace ortkit::testing
