// Tests of the float64-to-float32 pass.
#include <algorithm>
#include <cstring>

#include <gtest/gtest.h>

#include "graph/demo_model.h"
#include "graph/fixes/fix_test_util.h"
#include "graph/fixes/float64_values.h"
#include "graph/fixes/pass.h"
#include "graph/model_builder.h"
#include "graph/onnx_test_util.h"
#include "testing/fix_models.h"
#include "ortkit/error.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

constexpr const char* kPass = "float64-to-float32";

// float32 results of a float64 computation: about 1e-7 relative, well inside the default tolerance.
compare::Tolerance Float32Tolerance() { return compare::Tolerance{1e-5, 1e-6}; }

const onnx::NodeProto& NodeNamed(const onnx::GraphProto& graph, const std::string& name) {
  for (const auto& node : graph.node()) {
    if (node.name() == name) return node;
  }
  ADD_FAILURE() << "no node " << name;
  return graph.node(0);
}

// Every tensor type anywhere in the graph's declarations (inputs aside) is float32 or not float.
void ExpectNoFloat64Inside(const onnx::GraphProto& graph) {
  for (const auto& t : graph.initializer()) {
    EXPECT_NE(t.data_type(), onnx::TensorProto::DOUBLE) << t.name();
  }
  for (const auto& v : graph.value_info()) {
    EXPECT_FALSE(graph::fixes::HasFloat64(v.type())) << v.name();
  }
  for (const auto& node : graph.node()) {
    for (const auto& attr : node.attribute()) {
      if (attr.has_t()) {
        EXPECT_NE(attr.t().data_type(), onnx::TensorProto::DOUBLE) << node.name();
      }
      if (attr.name() == "to" || attr.name() == "dtype") {
        // Only the Cast the pass inserts for a float64 output may still target float64.
        if (node.name().rfind("ortkit_fix/", 0) != 0) {
          EXPECT_NE(attr.i(), onnx::TensorProto::DOUBLE) << node.name();
        }
      }
      if (attr.has_g()) ExpectNoFloat64Inside(attr.g());
    }
  }
}

TEST(Float64ToFloat32Test, EveryKindOfFloat64BecomesFloat32AndTheInterfaceStays) {
  const onnx::ModelProto before = Float64Model();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);

  EXPECT_EQ(changes.Get("initializers"), 1);      // w64
  EXPECT_EQ(changes.Get("constants"), 2);         // Constant k, ConstantOfShape's value
  EXPECT_EQ(changes.Get("casts"), 1);             // to_double
  EXPECT_EQ(changes.Get("dtype_attributes"), 1);  // EyeLike
  EXPECT_EQ(changes.Get("value_types"), 1);       // value_info s
  EXPECT_EQ(changes.Get("boundary_casts"), 2);    // input d, output out64
  EXPECT_EQ(changes.Get("io_converted"), 0);
  ExpectNoFloat64Inside(after.graph());
  EXPECT_EQ(SignatureString(after.graph().input()), "x: float32[2,2]; d: float64[2,2]");
  EXPECT_EQ(SignatureString(after.graph().output()), "out64: float64[2,2]; out32: float32[2,2]");
  // The input's Cast comes first; the output's Cast produces the output under its own name.
  EXPECT_EQ(after.graph().node(0).op_type(), "Cast");
  EXPECT_EQ(after.graph().node(0).input(0), "d");
  EXPECT_EQ(after.graph().node(after.graph().node_size() - 1).output(0), "out64");
  EXPECT_EQ(NodeNamed(after.graph(), "mul_d").input(1), "d_float32");
  EXPECT_NE(std::find(changes.details.begin(), changes.details.end(),
                      "node 'eye' (EyeLike): dtype float64 -> float32"),
            changes.details.end());
  FullCheck(after);
  ExpectSameOutputs(before, after, Float32Tolerance());
}

TEST(Float64ToFloat32Test, ConvertIoTurnsGraphInputsAndOutputsFloat32WithoutBoundaryCasts) {
  const onnx::ModelProto before = Float64Model();
  onnx::ModelProto after = before;
  graph::FixOptions options;
  options.convert_io = true;
  const graph::FixChanges changes = ApplyPass(kPass, after, options);

  EXPECT_EQ(changes.Get("boundary_casts"), 0);
  EXPECT_EQ(changes.Get("io_converted"), 2);
  EXPECT_EQ(SignatureString(after.graph().input()), "x: float32[2,2]; d: float32[2,2]");
  EXPECT_EQ(SignatureString(after.graph().output()), "out64: float32[2,2]; out32: float32[2,2]");
  FullCheck(after);
  // Inputs are made for the fixed model (float32) and widened, exactly, for the original.
  ExpectSameOutputs(before, after, Float32Tolerance());
}

TEST(Float64ToFloat32Test, ValueInfoDescribingAKeptFloat64InputKeepsItsType) {
  onnx::ModelProto before = Float64Model();
  *before.mutable_graph()->add_value_info() = before.graph().input(1);  // d: float64[2,2]
  onnx::ModelProto after = before;
  ApplyPass(kPass, after);
  ASSERT_EQ(after.graph().value_info_size(), 2);
  EXPECT_EQ(after.graph().value_info(1).name(), "d");
  EXPECT_EQ(TypeString(after.graph().value_info(1).type()), "float64[2,2]");
  ExpectSameOutputs(before, after, Float32Tolerance());
}

TEST(Float64ToFloat32Test, SubgraphConstantsAndOutputsAreConverted) {
  const onnx::ModelProto before = Float64IfModel();
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);

  EXPECT_EQ(changes.Get("constants"), 2);
  EXPECT_EQ(changes.Get("value_types"), 2);  // the two branch outputs
  ExpectNoFloat64Inside(after.graph());
  EXPECT_NE(std::find(changes.details.begin(), changes.details.end(),
                      "output 'then_out' (in node 'pick' (If) attribute 'then_branch'): type float64 -> float32"),
            changes.details.end());
  FullCheck(after);
  for (uint64_t seed : {0, 1, 2, 3}) ExpectSameOutputs(before, after, Exact(), seed);  // both branches
}

TEST(Float64ToFloat32Test, DemoModelSoftmaxRunsInFloat32) {
  const onnx::ModelProto before = ParseModel(graph::SerializeModel(graph::MakeDemoModel()));
  onnx::ModelProto after = before;
  const graph::FixChanges changes = ApplyPass(kPass, after);
  EXPECT_EQ(changes.Get("initializers"), 1);  // temperature
  EXPECT_EQ(changes.Get("casts"), 1);
  EXPECT_EQ(changes.Get("boundary_casts"), 0);
  ExpectNoFloat64Inside(after.graph());
  FullCheck(after);
  ExpectSameOutputs(before, after, Float32Tolerance());
}

TEST(Float64ToFloat32Test, ValuesBeyondFloat32RangeAreCountedAsOverflow) {
  onnx::TensorProto t = graph::MakeTensor("huge", std::vector<double>{1e300, -1e300, 1.0}, {3});
  const graph::fixes::TensorConversion r = graph::fixes::TensorToFloat32(t);
  EXPECT_EQ(r.values, 3);
  EXPECT_EQ(r.overflowed, 2);
  EXPECT_EQ(t.data_type(), onnx::TensorProto::FLOAT);
  EXPECT_EQ(t.raw_data().size(), 3 * sizeof(float));
}

TEST(Float64ToFloat32Test, DoubleDataFieldIsConvertedLikeRawData) {
  onnx::TensorProto t;
  t.set_name("typed");
  t.set_data_type(onnx::TensorProto::DOUBLE);
  t.add_dims(2);
  t.add_double_data(0.25);
  t.add_double_data(-4);
  EXPECT_EQ(graph::fixes::TensorToFloat32(t).values, 2);
  EXPECT_EQ(t.double_data_size(), 0);
  float values[2];
  std::memcpy(values, t.raw_data().data(), sizeof values);
  EXPECT_EQ(values[0], 0.25f);
  EXPECT_EQ(values[1], -4.0f);
}

TEST(Float64ToFloat32Test, RawDataOfTheWrongSizeIsRefusedNamingTheTensor) {
  onnx::TensorProto t = graph::MakeTensor("short", std::vector<double>{1, 2}, {2});
  t.mutable_raw_data()->resize(12);
  try {
    graph::fixes::TensorToFloat32(t);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_STREQ(e.what(), "float64-to-float32: tensor 'short': raw_data holds 12 bytes, expected 16 for its shape");
  }
}

TEST(Float64ToFloat32Test, ExternalDataIsRefusedNamingTheTensor) {
  onnx::TensorProto t = graph::MakeTensor("far", std::vector<double>{1}, {1});
  t.set_data_location(onnx::TensorProto::EXTERNAL);
  try {
    graph::fixes::TensorToFloat32(t);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "float64-to-float32: tensor 'far': its data is external; read the model with load_external_data first");
  }
}

TEST(Float64ToFloat32Test, Float64SequenceOutputNeedsConvertIo) {
  graph::ModelBuilder b("seq64");
  b.SequenceInput("s", ElementType::kFloat64).Node("Identity", {"s"}, {"t"}, {}, "id").SequenceOutput("t", ElementType::kFloat64);
  onnx::ModelProto model = b.proto();
  try {
    ApplyPass(kPass, model);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_STREQ(e.what(),
                 "float64-to-float32: graph input 's' holds float64 in a non-tensor type, which no Cast can convert; "
                 "pass --convert-io to turn it into float32, or leave out this pass");
  }
  graph::FixOptions options;
  options.convert_io = true;
  onnx::ModelProto converted = b.proto();
  EXPECT_EQ(ApplyPass(kPass, converted, options).Get("io_converted"), 2);
  EXPECT_EQ(SignatureString(converted.graph().output()), "t: seq(float32)");
}

// Found by the fix_passes fuzz target: a float64 graph output that no node writes got a
// boundary Cast reading an undefined value, so onnx::checker refused the result (it accepts the
// original) and `ortkit fix` blamed its own pass. Such an output is now left as it is.
TEST(Float64ToFloat32Test, Float64OutputThatNothingWritesGetsNoCast) {
  graph::ModelBuilder b("dangling");
  b.Input("a", ElementType::kFloat64, {2})
      .Input("b", ElementType::kFloat64, {2})
      .Node("Add", {"a", "b"}, {"sum"}, {}, "add")
      .Output("sum", ElementType::kFloat64, {2})
      .Output("nowhere", ElementType::kFloat64, {2});
  onnx::ModelProto model = b.proto();
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_EQ(changes.Get("boundary_casts"), 3);  // a, b and sum; not nowhere
  int casts_of_nowhere = 0;
  for (const auto& node : model.graph().node()) {
    for (const auto& out : node.output()) casts_of_nowhere += out == "nowhere";
  }
  EXPECT_EQ(casts_of_nowhere, 0);
  EXPECT_EQ(SignatureString(model.graph().output()), "sum: float64[2]; nowhere: float64[2]");
}

// Found by the fix_passes fuzz target: at opset 5 and below Cast's "to" is a string, and the
// inserted Cast (int "to") made onnx::checker refuse the result. Refused up front now.
TEST(Float64ToFloat32Test, BoundaryCastBeforeOpset6IsRefusedNamingTheInput) {
  graph::ModelBuilder b("old", /*opset=*/5);
  b.Input("x", ElementType::kFloat64, {2}).Node("Neg", {"x"}, {"y"}, {}, "neg").Output("y", ElementType::kFloat64, {2});
  onnx::ModelProto model = b.proto();
  try {
    ApplyPass(kPass, model);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_STREQ(e.what(),
                 "float64-to-float32: graph input 'x' stays float64 and needs a Cast, but the model imports ONNX "
                 "opset 5, whose Cast takes a string type; convert the model to opset 7 or later (ONNX Runtime's "
                 "minimum), or pass --convert-io");
  }
  graph::FixOptions options;
  options.convert_io = true;  // no Cast needed
  onnx::ModelProto converted = b.proto();
  EXPECT_EQ(ApplyPass(kPass, converted, options).Get("io_converted"), 2);
}

TEST(Float64ToFloat32Test, ModelWithoutFloat64IsLeftUnchanged) {
  onnx::ModelProto model = ParseModel(TransformerEncoderModel());
  const std::string before = model.SerializeAsString();
  const graph::FixChanges changes = ApplyPass(kPass, model);
  EXPECT_FALSE(changes.changed());
  EXPECT_EQ(changes.counts.size(), 7u);  // every count present, all zero
  EXPECT_EQ(model.SerializeAsString(), before);
}

}  // namespace
}  // namespace ortkit::testing
