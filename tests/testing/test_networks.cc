// The two realistic networks of test_models.h: a small ResNet-like conv net and a transformer layer.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/model_builder.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::ModelBuilder;
using graph::SeededWeights;

std::size_t Count(const Shape& shape) {
  std::size_t n = 1;
  for (int64_t d : shape) n *= static_cast<std::size_t>(d);
  return n;
}

// Conv (3x3, pad 1) + optional Relu with He-scaled "<name>.weight"/"<name>.bias" initializers.
void ConvBlock(ModelBuilder& b, const std::string& name, const std::string& in, const std::string& out,
               int64_t in_ch, int64_t out_ch, int64_t stride, bool relu, uint32_t seed) {
  const Shape w{out_ch, in_ch, 3, 3};
  b.Initializer(name + ".weight", SeededWeights(Count(w), std::sqrt(6.0f / static_cast<float>(in_ch * 9)), seed), w)
      .Initializer(name + ".bias", SeededWeights(static_cast<std::size_t>(out_ch), 0.05f, seed + 1), {out_ch});
  const std::string conv_out = relu ? name + "_conv" : out;
  b.Node("Conv", {in, name + ".weight", name + ".bias"}, {conv_out},
         {Attr::Ints("kernel_shape", {3, 3}), Attr::Ints("pads", {1, 1, 1, 1}), Attr::Ints("strides", {stride, stride})},
         name + "/Conv");
  if (relu) b.Node("Relu", {conv_out}, {out}, {}, name + "/Relu");
}

// y = x @ W + b with Glorot-scaled W [in, out]: the MatMul + Add that exporters emit for Linear.
void Linear(ModelBuilder& b, const std::string& name, const std::string& in, const std::string& out,
            int64_t in_dim, int64_t out_dim, uint32_t seed) {
  const Shape w{in_dim, out_dim};
  b.Initializer(name + ".weight", SeededWeights(Count(w), std::sqrt(6.0f / static_cast<float>(in_dim + out_dim)), seed),
                w)
      .Initializer(name + ".bias", SeededWeights(static_cast<std::size_t>(out_dim), 0.02f, seed + 1), {out_dim})
      .Node("MatMul", {in, name + ".weight"}, {name + "_mm"}, {}, name + "/MatMul")
      .Node("Add", {name + "_mm", name + ".bias"}, {out}, {}, name + "/Add");
}

void LayerNorm(ModelBuilder& b, const std::string& name, const std::string& in, const std::string& out,
               int64_t width) {
  b.Initializer(name + ".weight", std::vector<float>(static_cast<std::size_t>(width), 1.0f), {width})
      .Initializer(name + ".bias", std::vector<float>(static_cast<std::size_t>(width), 0.0f), {width})
      .Node("LayerNormalization", {in, name + ".weight", name + ".bias"}, {out},
            {Attr::Int("axis", -1), Attr::Float("epsilon", 1e-5f)}, name + "/LayerNormalization");
}

}  // namespace

std::string ConvNetModel() {
  ModelBuilder b("convnet");
  b.Input("input", ElementType::kFloat32, {"batch", 3, 64, 64});
  ConvBlock(b, "stem", "input", "stem_out", 3, 16, 2, true, 11);          // [b,16,32,32]
  ConvBlock(b, "block.conv1", "stem_out", "block_mid", 16, 16, 1, true, 21);
  ConvBlock(b, "block.conv2", "block_mid", "block_conv", 16, 16, 1, false, 31);
  b.Node("Add", {"block_conv", "stem_out"}, {"block_sum"}, {}, "block/Add")  // the residual
      .Node("Relu", {"block_sum"}, {"block_out"}, {}, "block/Relu");
  ConvBlock(b, "down", "block_out", "down_out", 16, 32, 2, true, 41);     // [b,32,16,16]
  const Shape fc_w{10, 32};
  return b.Node("GlobalAveragePool", {"down_out"}, {"pooled"}, {}, "pool")
      .Node("Flatten", {"pooled"}, {"features"}, {Attr::Int("axis", 1)}, "flatten")
      .Initializer("fc.weight", SeededWeights(Count(fc_w), std::sqrt(6.0f / 32.0f), 51), fc_w)
      .Initializer("fc.bias", SeededWeights(10, 0.05f, 52), {10})
      .Node("Gemm", {"features", "fc.weight", "fc.bias"}, {"logits"}, {Attr::Int("transB", 1)}, "fc/Gemm")
      .Output("logits", ElementType::kFloat32, {"batch", 10})
      .Serialize();
}

std::string TransformerEncoderModel() {
  constexpr int64_t kWidth = 64;
  constexpr int64_t kHeads = 4;
  constexpr int64_t kHeadDim = kWidth / kHeads;
  constexpr int64_t kMlp = 128;
  ModelBuilder b("transformer_encoder");
  b.Input("tokens", ElementType::kFloat32, {"batch", "seq", kWidth})
      // Reshape's 0 copies the input's dimension, so batch and seq stay symbolic.
      .Initializer("split_heads_shape", std::vector<int64_t>{0, 0, kHeads, kHeadDim}, {4})
      .Initializer("merge_heads_shape", std::vector<int64_t>{0, 0, kWidth}, {3})
      .Initializer("attn_scale", std::vector<float>{1.0f / std::sqrt(static_cast<float>(kHeadDim))}, {})
      .Initializer("inv_sqrt2", std::vector<float>{0.70710678f}, {})
      .Initializer("one", std::vector<float>{1.0f}, {})
      .Initializer("half", std::vector<float>{0.5f}, {});

  // Q, K, V: [b,s,64] -> [b,s,4,16] -> Q,V [b,4,s,16], K^T [b,4,16,s].
  const char* qkv[] = {"q", "k", "v"};
  for (uint32_t i = 0; i < 3; ++i) {
    const std::string p = qkv[i];
    Linear(b, "attn." + p + "_proj", "tokens", p, kWidth, kWidth, 100 + 10 * i);
    b.Node("Reshape", {p, "split_heads_shape"}, {p + "_heads"}, {}, "attn/" + p + "/Reshape")
        .Node("Transpose", {p + "_heads"}, {p + "_t"},
              {Attr::Ints("perm", p == "k" ? std::vector<int64_t>{0, 2, 3, 1} : std::vector<int64_t>{0, 2, 1, 3})},
              "attn/" + p + "/Transpose");
  }
  b.Node("MatMul", {"q_t", "k_t"}, {"scores"}, {}, "attn/QK")                    // [b,4,s,s]
      .Node("Mul", {"scores", "attn_scale"}, {"scores_scaled"}, {}, "attn/Scale")
      .Node("Softmax", {"scores_scaled"}, {"attn_weights"}, {Attr::Int("axis", -1)}, "attn/Softmax")
      .Node("MatMul", {"attn_weights", "v_t"}, {"context_t"}, {}, "attn/AV")       // [b,4,s,16]
      .Node("Transpose", {"context_t"}, {"context_heads"}, {Attr::Ints("perm", {0, 2, 1, 3})}, "attn/Transpose")
      .Node("Reshape", {"context_heads", "merge_heads_shape"}, {"context"}, {}, "attn/Reshape");
  Linear(b, "attn.out_proj", "context", "attn_out", kWidth, kWidth, 140);
  b.Node("Add", {"attn_out", "tokens"}, {"attn_residual"}, {}, "attn/Residual");
  LayerNorm(b, "ln1", "attn_residual", "ln1_out", kWidth);

  // MLP with Gelu(x) = 0.5 * x * (1 + Erf(x / sqrt(2))), as exporters write it before opset 20.
  Linear(b, "mlp.fc1", "ln1_out", "fc1_out", kWidth, kMlp, 150);
  b.Node("Mul", {"fc1_out", "inv_sqrt2"}, {"gelu_scaled"}, {}, "mlp/gelu/Div")
      .Node("Erf", {"gelu_scaled"}, {"gelu_erf"}, {}, "mlp/gelu/Erf")
      .Node("Add", {"gelu_erf", "one"}, {"gelu_plus1"}, {}, "mlp/gelu/Add")
      .Node("Mul", {"fc1_out", "gelu_plus1"}, {"gelu_prod"}, {}, "mlp/gelu/Mul")
      .Node("Mul", {"gelu_prod", "half"}, {"gelu_out"}, {}, "mlp/gelu/Mul_1");
  Linear(b, "mlp.fc2", "gelu_out", "fc2_out", kMlp, kWidth, 160);
  b.Node("Add", {"fc2_out", "ln1_out"}, {"mlp_residual"}, {}, "mlp/Residual");
  LayerNorm(b, "ln2", "mlp_residual", "hidden", kWidth);
  return b.Output("hidden", ElementType::kFloat32, {"batch", "seq", kWidth}).Serialize();
}

}  // namespace ortkit::testing
