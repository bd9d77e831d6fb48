// The shell profiles' prompt patterns (attest/profiles) as the shell
// framing (attest/ssh) uses them.
#include <doctest/doctest.h>

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

TEST_CASE("a line matching the profile's prompt pattern is the prompt at once, without quiet or confirmation") {
  const ssh::PromptPatterns patterns(find_profile("juniper-junos")->prompt_patterns);
  ssh::TerminalText t;
  t.feed("Last login: Tue Mar 19 02:41:18 2024 from 10.10.0.5\r\n--- JUNOS 22.4R3-S2\r\n\r\nnetops@sw1> ");
  ssh::PromptLearner learner;
  learner.patterns = &patterns;
  CHECK(learner.step(t, 0) == ssh::PromptLearner::Step::done);
  CHECK(learner.prompt(t) == "netops@sw1> ");
  ssh::PromptLearner quiet_only;  // no patterns: waits for quiet, then confirms
  CHECK(quiet_only.step(t, 0) == ssh::PromptLearner::Step::wait);
  CHECK(quiet_only.step(t, 150) == ssh::PromptLearner::Step::confirm);
}

TEST_CASE("a prompt no pattern knows still falls back to quiet time, bounded") {
  const ssh::PromptPatterns patterns(find_profile("cisco-iosxe")->prompt_patterns);
  ssh::TerminalText t;
  t.feed("Welcome\r\nsite-custom:~ $ ");
  ssh::PromptLearner learner;
  learner.patterns = &patterns;
  CHECK(learner.step(t, 0) == ssh::PromptLearner::Step::wait);
  CHECK(learner.step(t, 150) == ssh::PromptLearner::Step::confirm);
}

}  // namespace
}  // namespace attest
