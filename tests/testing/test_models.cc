// The small test models of test_models.h (the two networks are in test_networks.cc).
#include "testing/test_models.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

#include "graph/model_builder.h"
#include "ortkit/error.h"

namespace ortkit::testing {

using graph::Attr;
using graph::ModelBuilder;

std::string AddModel() {
  return ModelBuilder("add")
      .Input("x", ElementType::kFloat32, {"batch", 3})
      .Input("y", ElementType::kFloat32, {"batch", 3})
      .Node("Add", {"x", "y"}, {"z"}, {}, "add")
      .Output("z", ElementType::kFloat32, {"batch", 3})
      .Serialize();
}

std::string ReluImageModel() {
  return ModelBuilder("relu_image")
      .Input("image", ElementType::kFloat32, {1, 3, 320, 320})
      .Node("Relu", {"image"}, {"out"}, {}, "relu")
      .Output("out", ElementType::kFloat32, {1, 3, 320, 320})
      .Serialize();
}

namespace {

ModelBuilder IdentityGraph() {
  ModelBuilder b("meta_graph");
  b.Input("x", ElementType::kFloat32, {2})
      .Node("Identity", {"x"}, {"y"}, {}, "identity")
      .Output("y", ElementType::kFloat32, {2});
  return b;
}

}  // namespace

std::string MetadataModel() {
  return IdentityGraph()
      .Producer("ortkit-tests", "1.2")
      .Domain("ai.ortkit.test")
      .Doc("A model with metadata")
      .GraphDoc("graph doc")
      .ModelVersion(42)
      .Metadata("labels", "cat,dog")
      .Metadata("sample_rate", "16000")
      .Metadata("odd key", "\u00fcn\u00efc\u00f8d\u00e9")
      .Serialize();
}

std::string NoMetadataModel() { return IdentityGraph().Serialize(); }

std::string MixedTypesModel() {
  return ModelBuilder("mixed_types")
      .Input("ids", ElementType::kInt64, {"batch", "seq"})
      .Input("mask", ElementType::kBool, {"batch", "seq"})
      .Input("scale", ElementType::kFloat64, {})
      .Node("Identity", {"ids"}, {"ids_out"}, {}, "ids_identity")
      .Node("Cast", {"mask"}, {"mask_int"}, {Attr::Int("to", static_cast<int64_t>(ElementType::kInt32))},
            "mask_cast")
      .Node("Mul", {"scale", "scale"}, {"scale_sq"}, {}, "scale_square")
      .Output("ids_out", ElementType::kInt64, {"batch", "seq"})
      .Output("mask_int", ElementType::kInt32, {"batch", "seq"})
      .Output("scale_sq", ElementType::kFloat64, {})
      .Serialize();
}

std::string StringModel() {
  return ModelBuilder("strings")
      .Input("text", ElementType::kString, {"n"})
      .Node("Identity", {"text"}, {"out"}, {}, "identity")
      .Output("out", ElementType::kString, {"n"})
      .Serialize();
}

std::string SequenceModel() {
  return ModelBuilder("sequences")
      .Input("a", ElementType::kFloat32, {2})
      .Input("b", ElementType::kFloat32, {2})
      .SequenceInput("s", ElementType::kFloat32)
      .Node("SequenceConstruct", {"a", "b"}, {"seq"}, {}, "construct")
      .Node("SequenceLength", {"s"}, {"len"}, {}, "length")
      .SequenceOutput("seq", ElementType::kFloat32)
      .Output("len", ElementType::kInt64, {})
      .Serialize();
}

std::string UnnamedDimModel() {
  return ModelBuilder("unnamed_dim")
      .Input("x", ElementType::kFloat32, {Dim::Free(), 4})
      .Node("Identity", {"x"}, {"y"}, {}, "identity")
      .Output("y", ElementType::kFloat32, {Dim::Free(), 4})
      .Serialize();
}

std::string DoubleFloatDivModel() {
  // Mirrors a real exporter bug: a double tensor divided by a float one with no Cast between.
  return ModelBuilder("double_float_div")
      .Input("a", ElementType::kFloat64, {2})
      .Input("b", ElementType::kFloat32, {2})
      .Node("Div", {"a", "b"}, {"c"}, {}, "Div_337")
      .Output("c", ElementType::kFloat64, {2})
      .Serialize();
}

std::string BoolIntoAddModel() {
  return ModelBuilder("bool_add")
      .Opset("", 14)
      .Input("scores", ElementType::kFloat32, {"batch", 4})
      .Input("mask", ElementType::kBool, {"batch", 4})
      .Node("Add", {"scores", "mask"}, {"biased"}, {}, "/attention/Add")
      .Output("biased", ElementType::kFloat32, {"batch", 4})
      .Serialize();
}

std::string UnknownOpModel() {
  // DCNv2 (deformable convolution) is the classic custom op of detection exports.
  return ModelBuilder("unknown_op")
      .Opset("com.example", 1)
      .Input("x", ElementType::kFloat32, {1, 3, 8, 8})
      .Node("DCNv2", {"x"}, {"y"}, {}, "dcn", "com.example")
      .Output("y", ElementType::kFloat32, {1, 3, 8, 8})
      .Serialize();
}

std::string ManyInputsModel(int n) {
  if (n < 1) throw std::invalid_argument(fmt::format("ManyInputsModel: n must be >= 1, got {}", n));
  ModelBuilder b("many_inputs");
  for (int i = 0; i < n; ++i) b.Input(fmt::format("in_{}", i), ElementType::kFloat32, {1});
  if (n == 1) {
    b.Node("Identity", {"in_0"}, {"out"}, {}, "identity");
  } else {
    std::string sum = "in_0";
    for (int i = 1; i < n; ++i) {
      const std::string next = i == n - 1 ? std::string("out") : fmt::format("sum_{}", i);
      b.Node("Add", {sum, fmt::format("in_{}", i)}, {next}, {}, fmt::format("add_{}", i));
      sum = next;
    }
  }
  return b.Output("out", ElementType::kFloat32, {1}).Serialize();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (out) out.close();
  if (!out) throw Error(ErrorCategory::kIo, fmt::format("cannot write '{}': {}", path, std::strerror(errno)));
}

}  // namespace ortkit::testing
