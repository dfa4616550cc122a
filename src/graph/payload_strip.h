// StripTensorPayloads: a serialized model without its large tensor payloads, small enough to parse
// and run ONNX shape inference on whatever the size of the weights; and the payload facts (size,
// hash) a stripped tensor can carry, so that rules comparing payloads still work on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <onnx/onnx_pb.h>
#include <xxhash.h>

namespace ortkit::graph {

class MappedFile;

/// Where stripped tensors say their data is.
inline constexpr const char* kStrippedLocation = "<payload stripped by ortkit>";

/// The external_data key under which a tensor stripped with StripOptions::record_facts carries its
/// PayloadFacts: "bytes=<decimal> xxh64=<16 hex digits>", or "external" when the tensor declared
/// its data external in the file (then no rule reads its inline bytes, whatever they are).
inline constexpr const char* kPayloadFactsKey = "ortkit.payload";

struct StripOptions {
  /// Tensors whose data fields take at most this many bytes on the wire keep them.
  uint64_t keep_bytes = 1024;
  /// Record each stripped tensor's PayloadFacts under kPayloadFactsKey. Every stripped payload is
  /// read once, to hash it.
  bool record_facts = false;
  /// The file `model` is a view of, when it is one: the pages read to hash payloads are then given
  /// back (madvise) as soon as they are hashed, so hashing 1 GiB of weights does not leave 1 GiB
  /// resident. StripTensorPayloads throws Error(kLoad) when `model` is not inside its mapping.
  const MappedFile* mapped = nullptr;
};

/// A copy of the serialized ModelProto `model` in which every tensor whose data fields (raw_data,
/// float_data, int32_data, string_data, int64_data, double_data, uint64_data) take more than
/// `options.keep_bytes` on the wire has them removed; its name, data_type and dims stay, and it is
/// marked as external data at kStrippedLocation, so that no consumer takes it for a tensor with no
/// values. Tensors are found wherever ONNX puts them: initializers, sparse initializers and tensor
/// attributes of every graph, subgraph, local function and training graph. Every other field is
/// copied byte for byte, so with no tensor over `keep_bytes` the result equals the input. `label`
/// names the file in errors; malformed input throws Error(kLoad) as WireReader does.
std::string StripTensorPayloads(std::string_view model, std::string_view label, const StripOptions& options);

/// StripTensorPayloads with StripOptions{keep_bytes}: no facts.
std::string StripTensorPayloads(std::string_view model, std::string_view label, uint64_t keep_bytes);

/// What identifies a tensor's value when payloads are compared (check's duplicate initializers):
/// the bytes hashed are raw_data's when the tensor has raw_data, else the tensor serialized
/// without its name and doc_string (its typed fields, float_data ..., with its type and dims).
struct PayloadFacts {
  uint64_t bytes = 0;  ///< how many bytes were hashed
  uint64_t xxh64 = 0;  ///< their XXH64, seed 0

  friend bool operator==(const PayloadFacts& a, const PayloadFacts& b) {
    return a.bytes == b.bytes && a.xxh64 == b.xxh64;
  }
};

/// The facts of `tensor` as it is in the file: for a tensor stripped with record_facts, the ones
/// recorded; for one that kept its data, computed from it. nullopt when the file declares its data
/// external. Throws Error(kLoad) naming the tensor when it was stripped without facts, or its facts
/// do not parse: a caller bug, not a property of the model.
std::optional<PayloadFacts> PayloadFactsOf(const onnx::TensorProto& tensor);

/// Whether StripTensorPayloads removed this tensor's data (its location is kStrippedLocation).
bool IsStripped(const onnx::TensorProto& tensor);

/// XXH64, xxHash's 64-bit hash (Debian's libxxhash), fed in pieces: Digest() is XXH64() of all
/// the bytes given to Update(), however they were split. Fast (several GB/s), not cryptographic:
/// use it to find equal payloads among a model's own tensors, with their sizes compared too, never
/// against adversarial collisions.
class Xxh64 {
 public:
  explicit Xxh64(uint64_t seed = 0);
  void Update(std::string_view bytes);
  uint64_t Digest() const;

 private:
  struct FreeState {
    void operator()(XXH64_state_t* state) const noexcept { XXH64_freeState(state); }
  };
  std::unique_ptr<XXH64_state_t, FreeState> state_;
};

}  // namespace ortkit::graph
