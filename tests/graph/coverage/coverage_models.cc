// Small models for the provider-coverage tests.
#include "graph/coverage/coverage_models.h"

#include "graph/check_engine.h"
#include "graph/model_builder.h"

namespace ortkit::testing {

using graph::Attr;
using graph::ModelBuilder;
using graph::SeededWeights;

onnx::ModelProto TinyConvNet() {
  ModelBuilder b("tiny_convnet");
  b.Input("image", ElementType::kFloat32, {1, 3, 16, 16})
      .Output("probs", ElementType::kFloat32, {1, 8, 1, 1})
      .Initializer("w1", SeededWeights(8 * 3 * 3 * 3, 0.3f, 1), {8, 3, 3, 3})
      .Initializer("w2", SeededWeights(8 * 8 * 3 * 3, 0.2f, 2), {8, 8, 3, 3})
      .Initializer("lo", std::vector<float>{0.0f}, {})
      .Initializer("hi", std::vector<float>{6.0f}, {})
      .Node("Conv", {"image", "w1"}, {"c1"}, {Attr::Ints("pads", {1, 1, 1, 1})}, "stem")
      .Node("Relu", {"c1"}, {"r1"}, {}, "stem_relu")
      .Node("MaxPool", {"r1"}, {"p1"}, {Attr::Ints("kernel_shape", {2, 2}), Attr::Ints("strides", {2, 2})}, "pool")
      .Node("Conv", {"p1", "w2"}, {"c2"}, {Attr::Ints("pads", {1, 1, 1, 1})}, "conv2")
      .Node("Clip", {"c2", "lo", "hi"}, {"r2"}, {}, "clip")
      .Node("GlobalAveragePool", {"r2"}, {"g"}, {}, "gap")
      .Node("Softmax", {"g"}, {"probs"}, {Attr::Int("axis", 1)}, "softmax");
  return b.proto();
}

onnx::ModelProto ReluSandwich(const std::string& middle_op, int opset) {
  ModelBuilder b("sandwich", opset);
  b.Input("x", ElementType::kFloat32, {1, 4})
      .Output("y", ElementType::kFloat32, {1, 4})
      .Node("Relu", {"x"}, {"a"}, {}, "relu_a")
      .Node(middle_op, {"a"}, {"b"}, {}, "mid")
      .Node("Relu", {"b"}, {"y"}, {}, "relu_b");
  return b.proto();
}

onnx::ModelProto Inferred(const onnx::ModelProto& model) { return graph::InferForChecks(model).model; }

}  // namespace ortkit::testing
