#include "attest/cli/progress_view.hpp"

#include <algorithm>
#include <cstdio>

#include "attest/engine/report.hpp"
#include "attest/util/human.hpp"
#include "attest/util/text.hpp"

namespace attest::cli {
namespace {

constexpr std::size_t kMaxRackRows = 8;
constexpr std::size_t kMaxFlightRows = 5;
constexpr std::size_t kMaxRackName = 24;
constexpr std::size_t kMaxDeviceName = 40;
constexpr std::size_t kMaxReason = 110;
// Below this many lines the sections do not fit: the headline and the
// slowest device only.
constexpr std::size_t kSectionedMinLines = 7;
constexpr const char* kIndent = "  ";

std::string padded(const std::string& clean, std::size_t width) {
  std::string s = truncate_code_points(clean, width);
  s.append(width - count_code_points(s), ' ');
  return s + "  ";
}

// The widest of `header` and `cells`, at most `cap`.
std::size_t column(const char* header, const std::vector<std::string>& cells, std::size_t cap) {
  std::size_t w = count_code_points(header);
  for (const auto& c : cells) w = std::max(w, count_code_points(c));
  return std::min(w, cap);
}

std::string ratio(std::size_t done, std::size_t total) { return group_thousands(done) + "/" + group_thousands(total); }

std::string waited(SteadyClock::time_point since, SteadyClock::time_point now) {
  return human_duration(std::chrono::duration_cast<Millis>(now - since));
}

std::string waiting_on(const DeviceActivity& a) { return a.waiting_on.empty() ? "-" : a.waiting_on; }

}  // namespace

ProgressView::ProgressView(const std::vector<Device>& devices, SteadyClock::time_point started)
    : total_(devices.size()), started_(started) {
  for (const auto& d : devices) {
    auto [it, added] = rack_index_.try_emplace(d.rack, racks_.size());
    if (added) racks_.push_back(RackTally{d.rack.empty() ? "(no rack)" : terminal_text(d.rack)});
    ++racks_[it->second].total;
  }
}

void ProgressView::finished(const Device& device, Verdict verdict) {
  const bool blocked = verdict != Verdict::pass;
  ++done_;
  blocked_ += blocked;
  if (auto it = rack_index_.find(device.rack); it != rack_index_.end()) {
    ++racks_[it->second].done;
    racks_[it->second].blocked += blocked;
  }
  // Until the next snapshot, a device with its verdict is no longer in flight.
  const std::string name = terminal_text(device.name);
  const auto gone =
      std::remove_if(slowest_.begin(), slowest_.end(), [&](const DeviceActivity& a) { return a.device == name; });
  if (gone != slowest_.end()) {
    slowest_.erase(gone, slowest_.end());
    in_flight_ -= std::min<std::size_t>(in_flight_, 1);
  }
}

void ProgressView::activity(const RunActivity& snapshot) {
  in_flight_ = snapshot.in_flight.size();
  slowest_ = snapshot.in_flight;
  // The run lists them longest-running first; the view does not rely on it.
  const std::size_t keep = std::min(slowest_.size(), kMaxFlightRows);
  std::partial_sort(slowest_.begin(), slowest_.begin() + static_cast<std::ptrdiff_t>(keep), slowest_.end(),
                    [](const DeviceActivity& a, const DeviceActivity& b) { return a.started < b.started; });
  slowest_.resize(keep);
  for (auto& a : slowest_) {
    a.device = terminal_text(a.device);
    a.rack = terminal_text(a.rack);
    a.waiting_on = terminal_text(a.waiting_on);
  }
}

std::string ProgressView::headline(SteadyClock::time_point now) const {
  const auto elapsed = std::chrono::duration_cast<Millis>(now - started_);
  std::string eta = "unknown";
  if (done_ >= total_) {
    eta = human_duration(Millis(0));
  } else if (done_ > 0) {
    eta = human_duration(Millis(elapsed.count() * static_cast<long long>(total_ - done_) / static_cast<long long>(done_)));
  }
  return ratio(done_, total_) + " devices done, " + group_thousands(blocked_) + " blocked, " +
         human_duration(elapsed) + " elapsed, ETA " + eta;
}

// Rows of each section that fit in `budget` lines, the racks giving way
// first; 0 racks and 0 flights: not even one row of each fits.
ProgressView::Layout ProgressView::fit(std::size_t budget) const {
  const std::size_t all_racks = racks_.size();
  auto lines = [&](const Layout& l) {
    std::size_t n = 1;  // the headline
    if (all_racks > 0) n += 1 + l.racks + (l.racks < all_racks);
    if (l.flights > 0) n += 1 + l.flights + (l.flights < in_flight_);
    return n;
  };
  Layout l{std::min(all_racks, kMaxRackRows), std::min(slowest_.size(), kMaxFlightRows)};
  while (lines(l) > budget) {
    if (l.racks > 1 && (l.racks >= l.flights || l.flights <= 1)) {
      --l.racks;
    } else if (l.flights > 1) {
      --l.flights;
    } else {
      return Layout{};
    }
  }
  return l;
}

void ProgressView::render_racks(std::size_t shown, std::vector<std::string>& out) const {
  // Racks still running first: they are where the run is now.
  std::vector<const RackTally*> order;
  for (const auto& r : racks_) order.push_back(&r);
  std::stable_partition(order.begin(), order.end(), [](const RackTally* r) { return r->done < r->total; });
  std::vector<std::string> names, ratios;
  for (std::size_t i = 0; i < shown; ++i) {
    names.push_back(order[i]->name);
    ratios.push_back(ratio(order[i]->done, order[i]->total));
  }
  const std::size_t name_w = column("RACK", names, kMaxRackName), ratio_w = column("DONE", ratios, kMaxRackName);
  out.push_back(kIndent + padded("RACK", name_w) + padded("DONE", ratio_w) + "BLOCKED");
  for (std::size_t i = 0; i < shown; ++i)
    out.push_back(kIndent + padded(names[i], name_w) + padded(ratios[i], ratio_w) + group_thousands(order[i]->blocked));
  if (shown == order.size()) return;
  std::size_t done = 0, total = 0, blocked = 0;
  for (std::size_t i = shown; i < order.size(); ++i) {
    done += order[i]->done;
    total += order[i]->total;
    blocked += order[i]->blocked;
  }
  out.push_back(kIndent + std::string("… ") + group_thousands(order.size() - shown) + " more racks: " +
                ratio(done, total) + " done, " + group_thousands(blocked) + " blocked");
}

void ProgressView::render_flights(std::size_t shown, SteadyClock::time_point now, std::vector<std::string>& out) const {
  std::vector<std::string> names, times;
  for (std::size_t i = 0; i < shown; ++i) {
    names.push_back(slowest_[i].device);
    times.push_back(waited(slowest_[i].started, now));
  }
  const std::size_t name_w = column("SLOWEST IN FLIGHT", names, kMaxDeviceName), time_w = column("FOR", times, 16);
  out.push_back(kIndent + padded("SLOWEST IN FLIGHT", name_w) + padded("FOR", time_w) + "WAITING ON");
  for (std::size_t i = 0; i < shown; ++i)
    out.push_back(kIndent + padded(names[i], name_w) + padded(times[i], time_w) + waiting_on(slowest_[i]));
  if (shown < in_flight_) out.push_back(kIndent + std::string("… ") + group_thousands(in_flight_ - shown) + " more in flight");
}

std::string ProgressView::slowest_line(SteadyClock::time_point now) const {
  const DeviceActivity& a = slowest_.front();
  return "slowest: " + truncate_code_points(a.device, kMaxDeviceName) + ", " + waited(a.started, now) +
         ", waiting on " + waiting_on(a);
}

std::vector<std::string> ProgressView::render(SteadyClock::time_point now, ScreenSize size) const {
  const std::size_t budget = size.rows > 0 ? size.rows - 1 : 0;
  std::vector<std::string> out;
  if (budget == 0) return out;
  out.push_back(headline(now));
  const Layout layout = budget >= kSectionedMinLines ? fit(budget) : Layout{};
  if (layout.racks == 0 && layout.flights == 0) {
    if (!slowest_.empty() && budget > 1) out.push_back(slowest_line(now));
  } else {
    if (layout.racks > 0) render_racks(layout.racks, out);
    if (layout.flights > 0) render_flights(layout.flights, now, out);
  }
  const std::size_t width = size.columns > 1 ? size.columns - 1 : 1;
  for (auto& line : out) line = truncate_code_points(line, width);
  return out;
}

std::string plain_progress_line(const DeviceResult& r, std::size_t done, std::size_t total) {
  char counter[64];
  std::snprintf(counter, sizeof counter, "[%3zu/%zu] ", done, total);
  std::string name = truncate_code_points(terminal_text(r.device.name), kMaxDeviceName);
  if (const std::size_t n = count_code_points(name); n < 16) name.append(16 - n, ' ');
  std::string line = counter + name + " " + to_string(r.assessment.verdict);
  if (r.assessment.verdict != Verdict::pass) line += "  " + blocking_reason(r.assessment, kMaxReason);
  return line + "\n";
}

}  // namespace attest::cli
