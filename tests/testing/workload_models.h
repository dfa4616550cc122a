// Test models shaped like real exported workloads (a speech encoder, a token embedding), built in C++.
#pragma once

#include <string>

namespace ortkit::testing {

// Written the way torch.onnx exports: opset 17, IR version 8, node names with name scopes
// ("/embed/conv/conv.1/Conv"), each node's output named "<node name>_output_0", and shape
// constants and scalars as Constant nodes rather than initializers. "B", "T", "T_out", "batch"
// and "seq" are named free dimensions (dim_param). Weights come from SeededWeights, so every call
// returns the same bytes.

/// A WeNet-style speech encoder front end (Conv2dSubsampling4 and a projection).
/// speech: float32[B,T,80], speech_lengths: int32[B] ->
/// encoder_out: float32[B,T_out,16], encoder_out_lens: int32[B], where
///   x = Unsqueeze(speech, 1)                                 [B,1,T,80]
///   x = Relu(Conv "/embed/conv/conv.0/Conv"(x))              [B,4,(T-3)/2+1,39]   1->4, 3x3, stride 2, no pads
///   x = Relu(Conv "/embed/conv/conv.1/Conv"(x))              [B,4,T_out,19]        4->4, 3x3, stride 2, no pads
///   x = Reshape(Transpose(x, [0,2,1,3]), [0,0,76])           [B,T_out,76]
///   h = MatMul(x, embed.out.weight [76,16]) + embed.out.bias [B,T_out,16]
///   encoder_out_lens = ((speech_lengths - 3) / 2 + 1 - 3) / 2 + 1   (int32 Div, as the convs count)
///   encoder_out = Where(Range(0, T_out, 1) < encoder_out_lens[:, None] (bool[B,T_out], unsqueezed
///                       to [B,T_out,1]), h, 0): frames at or past an item's length are all zero.
/// The Relus are "/embed/conv/Relu" and "/embed/conv/Relu_1" (torch's names for a functional relu).
/// T must be at least 7 (T = 7 gives T_out = 1; T = 400 gives 99, and lengths 400 and 200 give 99
/// and 49). For T <= 2 ORT fails in conv.0, for 3 <= T <= 6 in conv.1, with "Invalid input shape:
/// {H,W}" (the Conv input's spatial dims: {1,80} for T = 1, {2,39} for T = 6). Which name ORT reports depends on its optimization level:
/// up to "extended" the Conv's own ("/embed/conv/conv.0/Conv", also once fused with its Relu into a
/// FusedConv); at "all", on CPUs where ORT converts convs to NCHWc, the converted node's, named after
/// the Relu's output: "/embed/conv/Relu_output_0_nchwc" (conv.0), "/embed/conv/Relu_1_output_0_nchwc".
std::string SpeechEncoderModel();

/// A token embedding: input_ids: int64[batch,seq] -> pooled: float32[batch,32], where
///   e = Gather "/embed/Gather"(embed.weight float32[1000,32] (an initializer), input_ids, axis 0)
///   pooled = ReduceMean "/ReduceMean"(e, axes [1], keepdims 0)
/// The vocabulary has 1000 ids: ORT fails at run time for an id >= 1000 (or < -1000).
std::string TokenEmbeddingModel();

}  // namespace ortkit::testing
