// Many threads sharing copies of one model: every result must be right.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "ortkit/model.h"
#include "ortkit/runner.h"
#include "testing/test_models.h"

namespace ortkit {
namespace {

constexpr int kThreads = 8;
constexpr int kRunsPerThread = 1000;

// Thread t, run i adds (t, i) to (i, t) for a batch that varies with i: any mix-up between
// threads or runs shows as a wrong sum or shape.
template <typename RunFn>
int CountWrongResults(const Model& shared, RunFn run_fn) {
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t, model = shared] {  // each thread holds its own copy
      auto state = run_fn(model);
      for (int i = 0; i < kRunsPerThread; ++i) {
        const int64_t batch = 1 + i % 4;
        std::vector<float> x(static_cast<std::size_t>(batch) * 3, static_cast<float>(t));
        std::vector<float> y(x.size(), static_cast<float>(i));
        NamedValues out = state({{"x", Tensor::Borrow(x.data(), x.size(), {batch, 3})},
                                 {"y", Tensor::Borrow(y.data(), y.size(), {batch, 3})}});
        const Tensor& z = out[0].value.tensor();
        bool ok = z.shape() == Shape{batch, 3};
        for (std::size_t k = 0; ok && k < x.size(); ++k) ok = z.data_as<float>()[k] == static_cast<float>(t + i);
        if (!ok) ++wrong;
      }
    });
  }
  for (auto& th : threads) th.join();
  return wrong.load();
}

Model SharedAddModel() {
  const std::string bytes = testing::AddModel();
  return Model::FromBytes(bytes.data(), bytes.size(), {}, "add.onnx");
}

TEST(ModelThreadsTest, EightThreadsShareOneSessionThroughModelRun) {
  Model model = SharedAddModel();
  const int wrong = CountWrongResults(model, [](const Model& m) {
    return [m](const NamedValues& in) { return m.run(in); };
  });
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(model.use_count(), 1);  // every thread's copy is gone
}

TEST(ModelThreadsTest, EightThreadsEachWithARunner) {
  Model model = SharedAddModel();
  const int wrong = CountWrongResults(model, [](const Model& m) {
    auto runner = std::make_shared<Runner>(m);
    return [runner](const NamedValues& in) { return runner->run(in); };
  });
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace ortkit
