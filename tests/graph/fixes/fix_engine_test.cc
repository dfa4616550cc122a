// Tests of FixModel: the demo model end to end, and the file-safety rules (input untouched,
// atomic writes, no overwrite without force, never the input), external data, verification.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "graph/fix_engine.h"
#include "graph/model_builder.h"
#include "graph/model_file.h"
#include "ortkit/error.h"
#include "ortkit/model.h"
#include "testing/fix_models.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit::testing {
namespace {

namespace fs = std::filesystem;
using graph::FixModel;
using graph::FixOptions;
using graph::FixReport;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::size_t Hash(const std::string& path) { return std::hash<std::string>{}(ReadBytes(path)); }

// The message of the Error `fn` throws, which must be of `category`.
template <typename Fn>
std::string ErrorOf(ErrorCategory category, Fn fn) {
  try {
    fn();
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), category) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "expected an error";
  return "";
}

const graph::PassReport* FindPassReport(const FixReport& report, const std::string& name) {
  for (const auto& p : report.passes) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

TEST(FixEngineTest, DemoModelGetsEveryDefaultPassVerifiedAndTheInputIsUntouched) {
  TempDir dir;
  const std::string demo = ORTKIT_DEMO_MODEL_PATH;
  const std::size_t before = Hash(demo);
  const auto mtime = fs::last_write_time(demo);
  FixOptions options;
  options.bench = true;
  options.bench_runs = 5;
  const FixReport report = FixModel(demo, dir.File("demo.fixed.onnx"), options);

  EXPECT_EQ(Hash(demo), before);
  EXPECT_EQ(fs::last_write_time(demo), mtime);
  ASSERT_EQ(report.passes.size(), 3u);
  EXPECT_EQ(FindPassReport(report, "remove-initializers-from-inputs")->changes.Get("inputs_removed"), 8);
  EXPECT_EQ(FindPassReport(report, "float64-to-float32")->changes.Get("initializers"), 1);
  EXPECT_EQ(FindPassReport(report, "float64-to-float32")->changes.Get("casts"), 1);
  EXPECT_FALSE(FindPassReport(report, "remove-unused")->changes.changed());  // the demo has no dead code
  EXPECT_TRUE(report.verification.ran);
  EXPECT_TRUE(report.verification.passed) << report.verification.failure;
  EXPECT_EQ(report.verification.comparison.outputs.size(), 3u);
  EXPECT_EQ(report.verification.inputs, std::vector<std::string>{"image: float32[1,3,64,64]"});
  EXPECT_TRUE(report.written);
  EXPECT_TRUE(report.checker_note.empty()) << report.checker_note;
  EXPECT_EQ(report.output_bytes, fs::file_size(dir.File("demo.fixed.onnx")));
  ASSERT_TRUE(report.latency.has_value());
  EXPECT_GT(report.latency->before_ms, 0);
  EXPECT_GT(report.latency->after_ms, 0);
  EXPECT_EQ(report.latency->runs, 5);

  const Model fixed = Model::Load(dir.File("demo.fixed.onnx"));
  EXPECT_EQ(fixed.inputs().size(), 1u);
  // No temporary file is left beside the output.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 1);
}

TEST(FixEngineTest, ExistingOutputIsRefusedWithoutForceAndReplacedWithIt) {
  TempDir dir;
  WriteFile(dir.File("m.onnx"), Bytes(WeightsAsInputsModel()));
  WriteFile(dir.File("out.onnx"), "precious");
  const std::string out = dir.File("out.onnx");
  EXPECT_EQ(ErrorOf(ErrorCategory::kIo, [&] { FixModel(dir.File("m.onnx"), out, {}); }),
            "while writing '" + out + "': it exists; pass --force to overwrite it");
  EXPECT_EQ(ReadBytes(out), "precious");

  FixOptions force;
  force.force = true;
  EXPECT_TRUE(FixModel(dir.File("m.onnx"), out, force).written);
  EXPECT_NO_THROW(graph::ReadModel(out));
}

TEST(FixEngineTest, OutputThatIsTheInputIsRefusedEvenWithForceAndThroughALink) {
  TempDir dir;
  const std::string in = dir.File("m.onnx");
  WriteFile(in, Bytes(WeightsAsInputsModel()));
  const std::size_t before = Hash(in);
  FixOptions force;
  force.force = true;
  const std::string expected_tail = "'; fix never writes over its input, even with --force: choose another output path";
  EXPECT_EQ(ErrorOf(ErrorCategory::kIo, [&] { FixModel(in, in, force); }),
            "while writing '" + in + "': it is the input model '" + in + expected_tail);

  const std::string spelled = dir.path() + "/./m.onnx";
  EXPECT_EQ(ErrorOf(ErrorCategory::kIo, [&] { FixModel(in, spelled, force); }),
            "while writing '" + spelled + "': it is the input model '" + in + expected_tail);

  fs::create_symlink(in, dir.File("link.onnx"));
  EXPECT_EQ(ErrorOf(ErrorCategory::kIo, [&] { FixModel(in, dir.File("link.onnx"), force); }),
            "while writing '" + dir.File("link.onnx") + "': it is the input model '" + in + expected_tail);
  EXPECT_EQ(Hash(in), before);
}

TEST(FixEngineTest, MissingOutputDirectoryIsRefusedBeforeAnyWork) {
  TempDir dir;
  WriteFile(dir.File("m.onnx"), Bytes(WeightsAsInputsModel()));
  const std::string out = dir.File("no/such/dir/out.onnx");
  EXPECT_EQ(ErrorOf(ErrorCategory::kIo, [&] { FixModel(dir.File("m.onnx"), out, {}); }),
            "while writing '" + out + "': directory '" + dir.File("no/such/dir") + "' does not exist");
}

TEST(FixEngineTest, MissingInputIsALoadError) {
  TempDir dir;
  const std::string in = dir.File("absent.onnx");
  EXPECT_EQ(ErrorOf(ErrorCategory::kLoad, [&] { FixModel(in, dir.File("out.onnx"), {}); }),
            "while reading '" + in + "': No such file or directory");
}

TEST(FixEngineTest, ExternalDataInputGivesASelfContainedCorrectOutputElsewhere) {
  TempDir in_dir, out_dir;
  SaveWithExternalData(WeightsAsInputsModel(), in_dir.path(), "m.onnx", "m.weights");
  const std::size_t model_hash = Hash(in_dir.File("m.onnx"));
  const std::size_t data_hash = Hash(in_dir.File("m.weights"));
  ASSERT_TRUE(graph::HasExternalData(graph::ReadModel(in_dir.File("m.onnx"))));

  const FixReport report = FixModel(in_dir.File("m.onnx"), out_dir.File("fixed.onnx"), {});
  EXPECT_TRUE(report.verification.passed) << report.verification.failure;
  // The weights are inline now: the output does not depend on a file it was not written with.
  const onnx::ModelProto fixed = graph::ReadModel(out_dir.File("fixed.onnx"));
  EXPECT_FALSE(graph::HasExternalData(fixed));
  EXPECT_EQ(fixed.graph().initializer_size(), 2);
  EXPECT_EQ(fixed.graph().input_size(), 1);
  EXPECT_EQ(Hash(in_dir.File("m.onnx")), model_hash);
  EXPECT_EQ(Hash(in_dir.File("m.weights")), data_hash);

  // y = x w + b with the original weights: compare against the weights the builder made.
  const onnx::ModelProto reference = WeightsAsInputsModel();
  const std::string reference_bytes = Bytes(reference);
  const Model a = Model::Load(out_dir.File("fixed.onnx"));
  const Model b = Model::FromBytes(reference_bytes.data(), reference_bytes.size());
  const NamedValues in{{"x", Tensor::FromVector<float>({1, 2, 3, 4}, {1, 4})}};
  const Tensor ya = a.run(in)[0].value.tensor();
  const Tensor yb = b.run(in)[0].value.tensor();
  EXPECT_EQ(ya.data_as<float>()[0], yb.data_as<float>()[0]);
  EXPECT_EQ(ya.data_as<float>()[1], yb.data_as<float>()[1]);
}

TEST(FixEngineTest, OutputThatIsTheInputsExternalDataIsRefused) {
  TempDir dir;
  SaveWithExternalData(WeightsAsInputsModel(), dir.path(), "m.onnx", "m.weights");
  FixOptions force;
  force.force = true;
  const std::string out = dir.File("m.weights");
  const std::string message = ErrorOf(ErrorCategory::kIo, [&] { FixModel(dir.File("m.onnx"), out, force); });
  EXPECT_EQ(message, "while writing '" + out + "': it holds the input model's external data ('" + dir.File("m.weights") +
                         "'); choose another output path");
}

TEST(FixEngineTest, FailedVerificationWritesNothingAndLeavesAnExistingFileAlone) {
  TempDir dir;
  WriteFile(dir.File("c.onnx"), Bytes(CancellationModel()));
  WriteFile(dir.File("out.onnx"), "older result");
  FixOptions options;
  options.force = true;
  const FixReport report = FixModel(dir.File("c.onnx"), dir.File("out.onnx"), options);

  EXPECT_TRUE(report.verification.ran);
  EXPECT_FALSE(report.verification.passed);
  EXPECT_TRUE(report.verification.failure.empty());  // compared, and found different
  ASSERT_EQ(report.verification.comparison.outputs.size(), 1u);
  const auto& y = report.verification.comparison.outputs[0];
  EXPECT_FALSE(y.pass);
  EXPECT_EQ(y.mismatches, 3);
  EXPECT_GT(y.max_abs, 0.01);
  EXPECT_FALSE(report.written);
  EXPECT_EQ(ReadBytes(dir.File("out.onnx")), "older result");
}

TEST(FixEngineTest, KeepUnverifiedWritesAFailedResult) {
  TempDir dir;
  WriteFile(dir.File("c.onnx"), Bytes(CancellationModel()));
  FixOptions options;
  options.keep_unverified = true;
  const FixReport report = FixModel(dir.File("c.onnx"), dir.File("out.onnx"), options);
  EXPECT_FALSE(report.verification.passed);
  EXPECT_TRUE(report.written);
  EXPECT_TRUE(fs::exists(dir.File("out.onnx")));
}

TEST(FixEngineTest, LooserToleranceLetsTheSameResultPass) {
  TempDir dir;
  WriteFile(dir.File("c.onnx"), Bytes(CancellationModel()));
  FixOptions options;
  options.tolerance.atol = 1.0;  // |x| < 1 and the result is 0
  EXPECT_TRUE(FixModel(dir.File("c.onnx"), dir.File("out.onnx"), options).verification.passed);
}

// ORT refuses the original ("bound to different types"): the fix is what makes it load, so it is
// compared with a copy of the original that computes the conflicting Div in float64.
TEST(FixEngineTest, OriginalOrtRefusesIsComparedWithACastRepairedCopyAndWritten) {
  TempDir dir;
  WriteFile(dir.File("normalize.onnx"), Bytes(NormalizeWithDoubleStdModel()));
  FixOptions options;
  options.bench = true;
  options.bench_runs = 3;
  const FixReport report = FixModel(dir.File("normalize.onnx"), dir.File("out.onnx"), options);
  const graph::Verification& v = report.verification;
  EXPECT_TRUE(v.passed) << v.failure;
  EXPECT_EQ(v.reference, graph::Reference::kCastRepaired);
  EXPECT_NE(v.original_error.find("Type parameter (T) of Optype (Div) bound to different types"), std::string::npos)
      << v.original_error;
  ASSERT_EQ(v.reference_repairs.size(), 1u);
  EXPECT_EQ(v.reference_repairs[0].rfind("/preprocess/Div (Div): computes in float64", 0), 0u);
  EXPECT_TRUE(v.non_finite_outputs.empty());
  ASSERT_EQ(v.comparison.outputs.size(), 1u);
  EXPECT_TRUE(v.comparison.outputs[0].pass);
  EXPECT_LT(v.comparison.outputs[0].max_rel, 1e-6);  // float32 against float64 arithmetic, nothing more
  EXPECT_TRUE(report.written);
  EXPECT_NO_THROW(Model::Load(dir.File("out.onnx")));
  EXPECT_FALSE(report.latency.has_value()) << "there is no 'before' to time";
  EXPECT_EQ(report.latency_note, "not measured: the original does not load in ONNX Runtime, so there is no 'before'");
}

TEST(FixEngineTest, OriginalOrtRefusesWithADoubleInputKeepsItsInterfaceAndMatches) {
  TempDir dir;
  WriteFile(dir.File("div.onnx"), DoubleFloatDivModel());
  const FixReport report = FixModel(dir.File("div.onnx"), dir.File("out.onnx"), {});
  EXPECT_TRUE(report.verification.passed) << report.verification.failure;
  EXPECT_EQ(report.verification.reference, graph::Reference::kCastRepaired);
  EXPECT_TRUE(report.written);
  // float64-to-float32 made Div's operands agree and kept the float64 interface.
  const Model fixed = Model::Load(dir.File("out.onnx"));
  EXPECT_EQ(fixed.inputs()[0].element_type, ElementType::kFloat64);
}

// No float64 Conv kernel: a cast-repaired copy does not load, so only "it runs" can be checked.
TEST(FixEngineTest, WithNoReferenceTheFixIsWrittenWhenItRunsToFiniteOutputsAndSaysSo) {
  TempDir dir;
  WriteFile(dir.File("conv.onnx"), Bytes(DoubleWeightConvModel()));
  const FixReport report = FixModel(dir.File("conv.onnx"), dir.File("out.onnx"), {});
  const graph::Verification& v = report.verification;
  EXPECT_TRUE(v.passed) << v.failure;
  EXPECT_EQ(v.reference, graph::Reference::kNone);
  EXPECT_EQ(v.reference_error.rfind("its cast-repaired copy does not load either: ", 0), 0u) << v.reference_error;
  EXPECT_TRUE(v.comparison.outputs.empty());
  EXPECT_TRUE(v.non_finite_outputs.empty());
  EXPECT_EQ(v.inputs, std::vector<std::string>{"x: float32[1,2,5,5]"});
  EXPECT_TRUE(report.written);
}

// (1e10 + x) - 1e10 with a float64 constant, declared float64 throughout: float32 loses x, the
// float64 reference keeps it.
TEST(FixEngineTest, AFixThatDiffersFromTheCastRepairedReferenceIsNotWritten) {
  graph::ModelBuilder b("cancel");
  b.Opset("", 13)
      .Input("x", ElementType::kFloat32, Shape{3})
      .Initializer("big", std::vector<double>{1e10}, {1})
      .Node("Add", {"big", "x"}, {"s"}, {}, "/add")
      .Node("Sub", {"s", "big"}, {"y"}, {}, "/sub")
      .Output("y", ElementType::kFloat64, Shape{3});
  TempDir dir;
  WriteFile(dir.File("cancel.onnx"), Bytes(b.proto()));
  const FixReport report = FixModel(dir.File("cancel.onnx"), dir.File("out.onnx"), {});
  EXPECT_FALSE(report.verification.passed);
  EXPECT_EQ(report.verification.reference, graph::Reference::kCastRepaired);
  EXPECT_TRUE(report.verification.failure.empty()) << report.verification.failure;
  ASSERT_EQ(report.verification.comparison.outputs.size(), 1u);
  EXPECT_FALSE(report.verification.comparison.outputs[0].pass);
  EXPECT_FALSE(report.written);
  EXPECT_FALSE(fs::exists(dir.File("out.onnx")));
}

// x / 1e-50: the divisor is 0 in float32, so the fixed model's outputs are infinite.
TEST(FixEngineTest, AFixWhoseOutputsAreNotFiniteFailsCheckA) {
  graph::ModelBuilder b("tiny");
  b.Opset("", 13)
      .Input("x", ElementType::kFloat32, Shape{3})
      .Initializer("tiny", std::vector<double>{1e-50}, {1})
      .Node("Div", {"x", "tiny"}, {"y"}, {}, "/div")
      .Output("y", ElementType::kFloat32, Shape{3});
  TempDir dir;
  WriteFile(dir.File("tiny.onnx"), Bytes(b.proto()));
  const FixReport report = FixModel(dir.File("tiny.onnx"), dir.File("out.onnx"), {});
  EXPECT_FALSE(report.verification.passed);
  EXPECT_EQ(report.verification.non_finite_outputs, std::vector<std::string>{"y"});
  EXPECT_FALSE(report.written);
}

TEST(FixEngineTest, OriginalFailingTheCheckerIsNotedAndTheResultNotHeldToIt) {
  TempDir dir;
  onnx::ModelProto model = WeightsAsInputsModel();
  model.set_ir_version(10);  // beyond what ONNX 1.12's checker knows; ORT 1.30 loads it
  WriteFile(dir.File("ir10.onnx"), Bytes(model));
  const FixReport report = FixModel(dir.File("ir10.onnx"), dir.File("out.onnx"), {});
  EXPECT_NE(report.checker_note.find("ir_version"), std::string::npos) << report.checker_note;
  EXPECT_TRUE(report.verification.passed) << report.verification.failure;
  EXPECT_TRUE(report.written);
}

TEST(FixEngineTest, OrtFormatOutputIsOptimisedVerifiedAndWritten) {
  TempDir dir;
  WriteFile(dir.File("convnet.onnx"), ConvNetModel());
  FixOptions options;
  options.format = graph::ModelFormat::kOrt;
  const FixReport report = FixModel(dir.File("convnet.onnx"), dir.File("convnet.ort"), options);
  EXPECT_EQ(report.passes.back().name, "ort-optimize");
  EXPECT_TRUE(report.verification.passed) << report.verification.failure;
  EXPECT_EQ(ReadBytes(dir.File("convnet.ort")).substr(4, 4), "ORTM");
  EXPECT_NO_THROW(Model::Load(dir.File("convnet.ort")));
}

TEST(FixEngineTest, ModelNeedingNothingIsStillVerifiedAndWritten) {
  TempDir dir;
  WriteFile(dir.File("add.onnx"), AddModel());
  const FixReport report = FixModel(dir.File("add.onnx"), dir.File("out.onnx"), {});
  EXPECT_FALSE(report.changed());
  EXPECT_TRUE(report.verification.passed);
  EXPECT_TRUE(report.written);
}

TEST(FixEngineTest, PassErrorsNameTheFileBeingFixed) {
  TempDir dir;
  WriteFile(dir.File("add.onnx"), AddModel());
  FixOptions options;
  options.dims = {{"seq", 4}};
  EXPECT_EQ(ErrorOf(ErrorCategory::kConfig, [&] { FixModel(dir.File("add.onnx"), dir.File("out.onnx"), options); }),
            "fixing '" + dir.File("add.onnx") +
                "': fix-dims: --dim seq=4: the model's inputs have no free dimension 'seq' (their free dimensions: "
                "batch)");
  EXPECT_FALSE(fs::exists(dir.File("out.onnx")));
}

TEST(FixEngineTest, InvalidOptionsAreRefusedBeforeTheModelIsRead) {
  FixOptions options;
  options.passes = {"no-such-pass"};
  const std::string message = ErrorOf(ErrorCategory::kConfig, [&] { FixModel("/nonexistent.onnx", "/tmp/x.onnx", options); });
  EXPECT_EQ(message.rfind("unknown pass 'no-such-pass'", 0), 0u) << message;
}

}  // namespace
}  // namespace ortkit::testing
