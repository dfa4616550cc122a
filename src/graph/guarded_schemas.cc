// GuardedSchemas: ONNX's registry with a precondition in front of each inference function that the
// fuzz targets caught crashing in ONNX 1.12 (tests/fuzz/README.md lists them). Each precondition
// states what the function reads unchecked, and refuses the node when inference's shapes don't
// give it that.
#include "graph/guarded_schemas.h"

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include <onnx/defs/shape_inference.h>

namespace ortkit::graph {
namespace {

using Precondition = void (*)(onnx::InferenceContext& ctx);

// The rank ONNX's inference functions see for input `i`: they test hasShape() on the type, then
// read tensor_type().shape() whatever the type is (a sparse tensor's reads as rank 0). -1 when
// the input is absent or has no shape, where those functions return before reading anything.
int SeenRank(onnx::InferenceContext& ctx, std::size_t i) {
  if (!onnx::hasInputShape(ctx, i)) return -1;
  return ctx.getInputType(i)->tensor_type().shape().dim_size();
}

// convTransposeShapeInference, once X (N x C x D1..Dn) and W have shapes: reads W's dim 1 for the
// output channels; without kernel_shape it takes the kernel from W's dims 2.. and then indexes n
// per-axis values (strides, pads) by the kernel's dims and the kernel by the n axes, so W must
// have exactly n of them.
void ConvTransposeShapes(onnx::InferenceContext& ctx) {
  const int x_rank = SeenRank(ctx, 0);
  const int w_rank = SeenRank(ctx, 1);
  if (x_rank < 2 || w_rank < 0) return;  // ONNX returns before reading W
  if (w_rank < 2) {
    fail_shape_inference("ConvTranspose: the weight has rank ", w_rank,
                         "; it must be (C x M/group x k1 .. kn), rank 2 or more");
  }
  if (ctx.getAttribute("kernel_shape") == nullptr && w_rank != x_rank) {
    fail_shape_inference("ConvTranspose: the weight has rank ", w_rank, ", the input rank ", x_rank,
                         "; without kernel_shape the weight needs one kernel dim per spatial axis (rank ", x_rank, ")");
  }
}

// Gemm before opset 11 (Gemm-6 at least) puts A's and B's dims into the output without checking
// that both are matrices; later versions check and fail, which this does for every version.
void GemmShapes(onnx::InferenceContext& ctx) {
  for (std::size_t i : {0, 1}) {
    const int rank = SeenRank(ctx, i);
    if (rank >= 0 && rank != 2) {
      fail_shape_inference("Gemm: input ", i == 0 ? "A" : "B", " has rank ", rank, "; Gemm multiplies matrices (rank 2)");
    }
  }
}

// STFT-17 in ONNX 1.12 reads the signal's dims 0 and 1 (batch, signal length) without checking
// its rank (later ONNX versions check it); a scalar or rank-1 signal made it read past the dims
// (SIGSEGV, found by CI's model_summary run). The signal is [batch][length] or [batch][length][1|2].
void StftShapes(onnx::InferenceContext& ctx) {
  const int signal_rank = SeenRank(ctx, 0);
  if (signal_rank >= 0 && signal_rank < 2) {
    fail_shape_inference("STFT: the signal has rank ", signal_rank,
                         "; it must be [batch][signal_length] or [batch][signal_length][1 or 2], rank 2 or more");
  }
}

// EyeLike's inference hands its input's type to propagateShape without looking at it: an input no
// graph input, initializer or node declares has none, and propagateShape dereferences the null
// (found by libFuzzer, tests/fuzz/corpus/fix_passes/crash-eyelike-untyped-input.onnx).
void EyeLikeTypes(onnx::InferenceContext& ctx) {
  if (ctx.getNumInputs() < 1 || ctx.getInputType(0) == nullptr) {
    fail_type_inference("EyeLike: input 0 has no type (no graph input, initializer or node output declares it)");
  }
}

// ONNX-domain op types and what their inference functions (every version) need checked first.
const std::map<std::string, Precondition>& Preconditions() {
  static const std::map<std::string, Precondition> table = {
      {"ConvTranspose", &ConvTransposeShapes},
      {"EyeLike", &EyeLikeTypes},
      {"Gemm", &GemmShapes},
      {"STFT", &StftShapes},
  };
  return table;
}

class GuardedRegistry final : public onnx::ISchemaRegistry {
 public:
  const onnx::OpSchema* GetSchema(const std::string& op_type, const int max_version,
                                  const std::string& domain) const override {
    const onnx::OpSchema* schema = onnx::OpSchemaRegistry::Schema(op_type, max_version, domain);
    if (schema == nullptr || !schema->has_type_and_shape_inference_function()) return schema;
    if (!domain.empty() && domain != "ai.onnx") return schema;
    const auto precondition = Preconditions().find(op_type);
    if (precondition == Preconditions().end()) return schema;

    // One guarded copy per original schema (an op has one per version that changed it); the
    // originals live as long as the process, and so do these.
    const std::lock_guard<std::mutex> lock(mutex_);
    std::unique_ptr<onnx::OpSchema>& guarded = guarded_[schema];
    if (!guarded) {
      guarded = std::make_unique<onnx::OpSchema>(*schema);
      guarded->TypeAndShapeInferenceFunction(
          [check = precondition->second, infer = schema->GetTypeAndShapeInferenceFunction()](onnx::InferenceContext& ctx) {
            check(ctx);
            infer(ctx);
          });
    }
    return guarded.get();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::map<const onnx::OpSchema*, std::unique_ptr<onnx::OpSchema>> guarded_;
};

}  // namespace

const onnx::ISchemaRegistry* GuardedSchemas() {
  static const GuardedRegistry registry;
  return &registry;
}

}  // namespace ortkit::graph
