#include <doctest/doctest.h>

#include "attest/engine/sanitize.hpp"

using namespace attest;

namespace {

CommandRecord record(const std::string& command, const std::string& output) {
  CommandRecord c;
  c.command = command, c.output = output, c.sha256 = "of-the-raw-bytes", c.size = output.size();
  return c;
}

}  // namespace

TEST_CASE("a binary output named by the caller keeps its bytes while text outputs become valid UTF-8") {
  const std::string raw("\x03\x00\xff\xfe\x80", 5);
  DeviceEvidence ev;
  ev.commands = {record("show version", raw), record("cat /sys/log", raw)};
  sanitize_evidence(ev, {"cat /sys/log"});
  CHECK(ev.commands[0].output == std::string("\x03\x00\ufffd\ufffd\ufffd", 2 + 9));
  CHECK(ev.commands[1].output == raw);
  for (const auto& c : ev.commands) {
    CHECK(c.sha256 == "of-the-raw-bytes");
    CHECK(c.size == raw.size());
  }
}

TEST_CASE("valid device text is left exactly as it came, escapes and all") {
  DeviceEvidence ev;
  ev.ssh.banner = "SSH-2.0-OpenSSH_9.2 \x1b[31m\u00e4";
  ev.attempts.push_back(AuthAttempt{AttemptOrigin::retired, "old", "root", "password", AttemptOutcome::rejected,
                                    "Permission denied\r\n", 1});
  sanitize_evidence(ev, {});
  CHECK(ev.ssh.banner == "SSH-2.0-OpenSSH_9.2 \x1b[31m\u00e4");
  CHECK(ev.attempts[0].detail == "Permission denied\r\n");
}
