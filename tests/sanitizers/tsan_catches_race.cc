// The ThreadSanitizer check must be able to fail: with ORT running in the process and the
// suppressions of tests/sanitizers/tsan.supp in force, two threads that each run a copy of one
// model and then update an unguarded counter are reported. Registered with a pass expression
// on TSan's report in the TSan build only.
#include <atomic>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "ortkit/model.h"
#include "testing/test_models.h"

int main() {
  const std::string bytes = ortkit::testing::AddModel();
  const ortkit::Model model = ortkit::Model::FromBytes(bytes.data(), bytes.size(), {}, "add.onnx");
  long runs = 0;  // deliberately unguarded: the race TSan must see
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&runs, &ready, copy = model] {
      std::vector<float> x(3, 1.0f), y(3, 2.0f);
      copy.run({{"x", ortkit::Tensor::Borrow(x.data(), x.size(), {1, 3})},
                {"y", ortkit::Tensor::Borrow(y.data(), y.size(), {1, 3})}});
      // Both threads get past their runs before either updates the counter: whatever ORT's
      // intercepted mutexes order during the runs, nothing orders the two updates.
      ready.fetch_add(1);
      while (ready.load() < 2) std::this_thread::yield();
      ++runs;
    });
  }
  for (auto& th : threads) th.join();
  std::printf("runs: %ld\n", runs);
  return 0;
}
