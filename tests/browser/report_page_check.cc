// CheckPageInChromium: one page load observed over the DevTools protocol.
#include "browser/report_page_check.h"

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "browser/headless_chromium.h"

namespace ortkit::testing {

using nlohmann::json;

namespace {

constexpr int kWidth = 1280;

// Counted by the test itself, so a page that only claims to have drawn does not pass.
constexpr const char* kProbe = R"JS(JSON.stringify({
  state: document.body.getAttribute('data-report-state') || '',
  errors: document.body.getAttribute('data-page-errors') || '',
  expected: Number(document.body.getAttribute('data-charts-expected') || -1),
  drawn: Number(document.body.getAttribute('data-charts-drawn') || -1),
  heading: (document.querySelector('h1') || {textContent: ''}).textContent,
  graph: !!document.querySelector('section#graph iframe'),
  graph_state: (document.getElementById('graph') || {getAttribute: function () { return ''; }}).getAttribute('data-graph-state') || '',
  graph_nodes: (document.getElementById('graph') || {getAttribute: function () { return ''; }}).getAttribute('data-graph-nodes') || '',
  height: Math.ceil(document.documentElement.scrollHeight),
  canvases: Array.from(document.querySelectorAll('canvas')).map(function (c) {
    var inked = 0;
    if (c.width && c.height) {
      var copy = document.createElement('canvas');
      copy.width = c.width;
      copy.height = c.height;
      var context = copy.getContext('2d', {willReadFrequently: true});
      context.drawImage(c, 0, 0);
      var d = context.getImageData(0, 0, c.width, c.height).data;
      for (var i = 3; i < d.length; i += 4) if (d[i] !== 0) inked++;
    }
    return {id: c.id, state: c.getAttribute('data-chart-state') || '', inked: inked};
  })
}))JS";

std::string ConsoleText(const json& params) {
  std::string text = params.value("type", "log") + ":";
  for (const json& arg : params.value("args", json::array())) {
    text += " " + (arg.contains("value") ? (arg["value"].is_string() ? arg["value"].get<std::string>() : arg["value"].dump())
                                         : arg.value("description", arg.value("type", "?")));
  }
  return text;
}

void Collect(const std::vector<json>& events, const std::string& page_url, PageCheck& check) {
  for (const json& event : events) {
    const std::string method = event["method"];
    const json& params = event["params"];
    if (method == "Runtime.consoleAPICalled") {
      check.console.push_back(ConsoleText(params));
    } else if (method == "Runtime.exceptionThrown") {
      const json details = params.value("exceptionDetails", json::object());
      check.exceptions.push_back(details.value("exception", json::object()).value("description", details.value("text", "?")));
    } else if (method == "Log.entryAdded") {
      const json entry = params.value("entry", json::object());
      const std::string level = entry.value("level", "");
      if (level == "error" || level == "warning") check.log_errors.push_back(level + ": " + entry.value("text", ""));
    } else if (method == "Network.requestWillBeSent") {
      const std::string url = params.value("request", json::object()).value("url", "");
      if (url != page_url) check.requests.push_back(url);
    } else if (method == "Page.javascriptDialogOpening") {
      check.dialogs.push_back(params.value("message", ""));
    }
  }
}

}  // namespace

std::string PageCheck::Problems() const {
  std::string out;
  auto list = [&out](const char* what, const std::vector<std::string>& items) {
    for (const std::string& item : items) out += std::string(what) + ": " + item + "\n";
  };
  list("console message", console);
  list("uncaught exception", exceptions);
  list("log entry", log_errors);
  list("network request", requests);
  list("dialog", dialogs);
  if (!page_errors.empty()) out += "page's own error record: " + page_errors + "\n";
  if (report_state != "ready") out += "report state '" + report_state + "', not 'ready'\n";
  if (has_graph && graph_state != "ready") out += "graph view state '" + graph_state + "', not 'ready'\n";
  if (charts_drawn != charts_expected) {
    out += "charts drawn " + std::to_string(charts_drawn) + " of " + std::to_string(charts_expected) + "\n";
  }
  if (static_cast<int>(canvases.size()) != charts_expected) {
    out += std::to_string(canvases.size()) + " canvases for " + std::to_string(charts_expected) + " charts\n";
  }
  for (const CanvasCheck& canvas : canvases) {
    // A chart with axes and labels but no data still inks a few thousand pixels; any real
    // chart at this size inks far more than this floor, an empty canvas none.
    if (canvas.state != "drawn" || canvas.inked_pixels < 2000) {
      out += "canvas " + canvas.id + ": state '" + canvas.state + "', " + std::to_string(canvas.inked_pixels) +
             " inked pixels\n";
    }
  }
  return out;
}

PageCheck CheckPageInChromium(const std::string& chromium, const std::string& user_data_dir,
                              const std::string& html_path, const std::string& screenshot_path,
                              const std::string& pdf_path) {
  HeadlessChromium browser(chromium, user_data_dir);
  for (const char* domain : {"Runtime.enable", "Log.enable", "Network.enable", "Page.enable"}) browser.Page(domain);
  browser.Page("Emulation.setDeviceMetricsOverride",
               {{"width", kWidth}, {"height", 900}, {"deviceScaleFactor", 1}, {"mobile", false}});
  const std::string url = "file://" + html_path;
  browser.Page("Page.navigate", {{"url", url}});
  browser.WaitForEvent("Page.loadEventFired");
  const auto run_probe = [&] {
    return json::parse(browser.Page("Runtime.evaluate", {{"expression", kProbe}, {"returnByValue", true}})
                           .at("result").at("value").get<std::string>());
  };
  json probe = run_probe();
  // The graph view's iframe tells the report how it drew in a message, a task after its load.
  for (int i = 0; i < 50 && probe["graph"].get<bool>() && probe["graph_state"].get<std::string>().empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    probe = run_probe();
  }

  PageCheck check;
  check.report_state = probe["state"];
  check.page_errors = probe["errors"];
  check.charts_expected = probe["expected"];
  check.charts_drawn = probe["drawn"];
  check.heading = probe["heading"];
  check.has_graph = probe["graph"];
  check.graph_state = probe["graph_state"];
  check.graph_nodes = probe["graph_nodes"];
  for (const json& canvas : probe["canvases"]) check.canvases.push_back({canvas["id"], canvas["state"], canvas["inked"]});

  if (!screenshot_path.empty()) {
    // The viewport grown to the page's height: one image of the whole report. Charts keep
    // their size (only the width drives their layout).
    const int height = std::max(900, probe["height"].get<int>());
    browser.Page("Emulation.setDeviceMetricsOverride",
                 {{"width", kWidth}, {"height", height}, {"deviceScaleFactor", 1}, {"mobile", false}});
    const json shot = browser.Page("Page.captureScreenshot", {{"format", "png"}});
    const std::string png = DecodeBase64(shot.at("data").get<std::string>());
    std::ofstream(screenshot_path, std::ios::binary) << png;
    check.screenshot_bytes = static_cast<long>(png.size());
  }
  if (!pdf_path.empty()) {
    const json pdf = browser.Page("Page.printToPDF", {{"paperWidth", 8.27}, {"paperHeight", 11.69}, {"printBackground", true}});
    const std::string bytes = DecodeBase64(pdf.at("data").get<std::string>());
    std::ofstream(pdf_path, std::ios::binary) << bytes;
    check.pdf_bytes = static_cast<long>(bytes.size());
  }
  Collect(browser.events(), url, check);
  return check;
}

}  // namespace ortkit::testing
