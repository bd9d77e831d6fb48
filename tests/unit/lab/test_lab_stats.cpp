#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "attest/lab/rate_window.hpp"
#include "attest/lab/stats.hpp"

using namespace attest::lab;
using namespace std::chrono_literals;

namespace {

const RateWindow::TimePoint t0{std::chrono::seconds(1000)};

}  // namespace

TEST_CASE("a rate window counts the busiest second, not the total") {
  RateWindow w;
  for (int i = 0; i < 5; ++i) w.add(t0 + i * 100ms);  // 5 within 0.4 s
  for (int i = 0; i < 3; ++i) w.add(t0 + 2s + i * 400ms);  // 3 spread over 0.8 s
  CHECK(w.total() == 8);
  CHECK(w.max_in_window() == 5);
}

TEST_CASE("a rate window slides: a burst across a second boundary is one window") {
  RateWindow w;
  for (int i = 0; i < 4; ++i) w.add(t0 + 900ms + i * 50ms);  // 0.90 .. 1.05 s
  for (int i = 0; i < 4; ++i) w.add(t0 + 1100ms + i * 50ms);  // 1.10 .. 1.25 s
  CHECK(w.max_in_window() == 8);  // calendar seconds would say 2 + 6
}

TEST_CASE("events exactly one second apart never share a window") {
  RateWindow w;
  w.add(t0);
  w.add(t0 + 1s);
  w.add(t0 + 2s);
  CHECK(w.max_in_window() == 1);
  w.add(t0 + 2s + 999ms);
  CHECK(w.max_in_window() == 2);
}

TEST_CASE("an empty rate window reports zero") {
  RateWindow w;
  CHECK(w.total() == 0);
  CHECK(w.max_in_window() == 0);
}

TEST_CASE("max_concurrent_connections is the most open at once, per device") {
  Stats s({"a", "b"});
  s.connection_opened(0, t0);
  s.connection_opened(0, t0 + 1ms);
  s.connection_closed(0);
  s.connection_opened(0, t0 + 2ms);
  s.connection_opened(0, t0 + 3ms);  // three open now
  s.connection_closed(0);
  s.connection_closed(0);
  s.connection_closed(0);
  s.connection_opened(1, t0 + 4ms);
  CHECK(s.get("a").connections == 4);
  CHECK(s.get("a").max_concurrent_connections == 3);
  CHECK(s.get("a").open_connections == 0);
  CHECK(s.get("b").max_concurrent_connections == 1);
  CHECK(s.handshakes().accepted == 5);
  CHECK(s.handshakes().max_accepted_per_second == 5);
}

TEST_CASE("the busiest auth connection is tracked as attempts arrive") {
  Stats s({"a"});
  s.auth_attempt(0, 1);
  s.auth_attempt(0, 2);
  s.auth_attempt(0, 1);  // a second connection's first attempt
  CHECK(s.get("a").auth_attempts == 3);
  CHECK(s.get("a").max_auth_attempts_in_one_connection == 2);
  CHECK(s.get("unknown").connections == 0);
}

TEST_CASE("the stats JSON has the snapshot time, the handshakes and every device") {
  Stats s({"sw2", "sw1"});
  s.connection_opened(1, t0);
  s.command(1);
  s.auth_accepted(1);
  const auto doc = nlohmann::json::parse(s.to_json(123456789ns));
  CHECK(doc["taken_at_monotonic_ns"] == 123456789);
  CHECK(doc["handshakes"]["accepted"] == 1);
  CHECK(doc["handshakes"]["max_accepted_per_second"] == 1);
  CHECK(doc["devices"]["sw1"]["connections"] == 1);
  CHECK(doc["devices"]["sw1"]["commands"] == 1);
  CHECK(doc["devices"]["sw1"]["auth_accepted"] == 1);
  CHECK(doc["devices"]["sw1"]["max_concurrent_connections"] == 1);
  CHECK(doc["devices"]["sw2"]["connections"] == 0);
  CHECK_FALSE(doc["devices"]["sw1"].contains("open_connections"));
}
