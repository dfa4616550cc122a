// Tests of Runner, the IoBinding-backed repeated-run path.
#include "ortkit/runner.h"

#include <gtest/gtest.h>

#include "ortkit/error.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

Model AddModel() {
  const std::string bytes = testing::AddModel();
  return Model::FromBytes(bytes.data(), bytes.size(), {}, "add.onnx");
}

NamedValues AddInputs(float x, float y, int64_t batch) {
  std::vector<float> xs(static_cast<std::size_t>(batch) * 3, x), ys(xs.size(), y);
  return {{"x", Tensor::FromVector(xs, {batch, 3})}, {"y", Tensor::FromVector(ys, {batch, 3})}};
}

TEST(RunnerTest, RepeatedRunsGiveFreshCorrectOutputs) {
  Runner runner = AddModel().runner();
  NamedValues first = runner.run(AddInputs(1, 2, 1));
  NamedValues second = runner.run(AddInputs(10, 20, 1));
  // The first run's outputs are the caller's: the second run must not overwrite them.
  EXPECT_EQ(first[0].value.tensor().data_as<float>()[0], 3.0f);
  EXPECT_EQ(second[0].value.tensor().data_as<float>()[0], 30.0f);
}

TEST(RunnerTest, ShapesMayChangeBetweenRuns) {
  Runner runner = AddModel().runner();
  EXPECT_EQ(runner.run(AddInputs(1, 1, 1))[0].value.tensor().shape(), (Shape{1, 3}));
  EXPECT_EQ(runner.run(AddInputs(1, 1, 7))[0].value.tensor().shape(), (Shape{7, 3}));
  EXPECT_EQ(runner.run(AddInputs(1, 1, 2))[0].value.tensor().shape(), (Shape{2, 3}));
}

TEST(RunnerTest, InputOrderMayChangeBetweenRuns) {
  Runner runner = AddModel().runner();
  NamedValues inputs = AddInputs(1, 5, 1);
  runner.run(inputs);
  std::swap(inputs[0], inputs[1]);
  EXPECT_EQ(runner.run(inputs)[0].value.tensor().data_as<float>()[1], 6.0f);
}

TEST(RunnerTest, OutlivesTheModelItCameFrom) {
  std::unique_ptr<Runner> runner;
  {
    Model model = AddModel();
    runner = std::make_unique<Runner>(model);
  }
  EXPECT_EQ(runner->run(AddInputs(2, 2, 1))[0].value.tensor().data_as<float>()[0], 4.0f);
}

TEST(RunnerTest, ValidatesLikeModelRun) {
  Runner runner = AddModel().runner();
  try {
    runner.run({{"x", Tensor::Zeros(ElementType::kFloat32, {1, 3})}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "missing input 'y' (float32[batch,3]) for 'add.onnx'; given: x");
  }
}

TEST(RunnerTest, RefusesSequencesWithAPointerToModelRun) {
  const std::string bytes = testing::SequenceModel();
  Model model = Model::FromBytes(bytes.data(), bytes.size(), {}, "seq.onnx");
  Runner runner(model);
  Tensor two = Tensor::Zeros(ElementType::kFloat32, {2});
  try {
    runner.run({{"a", two}, {"b", two}, {"s", Value::Sequence({two})}});
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "input 's': Runner takes tensors only (got sequence<float32[2]> of 1); use Model::run for "
                 "sequences and maps");
  }
}

TEST(RunnerTest, SelectsOutputs) {
  const std::string bytes = testing::MixedTypesModel();
  Runner runner(Model::FromBytes(bytes.data(), bytes.size()));
  NamedValues inputs{{"ids", Tensor::FromVector<int64_t>({7}, {1, 1})},
                     {"mask", Tensor::FromBools({true}, {1, 1})},
                     {"scale", Tensor::FromVector<double>({1.5}, {})}};
  NamedValues out = runner.run(inputs, {"scale_sq"});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].value.tensor().data_as<double>()[0], 2.25);
  EXPECT_EQ(runner.run(inputs).size(), 3u);
}

}  // namespace
}  // namespace ortkit
