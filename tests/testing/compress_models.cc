// Models for the compression passes, built the way exporters write them.
#include "testing/compress_models.h"

#include <cmath>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "graph/model_builder.h"
#include "ortkit/model.h"
#include "ortkit/tensor_io.h"
#include "workload/inputs.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::MakeTensor;
using graph::ModelBuilder;
using graph::SeededWeights;

// Elements of a static shape (ortkit::ElementCount, which these shapes always have).
std::size_t Count(const Shape& shape) { return static_cast<std::size_t>(ElementCount(shape).value_or(0)); }

// y = x @ W + b, as torch.onnx writes nn.Linear: "<scope>/MatMul" and "<scope>/Add".
void Linear(ModelBuilder& b, const std::string& scope, const std::string& weight, const std::string& in,
            const std::string& out, int64_t in_dim, int64_t out_dim, uint32_t seed) {
  const Shape w{in_dim, out_dim};
  b.Initializer(weight + ".weight", SeededWeights(Count(w), std::sqrt(6.0f / static_cast<float>(in_dim + out_dim)), seed), w)
      .Initializer(weight + ".bias", SeededWeights(static_cast<std::size_t>(out_dim), 0.02f, seed + 1), {out_dim})
      .Node("MatMul", {in, weight + ".weight"}, {scope + "/MatMul_output_0"}, {}, scope + "/MatMul")
      .Node("Add", {scope + "/MatMul_output_0", weight + ".bias"}, {out}, {}, scope + "/Add");
}

void LayerNorm(ModelBuilder& b, const std::string& scope, const std::string& weight, const std::string& in,
               const std::string& out, int64_t width) {
  b.Initializer(weight + ".weight", std::vector<float>(static_cast<std::size_t>(width), 1.0f), {width})
      .Initializer(weight + ".bias", std::vector<float>(static_cast<std::size_t>(width), 0.0f), {width})
      .Node("LayerNormalization", {in, weight + ".weight", weight + ".bias"}, {out},
            {Attr::Int("axis", -1), Attr::Float("epsilon", 1e-5f)}, scope + "/LayerNormalization");
}

// A Constant node, as exporters write literals.
void Constant(ModelBuilder& b, const std::string& name, const onnx::TensorProto& value) {
  b.Node("Constant", {}, {name + "_output_0"}, {Attr::Tensor("value", value)}, name);
}

}  // namespace

std::string ExportedEncoderModel(int64_t d_model, int layers, int64_t heads, int64_t classes) {
  const int64_t head_dim = d_model / heads;
  const int64_t mlp = 4 * d_model;
  ModelBuilder b("exported_encoder", 17);
  b.Producer("pytorch", "2.1.0").Input("tokens", ElementType::kFloat32, {"batch", "seq", d_model});
  Constant(b, "/encoder/Constant", MakeTensor("", std::vector<int64_t>{0, 0, heads, head_dim}, {4}));
  Constant(b, "/encoder/Constant_1", MakeTensor("", std::vector<int64_t>{0, 0, d_model}, {3}));
  Constant(b, "/encoder/Constant_2",
           MakeTensor("", std::vector<float>{1.0f / std::sqrt(static_cast<float>(head_dim))}, {}));
  Constant(b, "/encoder/Constant_3", MakeTensor("", std::vector<float>{0.70710678f}, {}));
  Constant(b, "/encoder/Constant_4", MakeTensor("", std::vector<float>{1.0f}, {}));
  Constant(b, "/encoder/Constant_5", MakeTensor("", std::vector<float>{0.5f}, {}));
  const std::string split = "/encoder/Constant_output_0", merge = "/encoder/Constant_1_output_0";
  const std::string scale = "/encoder/Constant_2_output_0", inv_sqrt2 = "/encoder/Constant_3_output_0";
  const std::string one = "/encoder/Constant_4_output_0", half = "/encoder/Constant_5_output_0";

  std::string x = "tokens";
  for (int l = 0; l < layers; ++l) {
    const std::string s = "/encoder/layer." + std::to_string(l);
    const std::string w = "encoder.layer." + std::to_string(l);
    const uint32_t seed = 1000 + 100 * static_cast<uint32_t>(l);
    LayerNorm(b, s + "/ln1", w + ".ln1", x, s + "/ln1_out", d_model);
    const char* qkv[] = {"q", "k", "v"};
    for (uint32_t i = 0; i < 3; ++i) {
      const std::string p = qkv[i];
      const std::string scope = s + "/attn/" + p + "_proj";
      Linear(b, scope, w + ".attn." + p + "_proj", s + "/ln1_out", scope + "/out", d_model, d_model, seed + 10 * i);
      b.Node("Reshape", {scope + "/out", split}, {scope + "/heads"}, {}, scope + "/Reshape")
          .Node("Transpose", {scope + "/heads"}, {scope + "/t"},
                {Attr::Ints("perm", p == "k" ? std::vector<int64_t>{0, 2, 3, 1} : std::vector<int64_t>{0, 2, 1, 3})},
                scope + "/Transpose");
    }
    const std::string a = s + "/attn";
    b.Node("MatMul", {a + "/q_proj/t", a + "/k_proj/t"}, {a + "/scores"}, {}, a + "/MatMul")
        .Node("Mul", {a + "/scores", scale}, {a + "/scaled"}, {}, a + "/Mul")
        .Node("Softmax", {a + "/scaled"}, {a + "/probs"}, {Attr::Int("axis", -1)}, a + "/Softmax")
        .Node("MatMul", {a + "/probs", a + "/v_proj/t"}, {a + "/context_t"}, {}, a + "/MatMul_1")
        .Node("Transpose", {a + "/context_t"}, {a + "/context_h"}, {Attr::Ints("perm", {0, 2, 1, 3})}, a + "/Transpose")
        .Node("Reshape", {a + "/context_h", merge}, {a + "/context"}, {}, a + "/Reshape");
    Linear(b, a + "/out_proj", w + ".attn.out_proj", a + "/context", a + "/out", d_model, d_model, seed + 40);
    b.Node("Add", {a + "/out", x}, {s + "/residual1"}, {}, s + "/Add");
    LayerNorm(b, s + "/ln2", w + ".ln2", s + "/residual1", s + "/ln2_out", d_model);
    const std::string m = s + "/mlp";
    Linear(b, m + "/fc1", w + ".mlp.fc1", s + "/ln2_out", m + "/fc1_out", d_model, mlp, seed + 50);
    b.Node("Mul", {m + "/fc1_out", inv_sqrt2}, {m + "/gelu/scaled"}, {}, m + "/gelu/Div")
        .Node("Erf", {m + "/gelu/scaled"}, {m + "/gelu/erf"}, {}, m + "/gelu/Erf")
        .Node("Add", {m + "/gelu/erf", one}, {m + "/gelu/plus1"}, {}, m + "/gelu/Add")
        .Node("Mul", {m + "/fc1_out", m + "/gelu/plus1"}, {m + "/gelu/prod"}, {}, m + "/gelu/Mul")
        .Node("Mul", {m + "/gelu/prod", half}, {m + "/gelu/out"}, {}, m + "/gelu/Mul_1");
    Linear(b, m + "/fc2", w + ".mlp.fc2", m + "/gelu/out", m + "/fc2_out", mlp, d_model, seed + 60);
    const std::string next = l + 1 == layers ? "hidden" : s + "/out";
    b.Node("Add", {m + "/fc2_out", s + "/residual1"}, {next}, {}, s + "/Add_1");
    x = next;
  }
  const Shape head{d_model, classes};
  b.Initializer("head.weight", SeededWeights(Count(head), std::sqrt(6.0f / static_cast<float>(d_model + classes)), 77),
                head)
      .Node("MatMul", {"hidden", "head.weight"}, {"logits"}, {}, "/head/MatMul");
  return b.Output("hidden", ElementType::kFloat32, {"batch", "seq", d_model})
      .Output("logits", ElementType::kFloat32, {"batch", "seq", classes})
      .Serialize();
}

std::string GemmMlpModel() {
  ModelBuilder b("gemm_mlp", 13);
  b.Input("x", ElementType::kFloat32, {"batch", 64})
      .Initializer("fc1.weight", SeededWeights(128 * 64, std::sqrt(6.0f / 192.0f), 5), {128, 64})
      .Initializer("fc1.bias", SeededWeights(128, 0.05f, 6), {128})
      .Initializer("fc2.weight", SeededWeights(128 * 10, std::sqrt(6.0f / 138.0f), 7), {128, 10})
      .Initializer("fc2.bias", SeededWeights(10, 0.05f, 8), {10})
      .Initializer("tiny.weight", SeededWeights(100, 0.3f, 9), {10, 10})
      .Node("Gemm", {"x", "fc1.weight", "fc1.bias"}, {"/fc1/Gemm_output_0"},
            {Attr::Int("transB", 1), Attr::Float("alpha", 0.5f), Attr::Float("beta", 2.0f)}, "/fc1/Gemm")
      .Node("Relu", {"/fc1/Gemm_output_0"}, {"/act/Relu_output_0"}, {}, "/act/Relu")
      .Node("Gemm", {"/act/Relu_output_0", "fc2.weight", "fc2.bias"}, {"/fc2/Gemm_output_0"}, {}, "/fc2/Gemm")
      .Node("MatMul", {"/fc2/Gemm_output_0", "tiny.weight"}, {"logits"}, {}, "/tiny/MatMul")
      .Node("Transpose", {"logits"}, {"/gram/Transpose_output_0"}, {Attr::Ints("perm", {1, 0})}, "/gram/Transpose")
      .Node("MatMul", {"logits", "/gram/Transpose_output_0"}, {"gram"}, {}, "/gram/MatMul");
  return b.Output("logits", ElementType::kFloat32, {"batch", 10})
      .Output("gram", ElementType::kFloat32, {"batch", "batch"})
      .Serialize();
}

std::string ResizeLayerNormModel() {
  std::vector<float> gain(3, 1.0f);
  gain[0] = 1e5f;
  gain[1] = -2e5f;
  gain[2] = 1e-9f;
  ModelBuilder b("resize_layernorm", 17);
  b.Input("image", ElementType::kFloat32, {1, 3, 8, 8})
      .Initializer("gain", gain, {1, 3, 1, 1})
      .Initializer("scales", std::vector<float>{1, 1, 2, 2}, {4})
      .Initializer("norm.weight", SeededWeights(16, 1.0f, 3), {16})
      .Initializer("norm.bias", SeededWeights(16, 0.1f, 4), {16})
      .Node("Mul", {"image", "gain"}, {"/gain/Mul_output_0"}, {}, "/gain/Mul")
      .Node("Resize", {"/gain/Mul_output_0", "", "scales"}, {"/up/Resize_output_0"}, {Attr::String("mode", "linear")},
            "/up/Resize")
      .Node("LayerNormalization", {"/up/Resize_output_0", "norm.weight", "norm.bias"},
            {"/norm/LayerNormalization_output_0"}, {Attr::Int("axis", -1), Attr::Float("epsilon", 1e-5f)},
            "/norm/LayerNormalization");
  Constant(b, "/out/Constant", MakeTensor("", std::vector<float>{0.25f}, {}));
  return b.Node("Mul", {"/norm/LayerNormalization_output_0", "/out/Constant_output_0"}, {"out"}, {}, "/out/Mul")
      .Output("out", ElementType::kFloat32, {1, 3, 16, 16})
      .Serialize();
}

namespace {

// A Conv with bias (BatchNorm folded in, as exports in eval mode have it), He-scaled.
void FoldedConv(ModelBuilder& b, const std::string& scope, const std::string& weight, const std::string& in,
                const std::string& out, int64_t in_ch, int64_t out_ch, int64_t kernel, int64_t stride, uint32_t seed) {
  const Shape w{out_ch, in_ch, kernel, kernel};
  const int64_t pad = kernel / 2;
  b.Initializer(weight + ".weight",
                SeededWeights(Count(w), std::sqrt(6.0f / static_cast<float>(in_ch * kernel * kernel)), seed), w)
      .Initializer(weight + ".bias", SeededWeights(static_cast<std::size_t>(out_ch), 0.1f, seed + 1), {out_ch})
      .Node("Conv", {in, weight + ".weight", weight + ".bias"}, {out},
            {Attr::Ints("dilations", {1, 1}), Attr::Int("group", 1), Attr::Ints("kernel_shape", {kernel, kernel}),
             Attr::Ints("pads", {pad, pad, pad, pad}), Attr::Ints("strides", {stride, stride})},
            scope + "/Conv");
}

}  // namespace

std::string ExportedResNetModel(int64_t width, int stages, int64_t classes, int64_t size) {
  ModelBuilder b("exported_resnet", 17);
  b.Producer("pytorch", "2.1.0").Input("image", ElementType::kFloat32, {"batch", 3, size, size});
  FoldedConv(b, "/conv1", "conv1", "image", "/conv1/Conv_output_0", 3, width, 7, 2, 3);
  b.Node("Relu", {"/conv1/Conv_output_0"}, {"/relu/Relu_output_0"}, {}, "/relu/Relu")
      .Node("MaxPool", {"/relu/Relu_output_0"}, {"/maxpool/MaxPool_output_0"},
            {Attr::Ints("kernel_shape", {3, 3}), Attr::Ints("pads", {1, 1, 1, 1}), Attr::Ints("strides", {2, 2})},
            "/maxpool/MaxPool");
  std::string x = "/maxpool/MaxPool_output_0";
  int64_t channels = width;
  uint32_t seed = 100;
  for (int s = 1; s <= stages; ++s) {
    const int64_t out_ch = width << (s - 1);
    for (int blk = 0; blk < 2; ++blk) {
      const std::string scope = fmt::format("/layer{}/layer{}.{}", s, s, blk);
      const std::string w = fmt::format("layer{}.{}", s, blk);
      const int64_t stride = s > 1 && blk == 0 ? 2 : 1;
      FoldedConv(b, scope + "/conv1", w + ".conv1", x, scope + "/conv1/Conv_output_0", channels, out_ch, 3, stride, seed);
      b.Node("Relu", {scope + "/conv1/Conv_output_0"}, {scope + "/relu/Relu_output_0"}, {}, scope + "/relu/Relu");
      FoldedConv(b, scope + "/conv2", w + ".conv2", scope + "/relu/Relu_output_0", scope + "/conv2/Conv_output_0",
                 out_ch, out_ch, 3, 1, seed + 10);
      std::string shortcut = x;
      if (stride != 1 || channels != out_ch) {
        FoldedConv(b, scope + "/downsample/downsample.0", w + ".downsample.0", x,
                   scope + "/downsample/downsample.0/Conv_output_0", channels, out_ch, 1, stride, seed + 20);
        shortcut = scope + "/downsample/downsample.0/Conv_output_0";
      }
      b.Node("Add", {scope + "/conv2/Conv_output_0", shortcut}, {scope + "/Add_output_0"}, {}, scope + "/Add")
          .Node("Relu", {scope + "/Add_output_0"}, {scope + "/relu_1/Relu_output_0"}, {}, scope + "/relu_1/Relu");
      x = scope + "/relu_1/Relu_output_0";
      channels = out_ch;
      seed += 100;
    }
  }
  const Shape fc{classes, channels};
  return b.Node("GlobalAveragePool", {x}, {"/avgpool/GlobalAveragePool_output_0"}, {}, "/avgpool/GlobalAveragePool")
      .Node("Flatten", {"/avgpool/GlobalAveragePool_output_0"}, {"/Flatten_output_0"}, {Attr::Int("axis", 1)}, "/Flatten")
      .Initializer("fc.weight", SeededWeights(Count(fc), std::sqrt(6.0f / static_cast<float>(channels + classes)), 9), fc)
      .Initializer("fc.bias", SeededWeights(static_cast<std::size_t>(classes), 0.05f, 10), {classes})
      .Node("Gemm", {"/Flatten_output_0", "fc.weight", "fc.bias"}, {"logits"},
            {Attr::Float("alpha", 1.0f), Attr::Float("beta", 1.0f), Attr::Int("transB", 1)}, "/fc/Gemm")
      .Output("logits", ElementType::kFloat32, {"batch", classes})
      .Serialize();
}

std::string OutlierWeightModel() {
  std::vector<float> w = SeededWeights(64 * 16, 0.2f, 21);
  for (int64_t row = 0; row < 64; ++row) w[static_cast<std::size_t>(row * 16)] *= 1000.0f;
  ModelBuilder b("outlier", 17);
  return b.Input("x", ElementType::kFloat32, {"batch", 64})
      .Initializer("fc.weight", w, {64, 16})
      .Node("MatMul", {"x", "fc.weight"}, {"scores"}, {}, "/fc/MatMul")
      .Output("scores", ElementType::kFloat32, {"batch", 16})
      .Serialize();
}

void WriteCalibrationSets(const std::string& dir, const std::string& model_bytes, int sets,
                          const workload::DimSizes& dims, uint64_t seed) {
  const Model model = Model::FromBytes(model_bytes.data(), model_bytes.size(), {}, "<calibration model>");
  for (int i = 0; i < sets; ++i) {
    const std::filesystem::path set = std::filesystem::path(dir) / fmt::format("set_{:02}", i);
    std::filesystem::create_directories(set);
    for (const NamedValue& input : workload::SeededInputs(model.inputs(), seed + static_cast<uint64_t>(i), dims)) {
      WriteNpy((set / (input.name + ".npy")).string(), input.value.tensor());
    }
  }
}

}  // namespace ortkit::testing
