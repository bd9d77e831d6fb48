// The shell profiles' prompt patterns (attest/profiles) as the shell
// framing (attest/ssh) uses them.
#include <doctest/doctest.h>

#include <string>

#include "attest/profiles/profile.hpp"
#include "attest/ssh/shell.hpp"

namespace attest {
namespace {

// Prompt patterns of the shell profiles, on prompts as real devices print
// them (Cisco IOS-XE/NX-OS configuration guides, Junos CLI User Guide) and
// on lines that only look like prompts.
TEST_CASE("the shell profiles' prompt patterns know their prompts, and not banners") {
  const auto patterns_for = [](const char* name) {
    const Profile* p = find_profile(name);
    REQUIRE(p != nullptr);
    return ssh::PromptPatterns(p->prompt_patterns);
  };
  const auto cisco = patterns_for("cisco-iosxe");
  for (const char* line : {"sw-r01-oob#", "sw-r01-oob>", "Router(config)#", "Switch(config-if)# ", "core1.dc2#"})
    CHECK_MESSAGE(cisco.matches(line), line);
  for (const char* line : {"#####", "* sw1: authorized access only #", "Press RETURN to get started>", "", "sw1"})
    CHECK_FALSE_MESSAGE(cisco.matches(line), line);
  const auto nxos = patterns_for("cisco-nxos");
  CHECK(nxos.matches("N9K-C93180YC-FX(config)# "));
  const auto junos = patterns_for("juniper-junos");
  for (const char* line : {"netops@sw-r01-mgmt> ", "netops@sw1#", "root@sw1:RE:0% ", "root@sw1%"})
    CHECK_MESSAGE(junos.matches(line), line);
  for (const char* line : {"--- JUNOS 22.4R3-S2 built 2023-06-27 21:35:58 UTC", "{master:0}", "Last login: x>"})
    CHECK_FALSE_MESSAGE(junos.matches(line), line);
}

// Digi DAL's access selection menu (as public Digi IX-series automation
// scripts wait for it) is recognised at once and left with `a`; the Admin
// CLI's prompt comes wrapped in cursor control.
TEST_CASE("digi-connect-it knows DAL's access selection menu and leaves it for the Admin CLI") {
  const Profile* p = find_profile("digi-connect-it");
  REQUIRE(p != nullptr);
  const ssh::PromptPatterns patterns(p->prompt_patterns);
  ssh::TerminalText menu;
  menu.feed("Access selection menu:\r\n\r\n    a: Admin CLI\r\n    s: Shell\r\n    q: Quit\r\n\r\n"
            "Select access or quit [admin] : ");
  CHECK(patterns.matches(ssh::last_line(menu.text())));
  CHECK(ssh::is_unix_prompt(ssh::last_line(menu.text()), p->unix_prompt_chars));
  CHECK(p->unix_shell_escape == "a");
  CHECK(patterns.matches("Select access or quit [a/s/q]: "));
  ssh::TerminalText cli;
  cli.feed("a\r\nConnecting now...\r\n Type 'exit' to disconnect from the Admin CLI\r\n\x1b[0K>\x1b[2C");
  CHECK(patterns.matches(ssh::last_line(cli.text())));
  CHECK_FALSE(ssh::is_unix_prompt(ssh::last_line(cli.text()), p->unix_prompt_chars));
  for (const char* line : {" Model                : Digi Connect IT 16", "Location:", "Select access:"})
    CHECK_FALSE_MESSAGE(patterns.matches(line), line);
}

// The learner's first step on `screen` with `profile`'s patterns, and with
// none, at `quiet_ms` of quiet.
struct Steps {
  ssh::PromptLearner::Step with_patterns, without;
  std::string prompt;
};
Steps first_steps(const char* profile, const char* screen, long quiet_ms) {
  const ssh::PromptPatterns patterns(find_profile(profile)->prompt_patterns);
  ssh::TerminalText t;
  t.feed(screen);
  ssh::PromptLearner learner;
  learner.patterns = &patterns;
  Steps s{learner.step(t, quiet_ms), ssh::PromptLearner{}.step(t, quiet_ms), learner.prompt(t)};
  return s;
}

TEST_CASE("a line matching the profile's prompt pattern is the prompt at once, without quiet or confirmation") {
  const char* junos = "Last login: Tue Mar 19 02:41:18 2024 from 10.10.0.5\r\n--- JUNOS 22.4R3-S2\r\n\r\nnetops@sw1> ";
  const Steps at_once = first_steps("juniper-junos", junos, 0);
  CHECK(at_once.with_patterns == ssh::PromptLearner::Step::done);
  CHECK(at_once.prompt == "netops@sw1> ");
  CHECK(at_once.without == ssh::PromptLearner::Step::wait);  // no patterns: waits for quiet
  CHECK(first_steps("juniper-junos", junos, 150).without == ssh::PromptLearner::Step::confirm);
}

TEST_CASE("a prompt no pattern knows still falls back to quiet time, bounded") {
  const char* custom = "Welcome\r\nsite-custom:~ $ ";
  CHECK(first_steps("cisco-iosxe", custom, 0).with_patterns == ssh::PromptLearner::Step::wait);
  CHECK(first_steps("cisco-iosxe", custom, 150).with_patterns == ssh::PromptLearner::Step::confirm);
}

}  // namespace
}  // namespace attest
