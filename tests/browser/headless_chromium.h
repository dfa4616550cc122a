// A headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe):
// the browser test opens a page, sees every console message, exception, log entry and network
// request of that page (and only that page's, unlike a browser-wide log), evaluates script and
// takes a full-page screenshot.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ortkit::testing {

/// The Chromium executable: $ORTKIT_CHROMIUM, else chromium, chromium-browser, google-chrome
/// or google-chrome-stable on PATH; nullopt when none is installed.
std::optional<std::string> FindChromium();

/// One browser process with one page. Throws std::runtime_error when the browser cannot start,
/// a command fails or an answer takes longer than `timeout`. The destructor closes the browser
/// (killing it if it does not exit) and never throws.
class HeadlessChromium {
 public:
  HeadlessChromium(const std::string& executable, const std::string& user_data_dir,
                   std::chrono::seconds timeout = std::chrono::seconds(20));
  ~HeadlessChromium();
  HeadlessChromium(const HeadlessChromium&) = delete;
  HeadlessChromium& operator=(const HeadlessChromium&) = delete;

  /// Sends a command to the page (its session) and returns its "result"; events that arrive
  /// meanwhile are kept in events().
  nlohmann::json Page(const std::string& method, nlohmann::json params = nlohmann::json::object());
  /// Reads until an event called `method` for the page arrives (or one already did).
  void WaitForEvent(const std::string& method);
  /// Every event of the page so far, in order ({"method", "params"}).
  const std::vector<nlohmann::json>& events() const { return events_; }

 private:
  nlohmann::json Send(const std::string& method, nlohmann::json params, const std::string& session);
  nlohmann::json ReadMessage();
  /// Closes the browser (Browser.close, then SIGKILL after 5 s) and the pipes; idempotent.
  void Shutdown() noexcept;

  pid_t pid_ = -1;
  int to_browser_ = -1;
  int from_browser_ = -1;
  std::chrono::seconds timeout_;
  int next_id_ = 1;
  std::string buffer_;
  std::string session_;
  std::vector<nlohmann::json> events_;
};

/// Decodes standard base64 (as in Page.captureScreenshot's "data").
std::string DecodeBase64(const std::string& text);

}  // namespace ortkit::testing
