// Helpers for the check rule tests: run the engine on a model built in the test, pick one rule's
// findings, and a model with a Loop whose body reads an outer tensor.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <onnx/onnx_pb.h>

#include "graph/check_engine.h"
#include "graph/graph_index.h"
#include "graph/model_builder.h"
#include "ortkit/findings.h"
#include "testing/temp_dir.h"

namespace ortkit::testing {

/// Static analysis only: most rule tests need no session.
inline graph::CheckOptions StaticOnly() {
  graph::CheckOptions options;
  options.use_ort = false;
  return options;
}

inline graph::CheckOptions WithOrt() { return graph::CheckOptions{}; }

/// Saves `model` as "model.onnx" in a fresh directory and runs every rule on it.
inline CheckReport CheckModel(const onnx::ModelProto& model, const graph::CheckOptions& options = StaticOnly()) {
  TempDir dir;
  const std::string path = dir.File("model.onnx");
  graph::SaveModel(model, path);
  return graph::RunChecks(path, options);
}

/// The findings of rule `id`, in report order.
inline std::vector<Finding> FindingsOf(const CheckReport& report, const std::string& id) {
  std::vector<Finding> out;
  for (const Finding& f : report.findings) {
    if (f.rule_id == id) out.push_back(f);
  }
  return out;
}

/// Everything one rule's test needs to call a rule or the translation directly: the model,
/// inferred as the engine does, its index, and the context over them.
struct CheckFixture {
  explicit CheckFixture(const onnx::ModelProto& m, graph::CheckOptions o = StaticOnly(),
                        std::string model_path = "model.onnx")
      : path(std::move(model_path)),
        model(m),
        inferred(graph::InferForChecks(m)),
        index(inferred.model, inferred.errors),
        options(std::move(o)),
        context{path, model, inferred.model, index, options} {}
  CheckFixture(const CheckFixture&) = delete;  // `context` refers to the members
  CheckFixture& operator=(const CheckFixture&) = delete;

  std::string path;
  onnx::ModelProto model;
  graph::InferenceResult inferred;
  graph::GraphIndex index;
  graph::CheckOptions options;
  graph::CheckContext context;
};

/// x: float32[2] -> y: float32[2]. Node "loop" (Loop, trip count initializer "trip" = 3) carries
/// v from x; its body ("loop/body") computes v_out = Add(v_in, x) in node "add", reading x from
/// the outer graph, and passes cond through node "cond". `edit` may change the body before it is
/// attached.
inline onnx::ModelProto LoopModel(void (*edit)(onnx::GraphProto& body) = nullptr) {
  graph::ModelBuilder body("body");
  body.Input("iter", ElementType::kInt64, Shape{})
      .Input("cond_in", ElementType::kBool, Shape{})
      .Input("v_in", ElementType::kFloat32, Shape{2})
      .Node("Identity", {"cond_in"}, {"cond_out"}, {}, "cond")
      .Node("Add", {"v_in", "x"}, {"v_out"}, {}, "add")
      .Output("cond_out", ElementType::kBool, Shape{})
      .Output("v_out", ElementType::kFloat32, Shape{2});
  onnx::GraphProto body_graph = body.proto().graph();
  if (edit != nullptr) edit(body_graph);

  graph::ModelBuilder b("loop_graph");
  b.Input("x", ElementType::kFloat32, Shape{2})
      .Initializer("trip", std::vector<int64_t>{3}, Shape{})
      .Node("Loop", {"trip", "", "x"}, {"y"}, {}, "loop")
      .Output("y", ElementType::kFloat32, Shape{2});
  onnx::AttributeProto* attr = b.proto().mutable_graph()->mutable_node(0)->add_attribute();
  attr->set_name("body");
  attr->set_type(onnx::AttributeProto::GRAPH);
  *attr->mutable_g() = body_graph;
  return b.proto();
}

}  // namespace ortkit::testing
