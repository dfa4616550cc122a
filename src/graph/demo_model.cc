// MakeDemoModel: ortkit's generated demo classifier and its deliberate deployment problems.
#include "graph/demo_model.h"

#include <cmath>
#include <string>

#include "graph/model_builder.h"

namespace ortkit::graph {
namespace {

constexpr const char* kLabels = "airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck";

// Adds "<name>.weight" [out, in, k, k] and "<name>.bias" [out] as initializers AND as graph inputs:
// the exporter mistake the demo exists to show (inputs may be overridden at run time, so ONNX
// Runtime cannot constant-fold anything that depends on them). He-style uniform weights keep the
// activations' scale roughly constant through the Relus, so the outputs are not degenerate.
void AddConvParams(ModelBuilder& b, const std::string& name, int64_t out, int64_t in, uint32_t seed) {
  const Shape w_shape{out, in, 3, 3};
  const auto fan_in = static_cast<float>(in * 3 * 3);
  b.Initializer(name + ".weight", SeededWeights(static_cast<std::size_t>(out * in * 9), std::sqrt(6.0f / fan_in), seed),
                w_shape)
      .Initializer(name + ".bias", SeededWeights(static_cast<std::size_t>(out), 0.05f, seed + 1), {out})
      .Input(name + ".weight", ElementType::kFloat32, w_shape)
      .Input(name + ".bias", ElementType::kFloat32, Shape{out});
}

}  // namespace

onnx::ModelProto MakeDemoModel() {
  ModelBuilder b("ortkit_demo_classifier", 17, 8);
  b.Producer("ortkit-demo", "1.0")
      .Doc("ortkit's generated demo image classifier (CIFAR-10 labels, seeded random weights, so its "
           "predictions mean nothing). It has deliberate deployment problems for ortkit's tools to find: "
           "its weights are also graph inputs (which blocks constant folding), its softmax runs in "
           "float64, and its top-k post-processing is inside the graph.")
      .GraphDoc("Conv x3 + GlobalAveragePool + Gemm, a float64 temperature softmax, and TopK(3).")
      .Metadata("description", "ortkit demo: a tiny 64x64 image classifier with random weights")
      .Metadata("labels", kLabels)
      .Input("image", ElementType::kFloat32, {"batch", 3, 64, 64});

  AddConvParams(b, "conv1", 16, 3, 101);
  AddConvParams(b, "conv2", 32, 16, 201);
  AddConvParams(b, "conv3", 32, 32, 301);
  const Shape fc_w_shape{10, 32};
  b.Initializer("fc.weight", SeededWeights(10 * 32, std::sqrt(6.0f / 32.0f), 401), fc_w_shape)
      .Initializer("fc.bias", SeededWeights(10, 0.05f, 402), {10})
      .Input("fc.weight", ElementType::kFloat32, fc_w_shape)
      .Input("fc.bias", ElementType::kFloat32, Shape{10});
  // Post-processing constants: plain initializers (not inputs).
  b.Initializer("temperature", std::vector<double>{1.5}, {})
      .Initializer("topk.k", std::vector<int64_t>{3}, {1});

  const std::vector<int64_t> pad1{1, 1, 1, 1};
  const std::vector<int64_t> k3{3, 3};
  b.Node("Conv", {"image", "conv1.weight", "conv1.bias"}, {"conv1_out"},
         {Attr::Ints("kernel_shape", k3), Attr::Ints("pads", pad1)}, "/conv1/Conv")
      .Node("Relu", {"conv1_out"}, {"relu1_out"}, {}, "/relu1/Relu")
      .Node("Conv", {"relu1_out", "conv2.weight", "conv2.bias"}, {"conv2_out"},
            {Attr::Ints("kernel_shape", k3), Attr::Ints("pads", pad1), Attr::Ints("strides", {2, 2})},
            "/conv2/Conv")
      .Node("Relu", {"conv2_out"}, {"relu2_out"}, {}, "/relu2/Relu")
      .Node("Conv", {"relu2_out", "conv3.weight", "conv3.bias"}, {"conv3_out"},
            {Attr::Ints("kernel_shape", k3), Attr::Ints("pads", pad1)}, "/conv3/Conv")
      .Node("Relu", {"conv3_out"}, {"relu3_out"}, {}, "/relu3/Relu")
      .Node("GlobalAveragePool", {"relu3_out"}, {"pooled"}, {}, "/pool/GlobalAveragePool")
      .Node("Flatten", {"pooled"}, {"features"}, {Attr::Int("axis", 1)}, "/Flatten")
      .Node("Gemm", {"features", "fc.weight", "fc.bias"}, {"logits"}, {Attr::Int("transB", 1)}, "/fc/Gemm")
      // The float64 branch: a needless double-precision softmax, as some exporters emit.
      .Node("Cast", {"logits"}, {"logits_f64"}, {Attr::Int("to", static_cast<int64_t>(ElementType::kFloat64))},
            "/Cast")
      .Node("Div", {"logits_f64", "temperature"}, {"scaled_f64"}, {}, "/Div")
      .Node("Softmax", {"scaled_f64"}, {"probabilities_f64"}, {Attr::Int("axis", -1)}, "/Softmax")
      .Node("Cast", {"probabilities_f64"}, {"probabilities"},
            {Attr::Int("to", static_cast<int64_t>(ElementType::kFloat32))}, "/Cast_1")
      .Node("TopK", {"probabilities", "topk.k"}, {"scores", "classes"},
            {Attr::Int("axis", -1), Attr::Int("largest", 1), Attr::Int("sorted", 1)}, "/TopK");

  b.ValueInfo("logits", ElementType::kFloat32, {"batch", 10})
      .Output("probabilities", ElementType::kFloat32, {"batch", 10})
      .Output("scores", ElementType::kFloat32, {"batch", 3})
      .Output("classes", ElementType::kInt64, {"batch", 3});
  return b.proto();
}

}  // namespace ortkit::graph
