#include "attest/cli/progress_output.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string_view>

namespace attest::cli {
namespace {

// A device finishing redraws the block at most this often; the run's
// activity snapshots (a few a second) always redraw it.
constexpr Millis kMinRedrawGap{100};

// ANSI/ECMA-48 control sequences.
constexpr const char* kCursorHide = "\x1b[?25l";
constexpr const char* kCursorShow = "\x1b[?25h";
constexpr const char* kWrapOff = "\x1b[?7l";
constexpr const char* kWrapOn = "\x1b[?7h";
constexpr const char* kEraseLine = "\x1b[2K";
constexpr const char* kCursorDown = "\x1b[B";

std::string cursor_up(std::size_t lines) { return "\r\x1b[" + std::to_string(lines) + "A"; }

// Erases `n` lines from the cursor's down, one by one, and comes back up.
// Not "erase below" (ESC [ J): from the top left corner that clears the whole
// screen, which terminals such as tmux scroll into the history first, and
// there the live block would stay above the table.
std::string erase_lines(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += std::string(kEraseLine) + (i + 1 < n ? kCursorDown : "");
  if (n > 1) out += cursor_up(n - 1);
  return out;
}

}  // namespace

ScreenSize screen_size(int fd) {
  winsize ws{};
  ScreenSize size;
  if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 && ws.ws_row > 0) {
    size.columns = ws.ws_col;
    size.rows = ws.ws_row;
  }
  return size;
}

ProgressMode choose_progress_mode(bool quiet, bool is_terminal, const char* term) {
  if (quiet) return ProgressMode::quiet;
  const bool moves_cursor = term != nullptr && *term != '\0' && std::string_view(term) != "dumb";
  return is_terminal && moves_cursor ? ProgressMode::live : ProgressMode::plain;
}

ProgressMode choose_progress_mode(bool quiet, int fd) {
  return choose_progress_mode(quiet, ::isatty(fd) == 1, std::getenv("TERM"));
}

std::string redraw_sequence(std::size_t previous_lines, const std::vector<std::string>& lines) {
  std::string out = std::string(kCursorHide) + kWrapOff;
  if (previous_lines > 0) out += cursor_up(previous_lines);
  for (const auto& line : lines) out += "\r" + std::string(kEraseLine) + line + "\n";
  // A shorter block than the last one: its old bottom lines go too.
  if (previous_lines > lines.size()) out += erase_lines(previous_lines - lines.size());
  out += std::string(kWrapOn) + kCursorShow;
  return out;
}

std::string erase_sequence(std::size_t previous_lines) {
  if (previous_lines == 0) return "";
  return cursor_up(previous_lines) + erase_lines(previous_lines);
}

ProgressOutput::ProgressOutput(ProgressMode mode, const std::vector<Device>& devices, int fd)
    : mode_(mode), fd_(fd), view_(devices, SteadyClock::now()) {}

ProgressOutput::~ProgressOutput() { close(); }

void ProgressOutput::attach(RunOptions& options) {
  if (mode_ == ProgressMode::quiet) return;
  options.progress = [this](const DeviceResult& r, std::size_t done, std::size_t total) { finished(r, done, total); };
  if (mode_ != ProgressMode::live) return;
  options.activity = [this](const RunActivity& snapshot) { activity(snapshot); };
  const std::lock_guard lock(mutex_);
  redraw(SteadyClock::now());
}

void ProgressOutput::close() {
  const std::lock_guard lock(mutex_);
  if (closed_) return;
  closed_ = true;
  if (mode_ == ProgressMode::live) write_all(erase_sequence(drawn_));
  drawn_ = 0;
}

void ProgressOutput::finished(const DeviceResult& r, std::size_t done, std::size_t total) {
  const std::lock_guard lock(mutex_);
  if (closed_) return;
  if (mode_ == ProgressMode::plain) {
    write_all(plain_progress_line(r, done, total));
    return;
  }
  view_.finished(r.device, r.assessment.verdict);
  // Until the run supplies activity snapshots, finished devices are what moves the view.
  if (const auto now = SteadyClock::now(); now - last_draw_ >= kMinRedrawGap) redraw(now);
}

void ProgressOutput::activity(const RunActivity& snapshot) {
  const std::lock_guard lock(mutex_);
  if (closed_) return;
  view_.activity(snapshot);
  redraw(SteadyClock::now());
}

void ProgressOutput::redraw(SteadyClock::time_point now) {
  const auto lines = view_.render(now, screen_size(fd_));
  write_all(redraw_sequence(drawn_, lines));
  drawn_ = lines.size();
  last_draw_ = now;
}

// Progress is a courtesy: a write that fails (a closed terminal) is dropped.
void ProgressOutput::write_all(const std::string& bytes) const {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = ::write(fd_, bytes.data() + sent, bytes.size() - sent);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

}  // namespace attest::cli
