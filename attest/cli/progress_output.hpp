// Where a run's progress goes: nowhere (--quiet), one plain line per finished
// device (not a terminal: CI logs, pipes, files), or the live view redrawn in
// place on a terminal. The live block is erased before the table is printed,
// so no progress row is ever left between or above the table's lines.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "attest/cli/progress_view.hpp"
#include "attest/engine/run.hpp"

namespace attest::cli {

// The terminal's size on `fd` (TIOCGWINSZ), 80x24 when it has none.
ScreenSize screen_size(int fd);

enum class ProgressMode { quiet, plain, live };

// live only on a terminal whose TERM is set and is not "dumb" (one that
// cannot move its cursor); plain otherwise; quiet with --quiet.
ProgressMode choose_progress_mode(bool quiet, bool is_terminal, const char* term);
// The same for file descriptor `fd`, with this process's TERM.
ProgressMode choose_progress_mode(bool quiet, int fd);

// The bytes that replace a live block of `previous_lines` lines (the cursor
// at the start of the line below it) with `lines`, leaving the cursor below
// the new block. Line wrap is off while it is drawn, so a line wider than the
// terminal is cut, not wrapped (a wrapped line would throw the next redraw's
// line count off); wrap and the cursor are back on when it ends.
std::string redraw_sequence(std::size_t previous_lines, const std::vector<std::string>& lines);
// The bytes that erase a live block of `previous_lines` lines and leave the
// cursor where the block began.
std::string erase_sequence(std::size_t previous_lines);

class ProgressOutput {
 public:
  ProgressOutput(ProgressMode mode, const std::vector<Device>& devices, int fd);
  ~ProgressOutput();
  ProgressOutput(const ProgressOutput&) = delete;
  ProgressOutput& operator=(const ProgressOutput&) = delete;

  // Points options.progress and options.activity at this, which must outlive
  // the run; draws the first live frame.
  void attach(RunOptions& options);
  // Erases the live block: the table comes next. Later calls do nothing.
  void close();

 private:
  void finished(const DeviceResult& r, std::size_t done, std::size_t total);
  void activity(const RunActivity& snapshot);
  void redraw(SteadyClock::time_point now);  // mutex_ held
  void write_all(const std::string& bytes) const;

  const ProgressMode mode_;
  const int fd_;
  std::mutex mutex_;  // progress comes from worker threads, activity from the run's
  ProgressView view_;
  std::size_t drawn_ = 0;  // lines of the live block on the screen
  SteadyClock::time_point last_draw_{};
  bool closed_ = false;
};

}  // namespace attest::cli
