// ortkit_make_asr_models: writes the asr_pipeline example's two models at build time (no download):
//   encoder.onnx   features float32[batch, frames, 80] -> encoded float32[batch, frames, 128]
//                  (two dense layers with Relu and Tanh: the shape of a speech encoder, not its size)
//   ctc_head.onnx  encoded float32[batch, frames, 128] -> log_probs float32[batch, frames, 32]
//                  (a dense layer and LogSoftmax over 32 tokens, token 0 being CTC's blank)
// The weights are seeded random numbers, so the transcripts are token ids that mean nothing; what the
// example shows is the deployment pattern around them.
#include <cmath>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>

#include "graph/model_builder.h"

namespace {

using ortkit::ElementType;
using ortkit::graph::ModelBuilder;
using ortkit::graph::SeededWeights;

constexpr int64_t kFeatures = 80, kHidden = 128, kTokens = 32;

void AddDense(ModelBuilder& b, const std::string& name, const std::string& in, const std::string& out, int64_t fan_in,
              int64_t fan_out, uint32_t seed) {
  const float scale = std::sqrt(6.0f / static_cast<float>(fan_in));
  b.Initializer(name + ".weight", SeededWeights(static_cast<std::size_t>(fan_in * fan_out), scale, seed),
                {fan_in, fan_out})
      .Initializer(name + ".bias", SeededWeights(static_cast<std::size_t>(fan_out), 0.05f, seed + 1), {fan_out})
      .Node("MatMul", {in, name + ".weight"}, {name + ".mm"}, {}, "/" + name + "/MatMul")
      .Node("Add", {name + ".mm", name + ".bias"}, {out}, {}, "/" + name + "/Add");
}

void WriteEncoder(const std::filesystem::path& path) {
  ModelBuilder b("asr_encoder", 17, 8);
  b.Producer("ortkit-example", "1.0")
      .Doc("asr_pipeline example encoder: seeded random weights")
      .Input("features", ElementType::kFloat32, {"batch", "frames", kFeatures})
      .Output("encoded", ElementType::kFloat32, {"batch", "frames", kHidden});
  AddDense(b, "layer1", "features", "layer1.out", kFeatures, kHidden, 11);
  b.Node("Relu", {"layer1.out"}, {"layer1.relu"}, {}, "/layer1/Relu");
  AddDense(b, "layer2", "layer1.relu", "layer2.out", kHidden, kHidden, 21);
  b.Node("Tanh", {"layer2.out"}, {"encoded"}, {}, "/layer2/Tanh");
  b.Save(path.string());
}

void WriteCtcHead(const std::filesystem::path& path) {
  ModelBuilder b("asr_ctc_head", 17, 8);
  b.Producer("ortkit-example", "1.0")
      .Doc("asr_pipeline example CTC head: seeded random weights; token 0 is the blank")
      .Input("encoded", ElementType::kFloat32, {"batch", "frames", kHidden})
      .Output("log_probs", ElementType::kFloat32, {"batch", "frames", kTokens});
  AddDense(b, "head", "encoded", "logits", kHidden, kTokens, 31);
  b.Node("LogSoftmax", {"logits"}, {"log_probs"}, {ortkit::graph::Attr::Int("axis", -1)}, "/head/LogSoftmax");
  b.Save(path.string());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: ortkit_make_asr_models OUTPUT_DIR\n";
    return 2;
  }
  try {
    const std::filesystem::path dir(argv[1]);
    std::filesystem::create_directories(dir);
    WriteEncoder(dir / "encoder.onnx");
    WriteCtcHead(dir / "ctc_head.onnx");
  } catch (const std::exception& e) {
    std::cerr << "ortkit_make_asr_models: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
