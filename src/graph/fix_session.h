// Sessions for checking a fix: the fixed model loaded from memory (or its file), and inputs that
// feed the original and the fixed model the same values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "graph/fixes/fix_options.h"
#include "ortkit/model.h"
#include "ortkit/session_config.h"
#include "ortkit/value.h"

namespace ortkit::graph {

/// Where the fixed model is: its bytes, or (when too large for one protobuf message) its file.
struct FixedModelSource {
  std::string bytes;  ///< the serialized model (ONNX or ORT format); empty: load `path`
  std::string path;   ///< the output path; also the model's label in errors
  ModelFormat format = ModelFormat::kOnnx;
};

/// Loads the fixed model with `config` (ORT format told to ORT when it is). Throws as Model::Load.
Model LoadFixedModel(const FixedModelSource& source, SessionConfig config);

/// The same input values for both models.
struct PairedInputs {
  NamedValues fixed;
  NamedValues original;
  std::vector<std::string> described;  ///< "image: float32[1,3,64,64]", one per input fed
};

/// Seeded inputs (workload::BuildSeededInputs) for the fixed model's declared inputs, whose shapes
/// may have been fixed, so that both models accept them. With `original_path`, they follow the
/// original graph's guesses (lengths, Gather indices, masks), and free dimensions left are probed
/// on the fixed model when it fails at 1 (workload::FindSizesThatRun); without, they are plain
/// seeded values at size 1. `dims` sizes free dimensions first (the rest as above). Where the original declares float64 and the fixed model float32
/// (float64-to-float32 with convert_io) the original gets the same values widened, which is exact.
/// Throws Error(kInput) for inputs ortkit can't make or sizes that never run.
PairedInputs MakePairedInputs(const Model& fixed, const Model& original, uint64_t seed,
                              const std::string& original_path = {}, const workload::DimSizes& dims = {});

/// The fixed model's outputs, float32 tensors widened to float64 where the original declares
/// float64, so that they compare with the original's in the original's type.
NamedValues WidenLikeOriginal(const NamedValues& fixed_outputs, const Model& original);

}  // namespace ortkit::graph
