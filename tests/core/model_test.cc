// Tests of Model: loading, introspection, copies sharing one session, runs and load errors.
#include "ortkit/model.h"

#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "ortkit/runtime.h"
#include "testing/temp_dir.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

using testing::TempDir;

Model LoadBytes(const std::string& bytes, const std::string& label, const SessionConfig& config = {}) {
  return Model::FromBytes(bytes.data(), bytes.size(), config, label);
}

NamedValues AddInputs(const std::vector<float>& x, const std::vector<float>& y, int64_t batch) {
  return {{"x", Tensor::FromVector(x, {batch, 3})}, {"y", Tensor::FromVector(y, {batch, 3})}};
}

TEST(ModelTest, LoadsFromAFileAndReportsItsInputsAndOutputs) {
  TempDir dir;
  const std::string path = dir.File("add.onnx");
  testing::WriteFile(path, testing::AddModel());
  Model model = Model::Load(path);
  EXPECT_EQ(model.name(), path);
  ASSERT_EQ(model.inputs().size(), 2u);
  EXPECT_EQ(model.inputs()[0].Describe(), "x: float32[batch,3]");
  EXPECT_EQ(model.inputs()[1].shape[0].symbol, "batch");
  ASSERT_EQ(model.outputs().size(), 1u);
  EXPECT_EQ(model.outputs()[0].Describe(), "z: float32[batch,3]");
  EXPECT_EQ(model.providers(), (std::vector<std::string>{"CPUExecutionProvider"}));
}

TEST(ModelTest, RunComputesTheOutputs) {
  Model model = LoadBytes(testing::AddModel(), "add.onnx");
  NamedValues out = model.run(AddInputs({1, 2, 3, 4, 5, 6}, {10, 20, 30, 40, 50, 60}, 2));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].name, "z");
  const Tensor& z = out[0].value.tensor();
  EXPECT_EQ(z.shape(), (Shape{2, 3}));
  EXPECT_EQ(std::vector<float>(z.data_as<float>(), z.data_as<float>() + 6),
            (std::vector<float>{11, 22, 33, 44, 55, 66}));
}

TEST(ModelTest, AProfiledRunWritesThatRunsTraceAndTheSameOutputs) {
  testing::TempDir dir;
  Model model = LoadBytes(testing::AddModel(), "add.onnx");
  const NamedValues inputs = AddInputs({1, 2, 3, 4, 5, 6}, {10, 20, 30, 40, 50, 60}, 2);
  model.run(inputs);  // not profiled: the session has no profiling prefix
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  const NamedValues out = model.run_profiled(dir.File("run"), inputs);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value.tensor().data_as<float>()[5], 66.0f);
  int traces = 0;
  std::string text;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++traces;
    std::ifstream in(entry.path());
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  EXPECT_EQ(traces, 1);
  EXPECT_NE(text.find("\"model_run\""), std::string::npos) << text;
  EXPECT_EQ(text.find("session_initialization"), std::string::npos) << "the load is not part of a run's trace";
  EXPECT_THROW(model.run_profiled("", inputs), Error);
}

TEST(ModelTest, CopiesShareOneSession) {
  Model a = LoadBytes(testing::AddModel(), "add.onnx");
  Model b = a;
  Model c = LoadBytes(testing::AddModel(), "add.onnx");
  EXPECT_TRUE(a.SharesSessionWith(b));
  EXPECT_FALSE(a.SharesSessionWith(c));
  EXPECT_EQ(a.use_count(), 2);
}

TEST(ModelTest, ACopyOutlivesTheOriginal) {
  std::unique_ptr<Model> copy;
  {
    Model original = LoadBytes(testing::AddModel(), "add.onnx");
    copy = std::make_unique<Model>(original);
  }
  NamedValues out = copy->run(AddInputs({1, 1, 1}, {2, 2, 2}, 1));
  EXPECT_EQ(out[0].value.tensor().data_as<float>()[2], 3.0f);
}

TEST(ModelTest, OutputsOutliveTheModel) {
  NamedValues out;
  {
    Model model = LoadBytes(testing::AddModel(), "add.onnx");
    out = model.run(AddInputs({1, 1, 1}, {2, 2, 2}, 1));
  }
  EXPECT_EQ(out[0].value.tensor().data_as<float>()[0], 3.0f);
}

TEST(ModelTest, SelectedOutputsComeInTheOrderAsked) {
  Model model = LoadBytes(testing::MixedTypesModel(), "mixed.onnx");
  NamedValues inputs{{"ids", Tensor::FromVector<int64_t>({7, 8}, {1, 2})},
                     {"mask", Tensor::FromBools({true, false}, {1, 2})},
                     {"scale", Tensor::FromVector<double>({3.0}, {})}};
  NamedValues out = model.run(inputs, {"scale_sq", "mask_int"});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].name, "scale_sq");
  EXPECT_EQ(out[0].value.tensor().data_as<double>()[0], 9.0);
  EXPECT_EQ(out[1].value.tensor().data_as<int32_t>()[0], 1);
  EXPECT_EQ(out[1].value.tensor().data_as<int32_t>()[1], 0);
}

TEST(ModelTest, UnknownOutputNameIsAnInputError) {
  Model model = LoadBytes(testing::AddModel(), "add.onnx");
  try {
    model.run(AddInputs({1, 1, 1}, {2, 2, 2}, 1), {"zz"});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kInput);
    EXPECT_STREQ(e.what(), "'zz' is not an output of 'add.onnx' (did you mean 'z'?); its outputs are: z (float32[batch,3])");
  }
}

TEST(ModelTest, RunsStringTensors) {
  Model model = LoadBytes(testing::StringModel(), "strings.onnx");
  NamedValues out = model.run({{"text", Tensor::FromStrings({"hello", "", "wörld"}, {3})}});
  EXPECT_EQ(out[0].value.tensor().strings(), (std::vector<std::string>{"hello", "", "wörld"}));
}

TEST(ModelTest, RunsSequencesInAndOut) {
  Model model = LoadBytes(testing::SequenceModel(), "seq.onnx");
  EXPECT_EQ(model.inputs()[2].kind, ValueKind::kSequence);
  EXPECT_EQ(model.inputs()[2].TypeString(), "seq(tensor(float))");
  Value s = Value::Sequence({Tensor::FromVector<float>({1}, {1}), Tensor::FromVector<float>({2}, {1}),
                             Tensor::FromVector<float>({3}, {1})});
  NamedValues out = model.run({{"a", Tensor::FromVector<float>({1, 2}, {2})},
                               {"b", Tensor::FromVector<float>({3, 4}, {2})},
                               {"s", s}});
  const Value& seq = FindValue(out, "seq");
  ASSERT_EQ(seq.kind(), ValueKind::kSequence);
  ASSERT_EQ(seq.sequence().size(), 2u);
  EXPECT_EQ(seq.sequence()[1].tensor().data_as<float>()[1], 4.0f);
  EXPECT_EQ(FindValue(out, "len").tensor().data_as<int64_t>()[0], 3);
}

TEST(ModelTest, UnnamedFreeDimensionsHaveNoSymbol) {
  Model model = LoadBytes(testing::UnnamedDimModel(), "unnamed.onnx");
  EXPECT_EQ(model.inputs()[0].TypeString(), "float32[?,4]");
  NamedValues out = model.run({{"x", Tensor::Zeros(ElementType::kFloat32, {5, 4})}});
  EXPECT_EQ(out[0].value.tensor().shape(), (Shape{5, 4}));
}

TEST(ModelTest, MissingFileIsALoadError) {
  try {
    Model::Load("/nonexistent/model.onnx");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_STREQ(e.what(), "while loading '/nonexistent/model.onnx': No such file or directory");
  }
}

TEST(ModelTest, DirectoryIsALoadError) {
  TempDir dir;
  try {
    Model::Load(dir.path());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "while loading '" + dir.path() + "': it is a directory, not a model file");
  }
}

TEST(ModelTest, GarbageIsALoadErrorWithOrtsReason) {
  TempDir dir;
  const std::string path = dir.File("garbage.onnx");
  testing::WriteFile(path, "this is not an ONNX model");
  try {
    Model::Load(path);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("while loading '" + path + "': ", 0), 0u) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(ModelTest, EmptyBytesAreALoadError) {
  EXPECT_THROW(Model::FromBytes(nullptr, 0, {}, "empty"), Error);
}

TEST(ModelTest, TypeConflictIsReportedWithTheNode) {
  try {
    LoadBytes(testing::DoubleFloatDivModel(), "div.onnx");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("while loading 'div.onnx': ", 0), 0u) << what;
    EXPECT_NE(what.find("Type parameter (T) of Optype (Div) bound to different types"), std::string::npos) << what;
    EXPECT_NE(what.find("Div_337"), std::string::npos) << what;
  }
}

TEST(ModelTest, UnknownOpIsReportedByName) {
  try {
    LoadBytes(testing::UnknownOpModel(), "dcn.onnx");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kLoad);
    EXPECT_NE(std::string(e.what()).find("DCNv2"), std::string::npos) << e.what();
  }
}

TEST(ModelTest, ProviderMissingFromThisBuildListsTheOnesItHas) {
  SessionConfig config;
  config.providers.push_back({"openvino", {}});
  try {
    LoadBytes(testing::AddModel(), "add.onnx", config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("provider 'openvino' is not in this ONNX Runtime build (it has: ", 0), 0u) << what;
    EXPECT_NE(what.find("cpu"), std::string::npos) << what;
  }
}

TEST(ModelTest, InvalidConfigIsRejectedBeforeLoading) {
  SessionConfig config;
  config.intra_op_threads = -1;
  try {
    LoadBytes(testing::AddModel(), "add.onnx", config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.category(), ErrorCategory::kConfig);
    EXPECT_NE(std::string(e.what()).find("intra_op_threads"), std::string::npos) << e.what();
  }
}

TEST(ModelTest, CpuProviderOptionsAreRefusedWithAPointerToMemorySettings) {
  SessionConfig config;
  config.providers.push_back({"cpu", {{"use_arena", "0"}}});
  try {
    LoadBytes(testing::AddModel(), "add.onnx", config);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "providers[0]: the cpu provider takes no options here; use the memory settings instead");
  }
}

TEST(ModelTest, EveryMemorySettingLoadsAndComputesTheSame) {
  const std::string bytes = testing::ConvNetModel();
  std::vector<float> input(2 * 3 * 64 * 64);
  for (std::size_t i = 0; i < input.size(); ++i) input[i] = static_cast<float>(i % 17) / 17.0f;
  NamedValues inputs{{"input", Tensor::Borrow(input.data(), input.size(), {2, 3, 64, 64})}};
  const NamedValues reference = LoadBytes(bytes, "conv.onnx").run(inputs);
  const Tensor& want = reference[0].value.tensor();

  std::vector<SessionConfig> configs(5);
  configs[0].memory.cpu_arena = false;
  configs[1].memory.memory_pattern = false;
  configs[2].memory.arena_extend_strategy = ArenaExtendStrategy::kSameAsRequested;
  configs[3].memory.arena_shrink_after_run = true;
  configs[4].optimization_level = OptimizationLevel::kDisabled;
  configs[4].intra_op_threads = 1;
  configs[4].allow_spinning = false;
  for (const SessionConfig& config : configs) {
    const NamedValues out = LoadBytes(bytes, "conv.onnx", config).run(inputs);
    const Tensor& got = out[0].value.tensor();
    ASSERT_EQ(got.shape(), want.shape()) << config.ToJson();
    for (std::size_t i = 0; i < got.buffer_elements(); ++i) {
      EXPECT_NEAR(got.data_as<float>()[i], want.data_as<float>()[i], 1e-4f) << config.ToJson();
    }
  }
}

// The session's arena through ORT's own counters: it grows in chunks as larger batches run, holds
// at least what it hands out, and a session without an arena has no counters at all.
TEST(ModelArenaStatsTest, TheArenaGrowsWithTheBatchAndHoldsWhatItHandsOut) {
  const Model model = LoadBytes(testing::ConvNetModel(), "conv.onnx");
  const std::optional<ArenaStats> before = model.arena_stats();
  ASSERT_TRUE(before.has_value());
  for (const int64_t batch : {1, 8}) {
    std::vector<float> input(static_cast<std::size_t>(batch) * 3 * 64 * 64, 0.5f);
    model.run({{"input", Tensor::Borrow(input.data(), input.size(), {batch, 3, 64, 64})}});
  }
  const std::optional<ArenaStats> after = model.arena_stats();
  ASSERT_TRUE(after.has_value());
  EXPECT_GT(after->total_allocated, before->total_allocated);
  EXPECT_GT(after->num_arena_extensions, before->num_arena_extensions);
  EXPECT_GT(after->num_allocs, before->num_allocs);
  EXPECT_GE(after->total_allocated, after->in_use);
  EXPECT_GE(after->max_in_use, after->in_use);
  // A batch of 8 convolved at 64x64 with 16 channels needs megabytes at once.
  EXPECT_GT(after->max_in_use, 1 << 20);
  // Copies share the session, and so its arena.
  const Model copy = model;
  EXPECT_EQ(copy.arena_stats()->total_allocated, after->total_allocated);
}

TEST(ModelArenaStatsTest, ASessionWithoutAnArenaHasNoCounters) {
  SessionConfig config;
  config.memory.cpu_arena = false;
  const Model model = LoadBytes(testing::ConvNetModel(), "conv.onnx", config);
  std::vector<float> input(3 * 64 * 64, 0.5f);
  model.run({{"input", Tensor::Borrow(input.data(), input.size(), {1, 3, 64, 64})}});
  EXPECT_FALSE(model.arena_stats().has_value());
}

TEST(ModelTest, SavesTheOptimisedModelWhenAsked) {
  TempDir dir;
  SessionConfig config;
  config.optimized_model_path = dir.File("optimised.onnx");
  LoadBytes(testing::ConvNetModel(), "conv.onnx", config);
  EXPECT_GT(std::filesystem::file_size(config.optimized_model_path), 0u);
}

TEST(ModelTest, WebGpuComputesWhatCpuComputes) {
  std::string why;
  if (!ProviderUsable("webgpu", &why)) GTEST_SKIP() << "WebGPU is not usable here: " << why;
  SessionConfig config;
  config.providers.push_back({"webgpu", {}});
  Model model = LoadBytes(testing::AddModel(), "add.onnx", config);
  EXPECT_EQ(model.providers(), (std::vector<std::string>{"WebGpuExecutionProvider", "CPUExecutionProvider"}));
  NamedValues out = model.run(AddInputs({1, 2, 3, 4, 5, 6}, {.5, .5, .5, .5, .5, .5}, 2));
  EXPECT_EQ(out[0].value.tensor().data_as<float>()[5], 6.5f);
}

}  // namespace
}  // namespace ortkit
