// The exported-workload models of workload_models.h, named and shaped as torch.onnx writes them.
#include "testing/workload_models.h"

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "graph/model_builder.h"
#include "ortkit/shape.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::MakeTensor;
using graph::ModelBuilder;
using graph::SeededWeights;

// The weights' element count (ortkit::ElementCount; the shapes here are small and fixed).
std::size_t Elements(const Shape& shape) { return static_cast<std::size_t>(*ElementCount(shape)); }

// Adds nodes named as torch.onnx names them: "<scope>/<OpType>", then "<scope>/<OpType>_1", ...
// in each scope, each with one output "<node name>_output_0" unless the output is given.
class TorchStyleGraph {
 public:
  explicit TorchStyleGraph(const std::string& graph_name) : builder_(graph_name) {}

  ModelBuilder& builder() noexcept { return builder_; }

  // Returns the node's output name.
  std::string Node(const std::string& scope, const std::string& op_type, const std::vector<std::string>& inputs,
                   const std::vector<Attr>& attributes = {}, const std::string& output = "") {
    const std::string base = scope + "/" + op_type;
    const int index = counts_[base]++;
    const std::string name = index == 0 ? base : base + "_" + std::to_string(index);
    const std::string out = output.empty() ? name + "_output_0" : output;
    builder_.Node(op_type, inputs, {out}, attributes, name);
    return out;
  }

  std::string Constant(const std::string& scope, const onnx::TensorProto& value) {
    return Node(scope, "Constant", {}, {Attr::Tensor("value", value)});
  }
  std::string Int64s(const std::string& scope, const std::vector<int64_t>& values) {
    return Constant(scope, MakeTensor("", values, Shape{static_cast<int64_t>(values.size())}));
  }
  std::string Int64Scalar(const std::string& scope, int64_t value) {
    return Constant(scope, MakeTensor("", std::vector<int64_t>{value}, Shape{}));
  }
  std::string Int32Scalar(const std::string& scope, int32_t value) {
    return Constant(scope, MakeTensor("", std::vector<int32_t>{value}, Shape{}));
  }
  std::string FloatScalar(const std::string& scope, float value) {
    return Constant(scope, MakeTensor("", std::vector<float>{value}, Shape{}));
  }

 private:
  ModelBuilder builder_;
  std::map<std::string, int> counts_;
};

// Subsampling step `index`: an unpadded 3x3 stride-2 Conv "/embed/conv/conv.<index>/Conv" with
// He-scaled weights "embed.conv.<index>.weight", then a functional relu, which torch names after the
// calling module: "/embed/conv/Relu", "/embed/conv/Relu_1".
std::string SubsamplingConv(TorchStyleGraph& g, int index, const std::string& in, int64_t in_ch, int64_t out_ch,
                            uint32_t seed) {
  const std::string n = std::to_string(index);
  const std::string weight = "embed.conv." + n + ".weight";
  const std::string bias = "embed.conv." + n + ".bias";
  const Shape w{out_ch, in_ch, 3, 3};
  g.builder()
      .Initializer(weight, SeededWeights(Elements(w), std::sqrt(6.0f / static_cast<float>(in_ch * 9)), seed), w)
      .Initializer(bias, SeededWeights(static_cast<std::size_t>(out_ch), 0.05f, seed + 1), {out_ch});
  const std::string conv =
      g.Node("/embed/conv/conv." + n, "Conv", {in, weight, bias},
             {Attr::Ints("kernel_shape", {3, 3}), Attr::Ints("strides", {2, 2}), Attr::Ints("pads", {0, 0, 0, 0})});
  return g.Node("/embed/conv", "Relu", {conv});
}

}  // namespace

std::string SpeechEncoderModel() {
  constexpr int64_t kFeatures = 80;
  constexpr int64_t kChannels = 4;
  constexpr int64_t kSubsampledFeatures = ((kFeatures - 3) / 2 + 1 - 3) / 2 + 1;  // 19
  constexpr int64_t kConvOut = kChannels * kSubsampledFeatures;                  // 76
  constexpr int64_t kWidth = 16;
  TorchStyleGraph g("speech_encoder");
  g.builder()
      .Input("speech", ElementType::kFloat32, {"B", "T", kFeatures})
      .Input("speech_lengths", ElementType::kInt32, {"B"});

  std::string x = g.Node("/embed", "Unsqueeze", {"speech", g.Int64s("/embed", {1})});  // [B,1,T,80]
  x = SubsamplingConv(g, 0, x, 1, kChannels, 101);                                // [B,4,(T-3)/2+1,39]
  x = SubsamplingConv(g, 1, x, kChannels, kChannels, 111);                        // [B,4,T_out,19]
  x = g.Node("/embed", "Transpose", {x}, {Attr::Ints("perm", {0, 2, 1, 3})});            // [B,T_out,4,19]
  // Reshape's 0 copies the input's dimension, so B and T_out stay symbolic.
  x = g.Node("/embed", "Reshape", {x, g.Int64s("/embed", {0, 0, kConvOut})});            // [B,T_out,76]
  const Shape w{kConvOut, kWidth};
  g.builder()
      .Initializer("embed.out.weight",
                   SeededWeights(Elements(w), std::sqrt(6.0f / static_cast<float>(kConvOut + kWidth)), 121), w)
      .Initializer("embed.out.bias", SeededWeights(kWidth, 0.02f, 122), {kWidth});
  x = g.Node("/embed/out", "MatMul", {x, "embed.out.weight"});
  const std::string hidden = g.Node("/embed/out", "Add", {x, "embed.out.bias"});  // [B,T_out,16]

  // Each unpadded 3x3 stride-2 conv turns a length n into (n - 3) / 2 + 1 frames.
  std::string len = "speech_lengths";
  for (int step = 0; step < 2; ++step) {
    len = g.Node("/embed", "Sub", {len, g.Int32Scalar("/embed", 3)});
    len = g.Node("/embed", "Div", {len, g.Int32Scalar("/embed", 2)});
    len = g.Node("/embed", "Add", {len, g.Int32Scalar("/embed", 1)}, {}, step == 1 ? "encoder_out_lens" : "");
  }

  // mask[b, t] = t < encoder_out_lens[b], over the frames the convs produced.
  const std::string shape = g.Node("", "Shape", {hidden});
  const std::string frames = g.Node("", "Gather", {shape, g.Int64Scalar("", 1)}, {Attr::Int("axis", 0)});
  const std::string positions = g.Node("", "Range", {g.Int64Scalar("", 0), frames, g.Int64Scalar("", 1)});
  const std::string lens64 =
      g.Node("", "Cast", {len}, {Attr::Int("to", static_cast<int64_t>(ElementType::kInt64))});
  const std::string lens_column = g.Node("", "Unsqueeze", {lens64, g.Int64s("", {1})});  // [B,1]
  const std::string mask = g.Node("", "Less", {positions, lens_column});                // [B,T_out]
  const std::string mask3 = g.Node("", "Unsqueeze", {mask, g.Int64s("", {2})});         // [B,T_out,1]
  g.Node("", "Where", {mask3, hidden, g.FloatScalar("", 0.0f)}, {}, "encoder_out");

  return g.builder()
      .Output("encoder_out", ElementType::kFloat32, {"B", "T_out", kWidth})
      .Output("encoder_out_lens", ElementType::kInt32, {"B"})
      .Serialize();
}

std::string TokenEmbeddingModel() {
  constexpr int64_t kVocabulary = 1000;
  constexpr int64_t kWidth = 32;
  const Shape w{kVocabulary, kWidth};
  TorchStyleGraph g("token_embedding");
  g.builder()
      .Input("input_ids", ElementType::kInt64, {"batch", "seq"})
      .Initializer("embed.weight", SeededWeights(Elements(w), 1.0f, 201), w);
  const std::string embedded = g.Node("/embed", "Gather", {"embed.weight", "input_ids"}, {Attr::Int("axis", 0)});
  g.Node("", "ReduceMean", {embedded}, {Attr::Ints("axes", {1}), Attr::Int("keepdims", 0)}, "pooled");
  return g.builder().Output("pooled", ElementType::kFloat32, {"batch", kWidth}).Serialize();
}

}  // namespace ortkit::testing
