// What a person watching a run sees: on a terminal, a block of lines redrawn
// in place (the run and each rack, done/total and blocked so far; the slowest
// devices in flight and what they wait on; an ETA from the rate so far); off
// a terminal, one plain line per finished device. Pure: tallies, the run's
// last RunActivity and a time in, lines out. progress_output owns the screen
// and the clock.
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "attest/core/finding.hpp"
#include "attest/core/inventory.hpp"
#include "attest/engine/activity.hpp"
#include "attest/engine/run.hpp"

namespace attest::cli {

struct ScreenSize {
  std::size_t columns = 80;
  std::size_t rows = 24;
};

class ProgressView {
 public:
  // `devices`: the run's; racks are listed in the order they first appear.
  ProgressView(const std::vector<Device>& devices, SteadyClock::time_point started);

  // A device got its verdict (RunOptions::progress).
  void finished(const Device& device, Verdict verdict);
  // The run's latest snapshot (RunOptions::activity): who is in flight.
  void activity(const RunActivity& snapshot);

  // The live block: at most size.rows - 1 lines (the cursor's line below it
  // stays on the screen, so the block can be reached again to redraw it),
  // none longer than size.columns - 1 code points (none wraps), and no
  // control or escape character from a name or from the run.
  std::vector<std::string> render(SteadyClock::time_point now, ScreenSize size) const;

 private:
  struct RackTally {
    std::string name;  // terminal-safe
    std::size_t total = 0, done = 0, blocked = 0;
  };
  struct Layout {
    std::size_t racks = 0, flights = 0;  // rows shown of each
  };

  std::string headline(SteadyClock::time_point now) const;
  Layout fit(std::size_t budget) const;
  void render_racks(std::size_t shown, std::vector<std::string>& out) const;
  void render_flights(std::size_t shown, SteadyClock::time_point now, std::vector<std::string>& out) const;
  std::string slowest_line(SteadyClock::time_point now) const;

  std::vector<RackTally> racks_;
  std::unordered_map<std::string, std::size_t> rack_index_;  // by inventory rack name
  std::size_t total_ = 0, done_ = 0, blocked_ = 0;
  SteadyClock::time_point started_;
  std::vector<DeviceActivity> slowest_;  // the longest-running few, oldest first
  std::size_t in_flight_ = 0;
};

// Off a terminal, one line per finished device, as `attest rack` has always
// printed them, with the reason when blocked:
// "[  3/17] sw-r01-tor2      fail  default-credentials: ...".
std::string plain_progress_line(const DeviceResult& r, std::size_t done, std::size_t total);

}  // namespace attest::cli
