// Exporter-style models for the provider-coverage tests.
#include "graph/coverage/exported_models.h"

#include <cstdint>
#include <string>
#include <vector>

#include "graph/model_builder.h"

namespace ortkit::testing {
namespace {

using graph::Attr;
using graph::MakeTensor;
using graph::ModelBuilder;
using graph::SeededWeights;

// A Constant node as torch.onnx writes it: named "<scope>/Constant[_k]", output "<name>_output_0".
void AddConstant(ModelBuilder& b, const std::string& name, const std::vector<int64_t>& values, const Shape& shape) {
  b.Node("Constant", {}, {name + "_output_0"}, {Attr::Tensor("value", MakeTensor("", values, shape))}, name);
}

ModelBuilder ExportedConvNetBuilder(bool ort_refuses) {
  ModelBuilder b("main_graph", 17);
  b.Producer("pytorch", "2.1.0")
      .Input("image", ElementType::kFloat32, {1, 3, 8, 8})
      .Output("probs", ElementType::kFloat32, {1, 10})
      .Initializer("stem.conv.weight", SeededWeights(8 * 3 * 3 * 3, 0.3f, 1), {8, 3, 3, 3})
      .Initializer("stem.conv.bias", SeededWeights(8, 0.1f, 2), {8})
      .Initializer("layers.0.conv.weight", SeededWeights(8 * 8 * 3 * 3, 0.2f, 3), {8, 8, 3, 3})
      .Initializer("layers.0.conv.bias", SeededWeights(8, 0.1f, 4), {8})
      .Initializer("head.fc.weight", SeededWeights(10 * 512, 0.05f, 5), {10, 512})
      .Initializer("head.fc.bias", SeededWeights(10, 0.1f, 6), {10});
  const std::vector<Attr> conv = {Attr::Ints("kernel_shape", {3, 3}), Attr::Ints("pads", {1, 1, 1, 1})};
  b.Node("Conv", {"image", "stem.conv.weight", "stem.conv.bias"}, {"/stem/conv/Conv_output_0"}, conv,
         "/stem/conv/Conv")
      .Node("Relu", {"/stem/conv/Conv_output_0"}, {"/stem/act/Relu_output_0"}, {}, "/stem/act/Relu")
      .Node("Identity", {"/stem/act/Relu_output_0"}, {"/layers.0/Identity_output_0"}, {}, "/layers.0/Identity")
      .Node("Conv", {"/layers.0/Identity_output_0", "layers.0.conv.weight", "layers.0.conv.bias"},
            {"/layers.0/conv/Conv_output_0"}, conv, "/layers.0/conv/Conv")
      .Node("Round", {"/layers.0/conv/Conv_output_0"}, {"/layers.0/Round_output_0"}, {}, "/layers.0/Round")
      .Node("Add", {"/layers.0/Round_output_0", "/layers.0/Identity_output_0"}, {"/layers.0/Add_output_0"}, {},
            "/layers.0/Add")
      // x.reshape(x.shape[0], -1), as the exporter traces it.
      .Node("Shape", {"/layers.0/Add_output_0"}, {"/head/Shape_output_0"}, {}, "/head/Shape");
  AddConstant(b, "/head/Constant", {0}, {});
  b.Node("Gather", {"/head/Shape_output_0", "/head/Constant_output_0"}, {"/head/Gather_output_0"},
         {Attr::Int("axis", 0)}, "/head/Gather");
  AddConstant(b, "/head/Constant_1", {0}, {1});
  b.Node("Unsqueeze", {"/head/Gather_output_0", "/head/Constant_1_output_0"}, {"/head/Unsqueeze_output_0"}, {},
         "/head/Unsqueeze");
  AddConstant(b, "/head/Constant_2", {-1}, {1});
  b.Node("Concat", {"/head/Unsqueeze_output_0", "/head/Constant_2_output_0"}, {"/head/Concat_output_0"},
         {Attr::Int("axis", 0)}, "/head/Concat")
      .Node("Reshape", {"/layers.0/Add_output_0", "/head/Concat_output_0"}, {"/head/Reshape_output_0"}, {},
            "/head/Reshape")
      .Node("Gemm", {"/head/Reshape_output_0", "head.fc.weight", "head.fc.bias"}, {"/head/fc/Gemm_output_0"},
            {Attr::Float("alpha", 1.0f), Attr::Float("beta", 1.0f), Attr::Int("transB", 1)}, "/head/fc/Gemm");
  b.Node("Constant", {}, {"/head/Constant_3_output_0"},
         {Attr::Tensor("value", MakeTensor("", std::vector<float>{0.5f}, {}))}, "/head/Constant_3")
      .Node("Mul", {"/head/fc/Gemm_output_0", "/head/Constant_3_output_0"}, {"/head/Mul_output_0"}, {}, "/head/Mul")
      .Node("Floor", {"/head/Mul_output_0"}, {"/head/Floor_output_0"}, {}, "/head/Floor");
  std::string softmax_input = "/head/Floor_output_0";
  if (ort_refuses) {
    b.Opset("com.example", 1)
        .Node("Quantise", {softmax_input}, {"/head/Quantise_output_0"}, {}, "/head/Quantise", "com.example");
    softmax_input = "/head/Quantise_output_0";
  }
  b.Node("Softmax", {softmax_input}, {"probs"}, {Attr::Int("axis", 1)}, "/head/Softmax");
  return b;
}

}  // namespace

onnx::ModelProto ExportedConvNet() { return ExportedConvNetBuilder(false).proto(); }

onnx::ModelProto ExportedConvNetOrtRefuses() { return ExportedConvNetBuilder(true).proto(); }

}  // namespace ortkit::testing
