// Where progress goes (quiet, plain lines, the live block) and the bytes the
// live block is drawn and erased with, written to a pipe and read back.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <string>

#include "attest/cli/progress_output.hpp"

using namespace attest;
using namespace attest::cli;

namespace {

// A pipe whose read end is drained after the writer is done with it.
struct Pipe {
  std::array<int, 2> fds{-1, -1};
  Pipe() {
    REQUIRE(::pipe(fds.data()) == 0);
    ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
  }
  ~Pipe() {
    for (int fd : fds)
      if (fd >= 0) ::close(fd);
  }
  int write_end() const { return fds[1]; }
  std::string drain() const {
    std::string out;
    char buf[4096];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
    return out;
  }
};

Device device(const std::string& name) {
  Device d;
  d.name = name, d.rack = "r01";
  return d;
}

DeviceResult result(const std::string& name, Verdict v) {
  DeviceResult r;
  r.device = device(name);
  r.assessment.verdict = v;
  r.assessment.findings = {Finding{"identity", v == Verdict::pass ? CheckStatus::pass : CheckStatus::fail, "serial differs", ""}};
  return r;
}

std::size_t count(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (auto at = s.find(part); at != std::string::npos; at = s.find(part, at + part.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("the live view only on a terminal that can move its cursor; --quiet silences both") {
  CHECK(choose_progress_mode(false, true, "xterm-256color") == ProgressMode::live);
  CHECK(choose_progress_mode(false, true, "screen") == ProgressMode::live);
  CHECK(choose_progress_mode(false, true, "dumb") == ProgressMode::plain);
  CHECK(choose_progress_mode(false, true, "") == ProgressMode::plain);
  CHECK(choose_progress_mode(false, true, nullptr) == ProgressMode::plain);
  CHECK(choose_progress_mode(false, false, "xterm") == ProgressMode::plain);
  CHECK(choose_progress_mode(true, true, "xterm") == ProgressMode::quiet);
  CHECK(choose_progress_mode(true, false, "xterm") == ProgressMode::quiet);
  Pipe p;
  CHECK(choose_progress_mode(false, p.write_end()) == ProgressMode::plain);  // a pipe is no terminal
}

TEST_CASE("a redraw goes up over the last block, rewrites each line, and erases what is left below") {
  const std::string first = redraw_sequence(0, {"a", "b"});
  CHECK(first.find("\x1b[0A") == std::string::npos);
  CHECK(first.find("A") == std::string::npos);  // nothing above to go back to
  CHECK(count(first, "\r\x1b[2K") == 2);
  const std::string again = redraw_sequence(2, {"only"});
  CHECK(again.find("\r\x1b[2A") != std::string::npos);
  CHECK(again.find("\x1b[2Konly\n\x1b[2K\x1b[?7h") != std::string::npos);  // the old second line goes
  CHECK(redraw_sequence(3, {"x"}).find("x\n\x1b[2K\x1b[B\x1b[2K\r\x1b[1A") != std::string::npos);
  // Never "erase below": from the top left it clears the screen, which tmux keeps in its history.
  CHECK(again.find("\x1b[J") == std::string::npos);
  // Wrap off while drawing (a long line is cut, not wrapped), back on after; the cursor shown at the end.
  CHECK(again.find("\x1b[?7l") < again.find("only"));
  CHECK(again.ends_with("\x1b[?7h\x1b[?25h"));
  // Up over the block, each line erased on the way down, back up to where it began.
  CHECK(erase_sequence(3) == "\r\x1b[3A\x1b[2K\x1b[B\x1b[2K\x1b[B\x1b[2K\r\x1b[2A");
  CHECK(erase_sequence(1) == "\r\x1b[1A\x1b[2K");
  CHECK(erase_sequence(0).empty());
}

TEST_CASE("off a terminal: one plain line per finished device and not one escape byte") {
  Pipe p;
  RunOptions options;
  {
    ProgressOutput out(ProgressMode::plain, {device("a"), device("b")}, p.write_end());
    out.attach(options);
    CHECK_FALSE(options.activity);  // no live view to feed
    REQUIRE(options.progress);
    options.progress(result("a", Verdict::pass), 1, 2);
    options.progress(result("b", Verdict::fail), 2, 2);
    out.close();
  }
  const std::string text = p.drain();
  CHECK(text == "[  1/2] a                pass\n[  2/2] b                fail  identity: serial differs\n");
}

TEST_CASE("--quiet: no callback, nothing written") {
  Pipe p;
  RunOptions options;
  {
    ProgressOutput out(ProgressMode::quiet, {device("a")}, p.write_end());
    out.attach(options);
    CHECK_FALSE(options.progress);
    CHECK_FALSE(options.activity);
  }
  CHECK(p.drain().empty());
}

TEST_CASE("live: a first frame at once, redrawn in place on activity, erased whole when closed") {
  Pipe p;
  RunOptions options;
  ProgressOutput out(ProgressMode::live, {device("a"), device("b")}, p.write_end());
  out.attach(options);
  REQUIRE(options.activity);
  const std::string first = p.drain();
  CHECK(first.find("0/2 devices done") != std::string::npos);
  CHECK(first.find("\x1b[") != std::string::npos);
    RunActivity now;
  now.total = 2;
  now.in_flight = {DeviceActivity{"b", "r01", SteadyClock::now(), "SSH handshake"}};
  options.progress(result("a", Verdict::fail), 1, 2);
  options.activity(now);
  // Headline, rack header, one rack: three lines to go back over.
  const std::string redrawn = p.drain();
  CHECK(redrawn.find("\r\x1b[3A") != std::string::npos);
  CHECK(redrawn.find("1/2 devices done, 1 blocked") != std::string::npos);
  CHECK(redrawn.find("SSH handshake") != std::string::npos);
  CHECK(redrawn.find("[  1/2]") == std::string::npos);  // no plain line on a terminal
  out.close();
  // Headline, rack header and row, in-flight header and row: five lines erased.
  CHECK(p.drain() == erase_sequence(5));
  options.activity(now);  // a late snapshot after close draws nothing
  out.close();
  CHECK(p.drain().empty());
}
