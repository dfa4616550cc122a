// Small ONNX models for tests, built in C++ (no files checked in), returned as serialized bytes.
#pragma once

#include <string>

namespace ortkit::testing {

// All models use opset 17 and IR version 8 unless said otherwise. "batch", "seq" and "n" are named
// free dimensions (dim_param); "?" is an unnamed one. Weights come from SeededWeights, so every
// call returns the same bytes.

/// x: float32[batch,3], y: float32[batch,3] -> z = Add(x, y): float32[batch,3].
std::string AddModel();

/// image: float32[1,3,320,320] -> out = Relu(image): float32[1,3,320,320].
std::string ReluImageModel();

/// A small ResNet-like net. input: float32[batch,3,64,64] -> logits: float32[batch,10].
/// Conv 3->16 (stride 2) + Relu, a residual block (two Conv 16->16, Add, Relu), Conv 16->32
/// (stride 2) + Relu, GlobalAveragePool, Flatten, Gemm 32->10. Weights are initializers only.
std::string ConvNetModel();

/// One transformer encoder layer from basic ops (width 64, 4 heads of 16, MLP 128 with Erf-based
/// Gelu, post-LayerNormalization). tokens: float32[batch,seq,64] -> hidden: float32[batch,seq,64].
std::string TransformerEncoderModel();

/// Everything ORT reports as metadata is set: producer "ortkit-tests" version "1.2", graph name
/// "meta_graph", domain "ai.ortkit.test", model doc "A model with metadata", graph doc "graph doc",
/// model_version 42, metadata_props {"labels": "cat,dog", "sample_rate": "16000",
/// "odd key": "ünïcødé"}. x: float32[2] -> y = Identity(x): float32[2].
std::string MetadataModel();

/// The same graph (named "meta_graph") with no producer, domain, docs, version or metadata_props.
std::string NoMetadataModel();

/// ids: int64[batch,seq], mask: bool[batch,seq], scale: float64[] (scalar) ->
/// ids_out = Identity(ids): int64[batch,seq], mask_int = Cast(mask): int32[batch,seq],
/// scale_sq = Mul(scale, scale): float64[].
std::string MixedTypesModel();

/// text: string[n] -> out = Identity(text): string[n].
std::string StringModel();

/// a: float32[2], b: float32[2], s: seq(tensor(float)) ->
/// seq = SequenceConstruct(a, b): seq(tensor(float)), len = SequenceLength(s): int64[] (scalar).
std::string SequenceModel();

/// x: float32[?,4] (the first dimension free and unnamed) -> y = Identity(x): float32[?,4].
std::string UnnamedDimModel();

/// Deliberately invalid: a: float64[2], b: float32[2] -> c = Div(a, b) (node "Div_337"), declared
/// float64[2]. Div's type parameter T is bound to two types, so ORT refuses to load it.
std::string DoubleFloatDivModel();

/// Deliberately unloadable: x: float32[1,3,8,8] -> y = DCNv2(x) in domain "com.example" (imported
/// at version 1), declared float32[1,3,8,8]. No runtime has that op; onnx::checker accepts it.
std::string UnknownOpModel();

/// An attention mask added to scores without a Cast, as hand-edited exports do: scores:
/// float32[batch,4], mask: bool[batch,4] -> biased = /attention/Add(scores, mask): float32[batch,4].
/// ORT refuses it (type parameter T bound to float and bool); no ortkit fix pass applies.
std::string BoolIntoAddModel();

/// n inputs in_0 .. in_{n-1}: float32[1] -> out: float32[1], their sum by a chain of Adds (for
/// n == 1, out = Identity(in_0)). Throws std::invalid_argument when n < 1.
std::string ManyInputsModel(int n);

/// Writes `bytes` to `path`; throws ortkit::Error (kIo) naming the path on failure.
void WriteFile(const std::string& path, const std::string& bytes);

}  // namespace ortkit::testing
