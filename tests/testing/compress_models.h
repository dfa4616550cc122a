// Models for the compression passes (quantize-dynamic, quantize-static, float16) and their benchmark, built the way
// exporters write them: name scopes ("/encoder/layer.0/mlp/fc1/MatMul"), Constant nodes, symbolic
// batch and sequence dims. Returned as serialized bytes; the same call gives the same bytes.
#pragma once

#include <cstdint>
#include <string>

#include "workload/dim_flag.h"

namespace ortkit::testing {

/// A pre-LayerNorm transformer encoder of `layers` layers (width `d_model`, `heads` heads, MLP
/// 4 * d_model with Erf Gelu) and a score head of `classes`, opset 17.
/// tokens: float32[batch,seq,d_model] -> hidden: float32[batch,seq,d_model],
/// logits: float32[batch,seq,classes]. Per layer, six MatMuls with weights
/// "encoder.layer.<i>.<name>.weight" ([in,out] initializers) named
/// "/encoder/layer.<i>/{attn/q_proj,attn/k_proj,attn/v_proj,attn/out_proj,mlp/fc1,mlp/fc2}/MatMul",
/// the head "/head/MatMul"; the attention scale and head shapes are Constant nodes.
std::string ExportedEncoderModel(int64_t d_model = 64, int layers = 2, int64_t heads = 4, int64_t classes = 32);

/// x: float32[batch,64] -> logits: float32[batch,10], gram: float32[batch,batch], opset 13:
/// "/fc1/Gemm"(x, fc1.weight [128,64], fc1.bias; transB=1, alpha 0.5, beta 2) -> "/act/Relu" ->
/// "/fc2/Gemm"(., fc2.weight [128,10], fc2.bias) -> "/tiny/MatMul"(., tiny.weight [10,10]: 400 bytes)
/// = logits; gram = "/gram/MatMul"(logits, "/gram/Transpose"(logits)): a B computed at run time.
std::string GemmMlpModel();

/// image: float32[1,3,8,8] -> out: float32[1,3,16,16], opset 17: Mul by "gain" (holding 1e5 and
/// -2e5 beyond float16's range, and 1e-9 below it), "/up/Resize" (scales 2), "/norm/LayerNormalization"
/// over the last axis, "/out/Mul" by a Constant.
std::string ResizeLayerNormModel();

/// A ResNet-style CNN as torch.onnx exports torchvision's (BatchNorm folded into the Convs), opset
/// 17: image: float32[batch,3,size,size] -> logits: float32[batch,classes].
/// "/conv1/Conv" (3 -> width, 7x7 stride 2) + "/relu/Relu" + "/maxpool/MaxPool" (3x3 stride 2),
/// then `stages` stages of two BasicBlocks each ("/layer<s>/layer<s>.<b>/conv1/Conv", relu,
/// conv2, "/Add" of the shortcut, relu), each stage after the first doubling the width with a
/// stride-2 first block and a 1x1 "downsample" Conv on its shortcut; "/avgpool/GlobalAveragePool",
/// "/Flatten", "/fc/Gemm" (transB = 1). Weights are He-scaled, seeded.
std::string ExportedResNetModel(int64_t width = 16, int stages = 2, int64_t classes = 10, int64_t size = 32);

/// x: float32[batch,64] -> scores: float32[batch,16] = "/fc/MatMul"(x, W[64,16]) where column 0
/// of W is 1000x larger than the others: per-tensor int8 scales wipe out columns 1..15.
std::string OutlierWeightModel();

/// Writes `sets` calibration sets for the model `model_bytes` as `--calibration` reads them:
/// DIR/set_<i>/<input>.npy, seeded values (seeds seed, seed + 1, ...) with the free dims at `dims`.
/// DIR is created; it must not hold sets already.
void WriteCalibrationSets(const std::string& dir, const std::string& model_bytes, int sets,
                          const workload::DimSizes& dims, uint64_t seed = 100);

}  // namespace ortkit::testing
