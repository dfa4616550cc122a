// Opens a report in headless Chromium and gathers what the browser test judges: console
// messages, exceptions, error log entries (CSP refusals), network requests, each chart's inked
// pixels, and a full-page screenshot.
#pragma once

#include <string>
#include <vector>

namespace ortkit::testing {

struct CanvasCheck {
  std::string id;
  std::string state;  ///< the page's own data-chart-state ("drawn", "empty", "error: ...")
  long inked_pixels;  ///< pixels not fully transparent, counted by the test's own script
};

struct PageCheck {
  std::vector<std::string> console;     ///< every console.* call: "type: text"
  std::vector<std::string> exceptions;  ///< uncaught exceptions
  std::vector<std::string> log_errors;  ///< Log.entryAdded at warning or error (CSP refusals land here)
  std::vector<std::string> requests;    ///< URLs requested other than the page itself
  std::vector<std::string> dialogs;     ///< alert/confirm/prompt opened by the page
  std::string report_state;             ///< <body data-report-state>
  std::string page_errors;              ///< <body data-page-errors> (the page's own error record)
  int charts_expected = -1;
  int charts_drawn = -1;
  std::vector<CanvasCheck> canvases;
  std::string heading;                  ///< the <h1>'s text as the browser shows it
  /// The embedded graph view (section#graph), as the report recorded its iframe's message:
  /// has_graph false when the report has no such section; state "ready" with nodes "drawn/of".
  bool has_graph = false;
  std::string graph_state, graph_nodes;
  long screenshot_bytes = 0;
  long pdf_bytes = 0;                   ///< the page printed (A4), to see it prints

  /// Every problem above as one readable list ("" when the page is clean).
  std::string Problems() const;
};

/// Loads `html_path` (absolute) in a fresh headless Chromium (`user_data_dir` must be a fresh
/// empty directory) at 1280 px wide; when `screenshot_path` is not empty, writes a PNG of the
/// whole page there, and when `pdf_path` is not empty, prints the page to that PDF. Problems
/// during printing count too. Throws std::runtime_error when the browser cannot be driven.
PageCheck CheckPageInChromium(const std::string& chromium, const std::string& user_data_dir,
                              const std::string& html_path, const std::string& screenshot_path,
                              const std::string& pdf_path = "");

}  // namespace ortkit::testing
