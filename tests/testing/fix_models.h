// Models built to need each `ortkit fix` pass (and helpers to store them), for the fix tests.
#pragma once

#include <cstdint>
#include <string>

#include <onnx/onnx_pb.h>

namespace ortkit::testing {

// Opset 17, IR version 8 unless said otherwise; weights from SeededWeights, so every call returns
// the same model. "batch" and "seq" are named free dimensions.

/// x: float32[batch,4] -> y = MatMul(x, w) + b: float32[batch,2]. The initializers w [4,2] and
/// b [2] are also graph inputs (the exporter habit remove-initializers-from-inputs undoes). IR
/// version `ir_version` (3 requires the initializers to be inputs).
onnx::ModelProto WeightsAsInputsModel(int64_t ir_version = 8);

/// x: float32[2] -> y: float32[2], y = x * 1.5^3 computed by a Loop (trip count 3, no condition)
/// whose body multiplies its state by its own initializer "body_scale", which the body also lists
/// as an input after the loop-carried state.
onnx::ModelProto LoopWithInitializerInputModel();

/// A float64 island with every kind of float64 the pass handles. x: float32[2,2], d: float64[2,2]
/// -> out64: float64[2,2], out32: float32[2,2]:
///   xd = Cast(x, to=DOUBLE); s = xd + Constant(double [2,2]) (value_info s: float64[2,2]);
///   t = s * d; u = t + ConstantOfShape([2,2], value=double 0.5); v = u + EyeLike(x, dtype=DOUBLE);
///   out64 = v * w64 (initializer float64[2,2]); out32 = Cast(v, to=FLOAT).
onnx::ModelProto Float64Model();

/// float64 inside subgraphs. c: bool[] -> y: float32[3]: y = Cast(If(c, then: Constant(double
/// [1,2,3]), else: Constant(double [4,5,6])), to=FLOAT); the branch outputs are float64[3].
onnx::ModelProto Float64IfModel();

/// x: float64[3] -> y = (x + 1e10) - 1e10: float64[3]. Exact in float64 for |x| < 1; in float32
/// the 1e10 swallows x, so float64-to-float32 makes y all zeros: a fix verification must catch.
onnx::ModelProto CancellationModel();

/// The first error deployments hit, as a PyTorch export of input normalisation writes it when the
/// std was a float64 numpy array: image: float32[batch,3,4,4] -> normalized: float32[batch,3,4,4],
/// /preprocess/Sub(image, Constant mean float32[1,3,1,1]) then /preprocess/Div by the initializer
/// "std" float64[1,3,1,1] (ORT refuses: "Type parameter (T) of Optype (Div) bound to different
/// types"), then /head/Mul by "gain" float32[1,3,1,1] and /head/Relu. A float64 Div kernel exists,
/// so a cast-repaired copy of the model loads.
onnx::ModelProto NormalizeWithDoubleStdModel();

/// Like NormalizeWithDoubleStdModel, but the float64 tensor is a Conv weight: x: float32[1,2,5,5]
/// -> y = /conv/Conv(x, W float64[3,2,3,3]): float32[1,3,3,3]. ORT has no float64 Conv, so no
/// cast-repaired copy of it loads: a fix can only be checked to run.
onnx::ModelProto DoubleWeightConvModel();

/// x: float32[batch,seq,4], m: float32[batch,4] -> y = Identity(Relu(x)): float32[batch,seq,4]
/// (value_info r = the Relu's output: float32[batch,seq,4]), z = Neg(m): float32[batch,4].
onnx::ModelProto FreeDimsModel();

/// x: float32[3], c: bool[] -> y: float32[3] with dead code: y = Relu(x) + If(c, then: x * 2,
/// else: x * 3 with a dead Sigmoid inside the else branch); dead = Neg(Sigmoid(x)) reaches no
/// output; initializer "unused_w" is read by nothing; "two" is read only inside the then branch,
/// "three" only inside the else branch (both must stay); value_info describes the dead "dead".
onnx::ModelProto UnusedNodesModel();

/// Saves `model` as `dir`/`name` with every initializer of at least 16 bytes moved into
/// `dir`/`data_name` (ONNX external data: location, offset, length).
void SaveWithExternalData(const onnx::ModelProto& model, const std::string& dir, const std::string& name,
                          const std::string& data_name);

/// The serialized model (ortkit::graph::SerializeModel).
std::string Bytes(const onnx::ModelProto& model);

}  // namespace ortkit::testing
