#include <doctest/doctest.h>

#include "attest/lab/shell.hpp"

using namespace attest::lab;

namespace {

Facts facts() {
  Facts f;
  f.vendor = "Cisco";
  f.model = "C9300-48P";
  f.serial = "FOC2211X0AB";
  f.version = "17.09.04a";
  f.hostname = "sw1";
  return f;
}

// Types `input` like a client would and returns what the terminal shows.
struct Session {
  Shell shell;
  bool closed = false;
  std::string screen;

  Session(const char* profile, const std::string& user, bool paging)
      : shell(*find_traits(profile), facts(), user, paging) {
    screen = shell.start();
  }
  std::string type(std::string_view input) {
    std::string out;
    while (!input.empty() && !closed) {
      auto t = shell.type(input);
      input.remove_prefix(t.consumed);
      out += t.echo;
      if (t.line) {
        auto reply = shell.run(*t.line);
        out += reply.text;
        closed = reply.close;
      }
    }
    screen += out;
    return out;
  }
};

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

TEST_CASE("the shell greets with a banner and the prompt") {
  Session s("cisco-iosxe", "netops", true);
  CHECK(has(s.screen, "authorized access only"));
  CHECK(ends_with(s.screen, "\r\nsw1#"));
}

TEST_CASE("typed input is echoed and CR, LF and CRLF each end one line") {
  Session s("cisco-iosxe", "netops", false);
  CHECK(s.type("terminal length 0\r") == "terminal length 0\r\nsw1#");
  CHECK(s.type("terminal width 0\r\n") == "terminal width 0\r\nsw1#");
  CHECK(s.type("\n") == "\r\nsw1#");
}

TEST_CASE("backspace edits the line before it runs") {
  Session s("cisco-iosxe", "netops", false);
  const auto out = s.type("show versiom\x7fn\r");
  CHECK(has(out, "\b \b"));
  CHECK(has(out, "Cisco IOS XE Software, Version 17.09.04a"));
}

TEST_CASE("unknown commands get the vendor's error and a new prompt") {
  Session cisco("cisco-iosxe", "netops", false);
  const auto out = cisco.type("show running\r");
  CHECK(has(out, "    ^\r\n% Invalid input detected at '^' marker.\r\n"));
  CHECK(ends_with(out, "sw1#"));
  Session junos("juniper-junos", "netops", false);
  CHECK(has(junos.type("show bogus\r"), "syntax error, expecting <command>."));
}

TEST_CASE("long outputs stop at --More-- until paging is turned off") {
  Session s("cisco-iosxe", "netops", true);
  const auto first = s.type("show version\r");
  CHECK(ends_with(first, " --More-- "));
  CHECK(s.shell.pager_waiting());
  std::size_t lines = 0;
  for (char c : first) lines += c == '\n' ? 1 : 0;
  CHECK(lines <= kScreenLines);
  // Space shows the next page; keep paging until the prompt returns.
  std::string rest;
  for (int i = 0; i < 10 && s.shell.pager_waiting(); ++i) rest += s.type(" ");
  CHECK_FALSE(s.shell.pager_waiting());
  CHECK(has(rest, "System Serial Number               : FOC2211X0AB"));
  CHECK(ends_with(rest, "sw1#"));
  s.type("terminal length 0\r");
  const auto all = s.type("show version\r");
  CHECK_FALSE(has(all, "--More--"));
  CHECK(has(all, "Configuration register is 0x102"));
}

TEST_CASE("Enter at --More-- shows one more line and other keys end a Cisco listing") {
  Session s("cisco-iosxe", "netops", true);
  s.type("show version\r");
  const auto one = s.type("\r");
  std::size_t lines = 0;
  for (char c : one) lines += c == '\n' ? 1 : 0;
  CHECK(lines == 1);
  CHECK(ends_with(s.type("x"), "sw1#"));
  CHECK_FALSE(s.shell.pager_waiting());
}

TEST_CASE("Junos pages with ---(more)--- until set cli screen-length 0") {
  Session s("juniper-junos", "netops", true);
  CHECK(ends_with(s.type("show chassis hardware | display json\r"), "---(more)---"));
  s.type("q");
  CHECK(has(s.type("set cli screen-length 0\r"), "Screen length set to 0"));
  const auto all = s.type("show chassis hardware | display json\r");
  CHECK_FALSE(has(all, "---(more)---"));
  CHECK(ends_with(all, "netops@sw1> "));
}

TEST_CASE("a Junos root login lands in the Unix shell and cli switches to the CLI") {
  Session s("juniper-junos", "root", false);
  CHECK(ends_with(s.screen, "root@sw1:RE:0% "));
  CHECK(has(s.type("show version | display json\r"), "show: Command not found."));
  CHECK(ends_with(s.type("cli\r"), "root@sw1> "));
  CHECK(has(s.type("show version | display json\r"), "\"junos-version\""));
}

TEST_CASE("an Avocent ACS root login lands in the Linux shell and cli starts the ACS CLI") {
  Session admin("avocent-acs", "admin", false);
  CHECK(ends_with(admin.screen, "--:- / cli-> "));
  Session root("avocent-acs", "root", false);
  CHECK(ends_with(root.screen, "[root@sw1 ~]# "));
  const std::string before_cli = root.type("show /system/information\r");
  std::string after_cli = root.type("cli\r");
  after_cli += root.type("show /system/information\r");
  CHECK(has(before_cli, "-sh: show: not found"));
  CHECK(has(after_cli, "--:- / cli-> "));
  CHECK(has(after_cli, "serial number: FOC2211X0AB\r\n"));
}

TEST_CASE("exit, logout and quit close the session") {
  for (const char* cmd : {"exit\r", "logout\r", "quit\r"}) {
    Session s("cisco-nxos", "netops", false);
    s.type(cmd);
    CHECK(s.closed);
  }
}

TEST_CASE("Ctrl-C drops the line being typed") {
  Session s("cisco-iosxe", "netops", false);
  CHECK(s.type("show ver\x03") == "show ver^C\r\nsw1#");
  CHECK(has(s.type("show version\r"), "Processor board ID"));
}

TEST_CASE("to_crlf converts bare newlines only") {
  CHECK(to_crlf("a\nb\r\nc") == "a\r\nb\r\nc");
}
