#include "attest/lab/rate_window.hpp"

#include <algorithm>

namespace attest::lab {

// The busiest window always ends at an event, so checking the window that
// ends at each new event finds the maximum.
void RateWindow::add(TimePoint at) {
  ++total_;
  while (!recent_.empty() && recent_.front() <= at - width_) recent_.pop_front();
  recent_.push_back(at);
  max_ = std::max<std::uint64_t>(max_, recent_.size());
}

}  // namespace attest::lab
