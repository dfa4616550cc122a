// HeadlessChromium: the DevTools protocol over --remote-debugging-pipe. The browser reads
// commands from its fd 3 and writes answers and events to its fd 4, each a JSON text ended by
// a NUL byte.
#include "browser/headless_chromium.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace ortkit::testing {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::optional<std::string> FindChromium() {
  if (const char* chosen = std::getenv("ORTKIT_CHROMIUM"); chosen != nullptr && *chosen != '\0') {
    return std::string(chosen);
  }
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    size_t start = 0;
    while (start <= dirs.size()) {
      const size_t end = std::min(dirs.find(':', start), dirs.size());
      const std::filesystem::path candidate = std::filesystem::path(dirs.substr(start, end - start)) / name;
      if (!dirs.substr(start, end - start).empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
      start = end + 1;
    }
  }
  return std::nullopt;
}

namespace {

struct Pipe {
  int read = -1;
  int write = -1;
};

Pipe MakePipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  return {fds[0], fds[1]};
}

}  // namespace

HeadlessChromium::HeadlessChromium(const std::string& executable, const std::string& user_data_dir,
                                   std::chrono::seconds timeout)
    : timeout_(timeout) {
  // A browser that died must fail the test with a message, not kill it with SIGPIPE on write.
  signal(SIGPIPE, SIG_IGN);
  Pipe commands = MakePipe();  // we write, the browser reads on its fd 3
  Pipe answers = MakePipe();   // the browser writes on its fd 4, we read
  // The flags of issue 6, plus the pipe; about:blank so no page loads before we listen.
  std::vector<std::string> args = {executable,
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-background-networking",
                                    "--no-first-run",
                                    "--no-default-browser-check",
                                    "--disable-extensions",
                                    "--hide-scrollbars",
                                    "--force-device-scale-factor=1",
                                    // Whatever the page asks for, nothing leaves this machine.
                                    "--host-resolver-rules=MAP * ~NOTFOUND",
                                    "--user-data-dir=" + user_data_dir,
                                    "--remote-debugging-pipe",
                                    "about:blank"};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, commands.read, 3);
  posix_spawn_file_actions_adddup2(&actions, answers.write, 4);
  // Chromium's own chatter (D-Bus, GPU) is not the page's: keep it out of the test output.
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const int spawned = posix_spawn(&pid_, executable.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(commands.read);
  close(answers.write);
  to_browser_ = commands.write;
  from_browser_ = answers.read;
  if (spawned != 0) {
    pid_ = -1;
    Shutdown();  // closes the pipes
    throw std::runtime_error("cannot start " + executable + ": " + std::strerror(spawned));
  }

  try {
    // Attach to the page about:blank opened in; "flatten" puts its messages on this pipe.
    const json targets = Send("Target.getTargets", json::object(), "");
    std::string target_id;
    for (const json& info : targets.at("targetInfos")) {
      if (info.value("type", "") == "page") target_id = info.at("targetId").get<std::string>();
    }
    if (target_id.empty()) target_id = Send("Target.createTarget", {{"url", "about:blank"}}, "").at("targetId");
    session_ = Send("Target.attachToTarget", {{"targetId", target_id}, {"flatten", true}}, "").at("sessionId");
  } catch (...) {
    Shutdown();  // no destructor runs for a half-built object: stop the browser here
    throw;
  }
}

HeadlessChromium::~HeadlessChromium() { Shutdown(); }

void HeadlessChromium::Shutdown() noexcept {
  if (pid_ > 0) {
    try {
      Send("Browser.close", json::object(), "");
    } catch (...) {
      // The browser may be gone already; it is killed below if not.
    }
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (Clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (to_browser_ >= 0) close(to_browser_);
  if (from_browser_ >= 0) close(from_browser_);
  pid_ = -1;
  to_browser_ = from_browser_ = -1;
}

json HeadlessChromium::Page(const std::string& method, json params) { return Send(method, std::move(params), session_); }

json HeadlessChromium::Send(const std::string& method, json params, const std::string& session) {
  const int id = next_id_++;
  json message = {{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session.empty()) message["sessionId"] = session;
  std::string text = message.dump();
  text.push_back('\0');
  for (size_t written = 0; written < text.size();) {
    const ssize_t n = write(to_browser_, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the browser closed its pipe before " + method);
    written += static_cast<size_t>(n);
  }
  for (;;) {
    json answer = ReadMessage();
    if (answer.contains("id") && answer["id"] == id) {
      if (answer.contains("error")) throw std::runtime_error(method + " failed: " + answer["error"].dump());
      return answer.value("result", json::object());
    }
  }
}

void HeadlessChromium::WaitForEvent(const std::string& method) {
  for (const json& event : events_) {
    if (event["method"] == method) return;
  }
  for (;;) {
    if (ReadMessage().value("method", "") == method) return;
  }
}

json HeadlessChromium::ReadMessage() {
  const auto deadline = Clock::now() + timeout_;
  for (;;) {
    const size_t end = buffer_.find('\0');
    if (end != std::string::npos) {
      json message = json::parse(buffer_.substr(0, end));
      buffer_.erase(0, end + 1);
      if (message.contains("method") && message.value("sessionId", "") == session_ && !session_.empty()) {
        events_.push_back({{"method", message["method"]}, {"params", message.value("params", json::object())}});
      }
      return message;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) throw std::runtime_error("no answer from the browser within the timeout");
    pollfd fd = {from_browser_, POLLIN, 0};
    const int ready = poll(&fd, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    char chunk[65536];
    const ssize_t n = read(from_browser_, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("the browser closed its pipe (did it crash?)");
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

std::string DecodeBase64(const std::string& text) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  int bits = 0;
  unsigned buffer = 0;
  for (char c : text) {
    const int v = value(c);
    if (v < 0) continue;  // '=' padding and line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

}  // namespace ortkit::testing
