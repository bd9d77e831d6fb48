// The live progress view as lines of text, from tallies and RunActivity
// snapshots: what it says, and that it fits the screen it is given.
#include <doctest/doctest.h>

#include <algorithm>

#include "attest/cli/progress_view.hpp"
#include "attest/util/text.hpp"

using namespace attest;
using namespace attest::cli;
using std::chrono::milliseconds;

namespace {

const SteadyClock::time_point t0{};

Device device(const std::string& name, const std::string& rack) {
  Device d;
  d.name = name, d.rack = rack;
  return d;
}

// `per_rack` devices in each of `racks` racks r01, r02, ...
std::vector<Device> site(std::size_t racks, std::size_t per_rack) {
  std::vector<Device> out;
  for (std::size_t r = 1; r <= racks; ++r)
    for (std::size_t i = 1; i <= per_rack; ++i)
      out.push_back(device("dev-" + std::to_string(r) + "-" + std::to_string(i), "r" + std::string(r < 10 ? "0" : "") + std::to_string(r)));
  return out;
}

DeviceActivity flying(const std::string& name, milliseconds since_t0, const std::string& waiting_on) {
  return DeviceActivity{name, "r01", t0 + since_t0, waiting_on};
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

bool has_line(const std::vector<std::string>& lines, const std::string& text) {
  return std::find(lines.begin(), lines.end(), text) != lines.end();
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const ScreenSize kWide{120, 40};

}  // namespace

TEST_CASE("the headline counts done, blocked and elapsed, and the ETA comes from the rate so far") {
  ProgressView view(site(2, 2), t0);
  CHECK(view.render(t0 + milliseconds(500), kWide).at(0) == "0/4 devices done, 0 blocked, 0.5 s elapsed, ETA unknown");
  view.finished(device("dev-1-1", "r01"), Verdict::pass);
  view.finished(device("dev-1-2", "r01"), Verdict::fail);
  // 2 devices in 2 s: the other 2 need 2 s more.
  CHECK(view.render(t0 + milliseconds(2000), kWide).at(0) == "2/4 devices done, 1 blocked, 2.0 s elapsed, ETA 2.0 s");
  view.finished(device("dev-2-1", "r02"), Verdict::error);
  view.finished(device("dev-2-2", "r02"), Verdict::pass);
  CHECK(view.render(t0 + milliseconds(3000), kWide).at(0) == "4/4 devices done, 2 blocked, 3.0 s elapsed, ETA 0.0 s");
}

TEST_CASE("each rack gets a row with its done/total and blocked so far, racks still running first") {
  ProgressView view(site(3, 2), t0);
  view.finished(device("dev-1-1", "r01"), Verdict::fail);
  view.finished(device("dev-1-2", "r01"), Verdict::pass);
  view.finished(device("dev-3-1", "r03"), Verdict::error);
  CHECK(joined(view.render(t0 + milliseconds(100), kWide)) ==
        "3/6 devices done, 2 blocked, 0.1 s elapsed, ETA 0.1 s\n"
        "  RACK  DONE  BLOCKED\n"
        "  r02   0/2   0\n"
        "  r03   1/2   1\n"
        "  r01   2/2   1\n");
}

TEST_CASE("devices without a rack are counted under (no rack)") {
  ProgressView view({device("a", ""), device("b", "")}, t0);
  view.finished(device("a", ""), Verdict::pass);
  CHECK(has_line(view.render(t0, kWide), "  (no rack)  1/2   0"));
}

TEST_CASE("the slowest devices in flight are shown longest first with what they wait on and for how long") {
  ProgressView view(site(1, 10), t0);
  RunActivity now;
  now.total = 10;
  // Out of order on purpose: the view sorts by start time itself.
  now.in_flight = {flying("dev-1-3", milliseconds(900), "login"),
                   flying("dev-1-1", milliseconds(100), "command 'show version'"),
                   flying("dev-1-2", milliseconds(400), "SSH handshake")};
  view.activity(now);
  const auto lines = view.render(t0 + milliseconds(2500), kWide);
  REQUIRE(lines.size() == 7);
  CHECK(joined({lines.begin() + 3, lines.end()}) ==
        "  SLOWEST IN FLIGHT  FOR    WAITING ON\n"
        "  dev-1-1            2.4 s  command 'show version'\n"
        "  dev-1-2            2.1 s  SSH handshake\n"
        "  dev-1-3            1.6 s  login\n");
}

TEST_CASE("beyond five in flight, the rest are counted on one line") {
  ProgressView view(site(1, 20), t0);
  RunActivity now;
  for (int i = 1; i <= 12; ++i) now.in_flight.push_back(flying("dev-1-" + std::to_string(i), milliseconds(i * 10), ""));
  view.activity(now);
  const auto lines = view.render(t0 + milliseconds(1000), kWide);
  CHECK(has_line(lines, "  dev-1-5            1.0 s  -"));
  CHECK_FALSE(contains(joined(lines), "dev-1-6 "));
  CHECK(lines.back() == "  … 7 more in flight");
}

TEST_CASE("a device that finishes leaves the in-flight rows before the next snapshot") {
  ProgressView view(site(1, 3), t0);
  RunActivity now;
  now.in_flight = {flying("dev-1-1", milliseconds(0), "login"), flying("dev-1-2", milliseconds(0), "login")};
  view.activity(now);
  view.finished(device("dev-1-1", "r01"), Verdict::pass);
  const std::string text = joined(view.render(t0 + milliseconds(500), kWide));
  CHECK_FALSE(contains(text, "dev-1-1"));
  CHECK(contains(text, "dev-1-2"));
}

TEST_CASE("no line is as wide as the terminal, and a long name is cut with an ellipsis") {
  const std::string longest(70, 'x');
  ProgressView view({device(longest, "rack-with-a-rather-long-name-indeed"), device("b", "r2")}, t0);
  RunActivity now;
  now.in_flight = {flying(longest, milliseconds(0), "command 'show running-config | section very long indeed'")};
  view.activity(now);
  for (std::size_t columns : {20u, 40u, 80u}) {
    CAPTURE(columns);
    const auto lines = view.render(t0 + milliseconds(100), ScreenSize{columns, 40});
    for (const auto& l : lines) CHECK(count_code_points(l) <= columns - 1);
  }
  const std::string wide = joined(view.render(t0, ScreenSize{200, 40}));
  CHECK(contains(wide, std::string(39, 'x') + "…"));
  CHECK_FALSE(contains(wide, std::string(40, 'x')));
  CHECK(contains(wide, "rack-with-a-rather-long…"));
}

TEST_CASE("the block never takes the whole screen: racks give way to the in-flight rows, then summarise") {
  ProgressView view(site(100, 10), t0);
  for (int i = 1; i <= 10; ++i) view.finished(device("dev-1-" + std::to_string(i), "r01"), Verdict::fail);
  RunActivity now;
  for (int i = 1; i <= 50; ++i) now.in_flight.push_back(flying("dev-2-" + std::to_string(i), milliseconds(i), "login"));
  view.activity(now);
  for (std::size_t rows : {8u, 12u, 24u, 60u}) {
    CAPTURE(rows);
    const auto lines = view.render(t0 + milliseconds(1000), ScreenSize{100, rows});
    const std::string text = joined(lines);
    CHECK(lines.size() <= rows - 1);
    CHECK(contains(text, "  dev-2-1 "));  // the slowest is always there
    CHECK(contains(text, "more racks: "));
    CHECK(contains(text, "… 4"));          // 45+ more in flight
  }
  // The hidden racks are summed: all but the shown ones, r01's ten blocked among them.
  const auto lines = view.render(t0, ScreenSize{100, 8});
  CHECK(has_line(lines, "  … 99 more racks: 10/990 done, 10 blocked"));
}

TEST_CASE("on a tiny screen: the headline and the slowest device only") {
  ProgressView view(site(3, 3), t0);
  RunActivity now;
  now.in_flight = {flying("dev-1-1", milliseconds(0), "TCP connect")};
  view.activity(now);
  const auto lines = view.render(t0 + milliseconds(1200), ScreenSize{80, 4});
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "slowest: dev-1-1, 1.2 s, waiting on TCP connect");
  CHECK(view.render(t0, ScreenSize{80, 2}).size() == 1);
  CHECK(view.render(t0, ScreenSize{80, 1}).empty());
}

TEST_CASE("names and waits from the run cannot put an escape sequence on the screen") {
  const std::string evil = "sw\x1b]8;;https://evil.example/\x1b\\1\x1b[2J\u202E";
  ProgressView view({device(evil, "r\x1b[31m1")}, t0);
  RunActivity now;
  now.in_flight = {DeviceActivity{evil, "r1", t0, "command '\x1b[1Ashow'"}};
  view.activity(now);
  const std::string text = joined(view.render(t0, kWide));
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK_FALSE(contains(text, "\u202E"));
  CHECK_FALSE(contains(text, "evil.example"));
  CHECK(contains(text, "sw1"));
  CHECK(contains(text, "command 'show'"));
}

TEST_CASE("a plain line per device: the counter, the name, the verdict and, when blocked, why") {
  DeviceResult r;
  r.device = device("sw-r01-tor2", "r01");
  r.assessment.verdict = Verdict::fail;
  r.assessment.findings = {Finding{"identity", CheckStatus::pass, "ok", ""},
                           Finding{"default-credentials", CheckStatus::fail, "factory login 'admin' works", ""}};
  CHECK(plain_progress_line(r, 3, 17) == "[  3/17] sw-r01-tor2      fail  default-credentials: factory login 'admin' works\n");
  r.assessment.verdict = Verdict::pass;
  r.assessment.findings.resize(1);
  CHECK(plain_progress_line(r, 17, 17) == "[ 17/17] sw-r01-tor2      pass\n");
  r.device.name = "a\x1b[31mb";
  CHECK(plain_progress_line(r, 1, 1) == "[  1/1] ab               pass\n");
}
