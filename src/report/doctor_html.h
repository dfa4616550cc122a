// `ortkit doctor -o report.html`: the doctor JSON rendered as one self-contained HTML page.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace ortkit::report {

/// Renders `doctor` (the `ortkit doctor` JSON document, schema_version 1: model, environment,
/// request, verdicts, actions, steps[] each with its subcommand's --json as "result") as one
/// HTML page that needs nothing else: Chart.js, styles and script are inline, and a
/// Content-Security-Policy forbids any request. Sections: verdicts, actions, speed (bench),
/// memory (memcheck), where the time goes (profile), findings (check, fix), the model (inspect),
/// the commands that reproduce every figure, and the environment.
/// Robust to partial documents: a missing, null, failed, skipped or timed-out step makes its
/// section say so; unknown fields are ignored; a value of the wrong type reads as absent. All
/// text from the document is HTML-escaped; the document itself is embedded, escaped, in
/// <script type="application/json" id="ortkit-doctor-json">. Never throws on document content.
std::string RenderDoctorHtml(const nlohmann::json& doctor);

}  // namespace ortkit::report
