// Helpers for the fix pass tests: apply a pass by name, and compare a model's outputs before and
// after in ONNX Runtime.
#pragma once

#include <map>
#include <string>

#include <gtest/gtest.h>
#include <onnx/onnx_pb.h>

#include "compare/compare.h"
#include "graph/fix_session.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/model.h"

namespace ortkit::testing {

/// Runs the pass `name` on `model` in place.
inline graph::FixChanges ApplyPass(const std::string& name, onnx::ModelProto& model,
                                   const graph::FixOptions& options = {}) {
  return graph::FindPass(name)->Apply(model, options);
}

/// Exact equality, NaN matching NaN: passes that only restructure must not change a single bit.
inline compare::Tolerance Exact() { return compare::Tolerance{0, 0}; }

/// ORT sessions that run the graph as written. ORT would otherwise treat the two graphs
/// differently where weights become constants (it fuses MatMul + Add into Gemm, and pre-packs
/// constant MatMul weights for a kernel that sums in another order), and the differently rounded
/// results would hide whether a pass kept the computation exactly.
inline SessionConfig AsWritten() {
  SessionConfig config;
  config.optimization_level = OptimizationLevel::kDisabled;
  config.config_entries["session.disable_prepacking"] = "1";
  return config;
}

/// Loads both models in ORT (optimiser off: AsWritten), runs them on the same seeded inputs (the
/// fixed model's, paired as `ortkit fix` pairs them) and expects every output to match within
/// `tolerance`.
inline void ExpectSameOutputs(const onnx::ModelProto& before, const onnx::ModelProto& after,
                              compare::Tolerance tolerance = Exact(), uint64_t seed = 0) {
  const std::string before_bytes = graph::SerializeModel(before);
  const std::string after_bytes = graph::SerializeModel(after);
  const Model original = Model::FromBytes(before_bytes.data(), before_bytes.size(), AsWritten(), "<before>");
  const Model fixed = Model::FromBytes(after_bytes.data(), after_bytes.size(), AsWritten(), "<after>");
  const graph::PairedInputs inputs = graph::MakePairedInputs(fixed, original, seed);
  const NamedValues expected = original.run(inputs.original);
  const NamedValues actual = graph::WidenLikeOriginal(fixed.run(inputs.fixed), original);
  const compare::Comparison c = compare::CompareOutputs(actual, expected, tolerance);
  for (const auto& o : c.outputs) {
    EXPECT_TRUE(o.pass) << "output '" << o.name << "': max abs " << o.max_abs << ", max rel " << o.max_rel << ", "
                        << o.mismatches << " of " << o.elements << " differ " << o.note;
  }
  EXPECT_EQ(c.outputs.size(), original.outputs().size());
}

/// A model from its bytes, as the compression tests build them.
inline onnx::ModelProto Parse(const std::string& bytes) { return graph::ParseModel(bytes, "<test model>"); }

/// How many nodes of each op type the main graph has.
inline std::map<std::string, int> OpCounts(const onnx::GraphProto& graph) {
  std::map<std::string, int> counts;
  for (const auto& node : graph.node()) ++counts[node.op_type()];
  return counts;
}

/// The names of a graph's inputs, in order.
inline std::vector<std::string> InputNames(const onnx::GraphProto& graph) {
  std::vector<std::string> names;
  for (const auto& v : graph.input()) names.push_back(v.name());
  return names;
}

}  // namespace ortkit::testing
