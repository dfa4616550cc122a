// Text and JSON renderers of `ortkit compare`'s report.
#include "report/compare_render.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/text_table.h"

namespace ortkit::report {
namespace {

using compare::CompareReport;
using compare::OutputDiff;
using compare::SideReport;
using Json = nlohmann::ordered_json;  // keys in the order written, for people reading the output


// One value when both sides agree, "a / b" when they don't.
std::string Pair(const std::string& a, const std::string& b) { return a == b ? a : a + " / " + b; }

// Types are element type names for tensors only ("sequence<float32>", "none", "missing" else).
bool IsTensorType(const std::string& type) { return ParseElementType(type).has_value(); }

std::string ShapeOrDash(const std::string& type, const Shape& shape) {
  return IsTensorType(type) ? ShapeToString(shape) : "-";
}

std::string ShapeCell(const OutputDiff& d) {
  return Pair(ShapeOrDash(d.type_a, d.shape_a), ShapeOrDash(d.type_b, d.shape_b));
}

// Milliseconds as `run` shows them; golden tests mask "<number> ms".
std::string Ms(double ms) { return fmt::format("{:.2f} ms", ms); }

// Times go on lines of their own: in the table they would change its column widths from run to run.
void RenderSides(const CompareReport& report, std::ostream& out) {
  TextTable sides({"side", "model", "providers", "optimization"});
  sides.AddRow({"A", report.a.model, fmt::format("{}", fmt::join(report.a.providers, ", ")), ToString(report.a.optimization)});
  sides.AddRow({"B", report.b.model, fmt::format("{}", fmt::join(report.b.providers, ", ")), ToString(report.b.optimization)});
  sides.Render(out);
  out << fmt::format("load  A {}, B {}\n", Ms(report.a.load_ms), Ms(report.b.load_ms));
  out << fmt::format("run   A {}, B {}\n", Ms(report.a.run_ms), Ms(report.b.run_ms));
}

void RenderOutputs(const compare::Comparison& comparison, std::ostream& out) {
  TextTable table({"name", "type", "shape", "max abs", "max rel", "mismatches", "nan A/B", "inf A/B", "result"},
                  {false, false, false, true, true, true, true, true, false});
  std::vector<std::string> notes;
  for (const OutputDiff& d : comparison.outputs) {
    table.AddRow({d.name, Pair(d.type_a, d.type_b), ShapeCell(d), fmt::format("{:.6g}", d.max_abs),
                  fmt::format("{:.6g}", d.max_rel), fmt::format("{}/{}", d.mismatches, d.elements),
                  fmt::format("{}/{}", d.nan_a, d.nan_b), fmt::format("{}/{}", d.inf_a, d.inf_b),
                  d.pass ? "pass" : "FAIL"});
    if (!d.note.empty() && d.note != "exact" && d.note != "none") notes.push_back(d.name + ": " + d.note);
  }
  table.Render(out, 2);
  for (const auto& note : notes) out << "  " << note << "\n";
}

std::string ResultLine(const compare::Comparison& comparison, const char* what) {
  const auto& outputs = comparison.outputs;
  std::vector<std::string> failed;
  for (const auto& d : outputs) {
    if (!d.pass) failed.push_back(d.name);
  }
  if (failed.empty()) return fmt::format("pass ({} of {} {} match)", outputs.size(), outputs.size(), what);
  return fmt::format("FAIL ({} of {} {} differ: {})", failed.size(), outputs.size(), what,
                     fmt::format("{}", fmt::join(failed, ", ")));
}

Json SideJson(const SideReport& side) {
  return Json{{"model", side.model},        {"providers", side.providers}, {"optimization", ToString(side.optimization)},
              {"load_ms", side.load_ms},    {"run_ms", side.run_ms}};
}

Json OutputJson(const OutputDiff& d) {
  Json j{{"name", d.name}, {"type_a", d.type_a}, {"type_b", d.type_b}};
  if (IsTensorType(d.type_a)) j["shape_a"] = d.shape_a;
  if (IsTensorType(d.type_b)) j["shape_b"] = d.shape_b;
  j["elements"] = d.elements;
  j["max_abs"] = d.max_abs;
  j["max_rel"] = d.max_rel;
  j["mismatches"] = d.mismatches;
  j["nan_a"] = d.nan_a;
  j["nan_b"] = d.nan_b;
  j["inf_a"] = d.inf_a;
  j["inf_b"] = d.inf_b;
  j["pass"] = d.pass;
  if (!d.note.empty()) j["note"] = d.note;
  return j;
}

}  // namespace

void RenderCompareText(const CompareReport& report, std::ostream& out) {
  RenderSides(report, out);
  out << "\n";
  out << fmt::format("seed       {}\n", report.seed);
  out << fmt::format("tolerance  |A - B| <= atol + rtol * |B|, rtol {}, atol {}\n", report.tolerance.rtol,
                     report.tolerance.atol);

  out << "\ninputs\n";
  TextTable inputs({"name", "type", "shape", "source"});
  for (const auto& i : report.inputs) {
    inputs.AddRow({i.name, i.type, ShapeOrDash(i.type, i.shape), i.source});
  }
  inputs.Render(out, 2);
  for (const auto& note : report.notes) out << "  " << note << "\n";

  out << "\noutputs\n";
  RenderOutputs(report.comparison, out);
  if (!report.saved_files.empty()) {
    out << "\nsaved\n";
    for (const auto& file : report.saved_files) out << "  " << file << "\n";
  }
  out << "\nresult  " << ResultLine(report.comparison, "outputs") << "\n";
}

void RenderCompareJson(const CompareReport& report, std::ostream& out) {
  Json inputs = Json::array();
  for (const auto& i : report.inputs) {
    Json j{{"name", i.name}, {"type", i.type}};
    if (IsTensorType(i.type)) j["shape"] = i.shape;
    j["source"] = i.source;
    inputs.push_back(std::move(j));
  }
  Json outputs = Json::array();
  for (const OutputDiff& d : report.comparison.outputs) outputs.push_back(OutputJson(d));
  Json doc{{"a", SideJson(report.a)},
           {"b", SideJson(report.b)},
           {"seed", report.seed},
           {"tolerance", Json{{"rtol", report.tolerance.rtol}, {"atol", report.tolerance.atol}}},
           {"inputs", std::move(inputs)},
           {"notes", report.notes},
           {"outputs", std::move(outputs)}};
  if (!report.saved_files.empty()) doc["saved"] = report.saved_files;
  doc["pass"] = report.comparison.pass;
  // Names come from the model: invalid UTF-8 is replaced rather than thrown on.
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void RenderTensorCompareText(const compare::TensorFilesReport& report, std::ostream& out) {
  out << fmt::format("A          {}\n", report.a);
  out << fmt::format("B          {}\n", report.b);
  out << fmt::format("tolerance  |A - B| <= atol + rtol * |B|, rtol {}, atol {}\n", report.tolerance.rtol,
                     report.tolerance.atol);
  out << "\ntensors\n";
  RenderOutputs(report.comparison, out);
  out << "\nresult  " << ResultLine(report.comparison, "tensors") << "\n";
}

void RenderTensorCompareJson(const compare::TensorFilesReport& report, std::ostream& out) {
  Json tensors = Json::array();
  for (const OutputDiff& d : report.comparison.outputs) tensors.push_back(OutputJson(d));
  const Json doc{{"a", report.a},
                 {"b", report.b},
                 {"tolerance", Json{{"rtol", report.tolerance.rtol}, {"atol", report.tolerance.atol}}},
                 {"tensors", std::move(tensors)},
                 {"pass", report.comparison.pass}};
  out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace ortkit::report
