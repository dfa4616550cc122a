// Finding sizes of free dimensions that run.
#include "workload/size_probe.h"

#include <algorithm>
#include <chrono>
#include <limits>

#include <fmt/format.h>

#include "ortkit/error.h"

namespace ortkit::workload {
namespace {

using Clock = std::chrono::steady_clock;

// "" when the run succeeded, else what failed. Errors in building the inputs are not failures of
// a size: they propagate.
std::string TryRun(const Model& model, const InputRequest& request) {
  const std::vector<SeededInput> inputs = BuildSeededInputs(model.inputs(), request);
  NamedValues values;
  for (const auto& input : inputs) values.push_back(input.value);
  try {
    model.run(values);
    return {};
  } catch (const Error& e) {
    if (e.category() != ErrorCategory::kRun) throw;  // not a size ORT failed on: the caller's to report
    return e.what();
  }
}

// Axis-0 keys: batch dimensions, which the probe leaves at 1 when there are others to grow.
bool IsBatchAxis(const std::vector<ValueSpec>& specs, const std::string& key) {
  for (const auto& spec : specs) {
    if (spec.shape.empty() || spec.shape[0].is_fixed()) continue;
    const std::string first = spec.shape[0].symbol.empty() ? DimKey(spec.name, 0) : spec.shape[0].symbol;
    if (first == key) return true;
  }
  return false;
}

std::string Assign(const std::vector<std::string>& keys, int64_t size) {
  std::vector<std::string> parts;
  for (const auto& key : keys) parts.push_back(fmt::format("{}={}", key, size));
  return fmt::format("{}", fmt::join(parts, " "));
}

// The largest input at these sizes, in elements: the probe stops before inputs grow past
// kMaxProbeElements (several dimensions growing together multiply).
constexpr int64_t kMaxProbeElements = int64_t{1} << 26;

int64_t LargestInput(const std::vector<ValueSpec>& specs, const DimSizes& sizes) {
  int64_t largest = 0;
  for (const auto& spec : specs) {
    const auto count = ElementCount(ConcreteShape(spec, sizes));
    largest = std::max(largest, count.value_or(std::numeric_limits<int64_t>::max()));
  }
  return largest;
}

std::string DimFlags(const std::vector<std::string>& keys) {
  std::vector<std::string> parts;
  for (const auto& key : keys) parts.push_back("--dim " + key + "=...");
  return fmt::format("{}", fmt::join(parts, " "));
}

// The free dimensions sized by neither --dim nor the files already read.
std::vector<std::string> Unsized(const std::vector<ValueSpec>& specs, const InputRequest& request,
                                 const std::vector<SeededInput>& from_files) {
  const DimSizes shown = SizesShownByFiles(specs, from_files);
  std::vector<std::string> unsized;
  for (const auto& key : FreeDimKeys(specs)) {
    if (request.dims.count(key) == 0 && shown.count(key) == 0) unsized.push_back(key);
  }
  return unsized;
}

}  // namespace

std::string DescribeRunFailure(const std::string& message) {
  // ORT's "... while running Conv node. Name:'...' Status Message: ...", after ortkit's own
  // "while running 'model.onnx': " prefix: the op is the word before " node. Name:'".
  const std::string running = "while running ";
  const std::string name = " node. Name:'";
  const std::string status = "' Status Message: ";
  const auto n = message.find(name);
  const auto r = n == std::string::npos ? n : message.rfind(running, n);
  const auto s = r == std::string::npos ? r : message.find(status, n);
  if (s != std::string::npos) {
    const std::string op = message.substr(r + running.size(), n - r - running.size());
    const std::string node = message.substr(n + name.size(), s - n - name.size());
    std::string why = message.substr(s + status.size());
    why = why.substr(0, why.find('\n'));
    if (why.size() > 120) why = why.substr(0, 117) + "...";
    return fmt::format("in {} '{}' ({})", op, node, why);
  }
  std::string line = message.substr(0, message.find('\n'));
  if (line.size() > 160) line = line.substr(0, 157) + "...";
  return "(" + line + ")";
}

std::vector<std::string> UnsizedDims(const std::vector<ValueSpec>& specs, const InputRequest& request) {
  return Unsized(specs, request, ReadFileInputs(specs, request));
}

ProbeResult ProbeAfterFailure(const Model& model, const InputRequest& request, const std::string& failure,
                              const ProbeLimits& limits) {
  const auto start = Clock::now();
  const std::vector<ValueSpec>& specs = model.inputs();
  const std::vector<SeededInput> from_files = ReadFileInputs(specs, request);
  const std::vector<std::string> unsized = Unsized(specs, request, from_files);
  if (unsized.empty()) {
    throw Error(ErrorCategory::kInput, "every free dimension has a size: there is nothing to probe");
  }
  std::vector<std::string> vary;
  for (const auto& key : unsized) {
    if (!IsBatchAxis(specs, key)) vary.push_back(key);
  }
  if (vary.empty()) vary = unsized;
  ProbeResult result;
  result.tries = 1;  // the run that failed
  result.sizes = ResolveSizes(specs, request, from_files);
  const std::string at_one = fmt::format("{} failed {}", Assign(vary, 1), DescribeRunFailure(failure));
  std::string last_failure = failure;
  int64_t last_size = 1;
  for (int64_t size = 2; size <= limits.max_size; size *= 2) {
    if (std::chrono::duration<double>(Clock::now() - start).count() > limits.max_seconds) break;
    InputRequest attempt = request;
    for (const auto& key : vary) attempt.dims[key] = size;
    DimSizes at = result.sizes;
    for (const auto& key : vary) at[key] = size;
    if (LargestInput(specs, at) > kMaxProbeElements) break;
    ++result.tries;
    last_size = size;
    last_failure = TryRun(model, attempt);
    if (last_failure.empty()) {
      for (const auto& key : vary) result.sizes[key] = size;
      result.probed = vary;
      result.note = fmt::format("{}; {} is the smallest power of two that runs; using {}. Pass {} for your real sizes.",
                                at_one, Assign(vary, size), Assign(vary, size), DimFlags(vary));
      return result;
    }
  }
  throw Error(ErrorCategory::kInput,
              fmt::format("no size of {} up to {} runs ({}; {} failed {}); pass {} with sizes that fit the model, and "
                          "its other inputs with --input or --value",
                          fmt::join(vary, ", "), last_size, at_one, Assign(vary, last_size),
                          DescribeRunFailure(last_failure), DimFlags(vary)));
}

ProbeResult FindSizesThatRun(const Model& model, const InputRequest& request, const ProbeLimits& limits) {
  ProbeResult result;
  const std::vector<SeededInput> from_files = ReadFileInputs(model.inputs(), request);
  result.sizes = ResolveSizes(model.inputs(), request, from_files);
  // Every size given: nothing to find; a failure is the caller's own run's to report.
  if (Unsized(model.inputs(), request, from_files).empty()) return result;
  result.tries = 1;
  const std::string failure = TryRun(model, request);
  if (failure.empty()) return result;
  return ProbeAfterFailure(model, request, failure, limits);
}

}  // namespace ortkit::workload
