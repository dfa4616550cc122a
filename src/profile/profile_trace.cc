// ONNX Runtime's profile JSON read into kernel and session events.
#include "profile/profile_trace.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "core/scratch_dir.h"
#include "ortkit/error.h"

namespace ortkit::profile {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kKernelSuffix = "_kernel_time";
// 2^40 microseconds, 12.7 days: far beyond any profiled session, and small enough that sums of
// millions of events stay inside int64.
constexpr int64_t kMaxMicros = int64_t{1} << 40;

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class EventReader {
 public:
  EventReader(const Json& event, std::size_t index, const std::string& source)
      : event_(event), index_(index), source_(source) {}

  [[noreturn]] void Fail(const std::string& why) const {
    throw Error(ErrorCategory::kIo, "'" + source_ + "': not an ONNX Runtime profile: event " +
                                        std::to_string(index_) + " " + why);
  }

  std::string Text(const Json& object, const char* key, const char* where) const {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) Fail(std::string("has no string '") + where + key + "'");
    return it->get<std::string>();
  }

  // Times are whole microseconds since profiling began. Beyond [0, kMaxMicros] a value is not
  // ORT's: a double there can't even convert to int64, and the summaries' sums would overflow.
  int64_t Micros(const char* key) const {
    const auto it = event_.find(key);
    if (it == event_.end() || !it->is_number()) Fail(std::string("has no number '") + key + "'");
    const double value = it->get<double>();
    if (!(value >= 0 && value <= static_cast<double>(kMaxMicros))) {
      Fail(std::string("has '") + key + "' " + it->dump() + ", outside 0 to " + std::to_string(kMaxMicros) +
           " microseconds");
    }
    return it->is_number_integer() ? it->get<int64_t>() : static_cast<int64_t>(value);
  }

  // ORT writes indices as strings ("14"); accept numbers too. -1 when absent.
  int64_t Index(const Json& args, const char* key) const {
    const auto it = args.find(key);
    if (it == args.end()) return -1;
    if (it->is_number_integer()) return it->get<int64_t>();
    int64_t value = -1;
    const std::string text = it->is_string() ? it->get<std::string>() : "";
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      Fail(std::string("has a non-integer 'args.") + key + "'");
    }
    return value;
  }

 private:
  const Json& event_;
  std::size_t index_;
  const std::string& source_;
};

}  // namespace

const char* ToString(TraceLayout layout) noexcept {
  switch (layout) {
    case TraceLayout::kNodeIndex: return "node_index";
    case TraceLayout::kGraphIndex: return "graph_index/exec_plan_index";
    case TraceLayout::kUnknown: return "unknown";
  }
  return "unknown";
}

ProfileTrace ParseOrtProfile(const std::string& json_text, const std::string& source) {
  const std::string not_profile = "'" + source + "': not an ONNX Runtime profile: ";
  Json doc = Json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) throw Error(ErrorCategory::kIo, not_profile + "not valid JSON");
  if (doc.is_object() && doc.contains("traceEvents")) doc = doc["traceEvents"];
  if (!doc.is_array()) throw Error(ErrorCategory::kIo, not_profile + "expected an array of trace events");

  ProfileTrace trace;
  trace.source = source;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const Json& event = doc[i];
    const EventReader read(event, i, source);
    if (!event.is_object()) read.Fail("is not an object");
    const auto cat = event.find("cat");
    if (cat == event.end() || !cat->is_string()) continue;  // metadata events carry no category
    const std::string category = cat->get<std::string>();
    if (category == "Session") {
      trace.session_events.push_back({read.Text(event, "name", ""), read.Micros("ts"), read.Micros("dur")});
      continue;
    }
    if (category != "Node") continue;
    const std::string name = read.Text(event, "name", "");
    if (!EndsWith(name, kKernelSuffix)) continue;  // fence_before / fence_after (older ORT)
    const auto args = event.find("args");
    if (args == event.end() || !args->is_object()) read.Fail("has no 'args' object");
    KernelEvent k;
    k.node = name.substr(0, name.size() - kKernelSuffix.size());
    k.op_type = read.Text(*args, "op_name", "args.");
    k.provider = read.Text(*args, "provider", "args.");
    k.node_index = read.Index(*args, "node_index");
    if (k.node_index >= 0) {
      trace.layout = TraceLayout::kNodeIndex;
    } else if ((k.node_index = read.Index(*args, "graph_index")) >= 0) {
      k.exec_plan_index = read.Index(*args, "exec_plan_index");
      if (trace.layout == TraceLayout::kUnknown) trace.layout = TraceLayout::kGraphIndex;
    }
    k.ts_us = read.Micros("ts");
    k.dur_us = read.Micros("dur");
    if (const auto tid = event.find("tid"); tid != event.end() && tid->is_number_integer()) k.tid = tid->get<int64_t>();
    trace.kernels.push_back(std::move(k));
  }
  return trace;
}

ProfileTrace ReadOrtProfile(const std::string& path) { return ParseOrtProfile(core::ReadWholeFile(path), path); }

}  // namespace ortkit::profile
