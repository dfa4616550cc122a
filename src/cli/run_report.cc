// Text and JSON renderers of one `ortkit run`'s report.
#include "cli/run_report.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "report/text_table.h"

namespace ortkit::cli {
namespace {

using report::TextTable;

using Json = nlohmann::ordered_json;  // keys in the order written, for people reading the output

std::string Number(const std::optional<double>& v, bool integral) {
  if (!v) return "-";
  return integral ? fmt::format("{:.0f}", *v) : fmt::format("{:.6g}", *v);
}

std::string Quote(const std::string& s) { return "\"" + Shorten(s, 40) + "\""; }

// The shape column: a tensor's shape, else how many elements the value holds.
std::string ShapeCell(ValueKind kind, const Shape& shape, int64_t elements) {
  switch (kind) {
    case ValueKind::kTensor: return ShapeToString(shape);
    case ValueKind::kSequence: return fmt::format("{} element{}", elements, elements == 1 ? "" : "s");
    case ValueKind::kMap: return fmt::format("{} {}", elements, elements == 1 ? "entry" : "entries");
    case ValueKind::kOptional: return "-";
  }
  return "-";
}

// JSON: "shape" for tensors, "elements" for sequences and maps, neither for an absent optional.
void AddShape(Json& j, ValueKind kind, const Shape& shape, int64_t elements) {
  if (kind == ValueKind::kTensor) j["shape"] = shape;
  if (kind != ValueKind::kOptional) j["elements"] = elements;
}

void RenderOutputs(const RunReport& report, std::ostream& out) {
  TextTable table({"name", "type", "shape", "min", "max", "mean", "nan", "inf"},
                  {false, false, false, true, true, true, true, true});
  std::vector<std::string> notes;
  for (const OutputSummary& o : report.outputs) {
    if (o.stats) {
      const NumericStats& s = *o.stats;
      table.AddRow({o.name, o.type, ShapeCell(o.kind, o.shape, o.elements), Number(s.min, s.integral), Number(s.max, s.integral),
                    Number(s.mean, false), std::to_string(s.nan), std::to_string(s.inf)});
    } else {
      table.AddRow({o.name, o.type, ShapeCell(o.kind, o.shape, o.elements), "-", "-", "-", "-", "-"});
    }
    if (!o.first_strings.empty()) {
      std::string values;
      for (const auto& s : o.first_strings) values += (values.empty() ? "" : ", ") + Quote(s);
      if (o.elements > static_cast<int64_t>(o.first_strings.size())) values += ", ...";
      notes.push_back(fmt::format("{}: {} ({} strings)", o.name, values, o.elements));
    }
    if (!o.note.empty()) notes.push_back(o.name + ": " + o.note);
  }
  table.Render(out, 2);
  for (const auto& note : notes) out << "  " << note << "\n";
}

void RenderSaved(const RunReport& report, std::ostream& out) {
  out << "\nsaved to " << report.save_dir << "\n";
  TextTable table({"output", "files"});
  for (const SavedOutput& s : report.saved) {
    const std::string files = fmt::format("{}", fmt::join(s.files, ", "));
    table.AddRow({s.name, s.skipped.empty() ? files : "skipped: " + s.skipped});
  }
  table.Render(out, 2);
}

Json JsonNumber(const std::optional<double>& v, bool integral) {
  if (!v) return nullptr;
  if (!integral) return *v;
  return *v < 0 ? Json(static_cast<int64_t>(*v)) : Json(static_cast<uint64_t>(*v));
}

Json OutputJson(const OutputSummary& o) {
  Json j{{"name", o.name}, {"kind", ToString(o.kind)}, {"type", o.type}};
  AddShape(j, o.kind, o.shape, o.elements);
  if (o.stats) {
    j["min"] = JsonNumber(o.stats->min, o.stats->integral);
    j["max"] = JsonNumber(o.stats->max, o.stats->integral);
    j["mean"] = JsonNumber(o.stats->mean, false);
    j["nan"] = o.stats->nan;
    j["inf"] = o.stats->inf;
  }
  if (o.type == "string" && o.kind == ValueKind::kTensor) j["first"] = o.first_strings;
  if (!o.note.empty()) j["note"] = o.note;
  return j;
}

}  // namespace

void RenderRunText(const RunReport& report, std::ostream& out) {
  const std::string providers = fmt::format("{}", fmt::join(report.providers, ", "));
  out << fmt::format("model      {}\n", report.model);
  out << fmt::format("providers  {}\n", providers);
  out << fmt::format("load       {}\n", FormatMs(report.load_ms));
  out << fmt::format("run        {}{}\n", FormatMs(report.run_ms),
                     report.probe_runs > 0 ? fmt::format(" (after {} runs that found the sizes)", report.probe_runs)
                                           : "");

  out << "\ninputs\n";
  TextTable inputs({"name", "type", "shape", "source"});
  for (const InputSummary& i : report.inputs) {
    inputs.AddRow({i.name, i.type, ShapeCell(i.kind, i.shape, i.elements), i.source});
  }
  inputs.Render(out, 2);
  for (const auto& note : report.notes) out << "  " << note << "\n";

  out << "\noutputs\n";
  RenderOutputs(report, out);
  if (!report.save_dir.empty()) RenderSaved(report, out);
}

void RenderRunJson(const RunReport& report, std::ostream& out) {
  Json inputs = Json::array();
  for (const InputSummary& i : report.inputs) {
    Json j{{"name", i.name}, {"kind", ToString(i.kind)}, {"type", i.type}};
    AddShape(j, i.kind, i.shape, i.elements);
    j["source"] = i.source;
    inputs.push_back(std::move(j));
  }
  Json outputs = Json::array();
  for (const OutputSummary& o : report.outputs) outputs.push_back(OutputJson(o));

  Json doc{{"model", report.model},       {"providers", report.providers}, {"load_ms", report.load_ms},
           {"run_ms", report.run_ms},     {"probe_runs", report.probe_runs}, {"seed", report.seed},
           {"sizes", report.sizes},       {"probed", report.probed},      {"notes", report.notes},         {"inputs", std::move(inputs)},
           {"outputs", std::move(outputs)}};
  if (!report.save_dir.empty()) {
    Json saved = Json::array();
    for (const SavedOutput& s : report.saved) {
      Json j{{"name", s.name}, {"files", s.files}};
      if (!s.skipped.empty()) j["skipped"] = s.skipped;
      saved.push_back(std::move(j));
    }
    doc["save_dir"] = report.save_dir;
    doc["saved"] = std::move(saved);
  }
  // Names and strings come from the model: invalid UTF-8 is replaced rather than thrown on.
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace ortkit::cli
