// The fallback decision (forms.hpp): which form runs next, which answer the
// parser gets, and what the evidence says when none answered.
#include <doctest/doctest.h>

#include <algorithm>

#include "attest/profiles/forms.hpp"
#include "fixture.hpp"

using namespace attest;
using attest::test::check_fixture;
using attest::test::fixture_error;
using attest::test::profile_named;

namespace {

constexpr const char* kSerial = "cat /sys/class/dmi/id/product_serial";
constexpr const char* kSudoSerial = "sudo -n dmidecode -s system-serial-number";
constexpr const char* kTreeSerial = "cat /proc/device-tree/serial-number";

std::vector<FormRun> linux_base() {
  return {{"cat /etc/os-release", "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n", std::nullopt},
          {"cat /sys/class/dmi/id/sys_vendor", "Dell Inc.\n", std::nullopt},
          {"cat /sys/class/dmi/id/product_name", "PowerEdge R660\n", std::nullopt}};
}

}  // namespace

TEST_CASE("forms: the order tried is the command, then its alternatives") {
  const Profile& linux = profile_named("generic-linux");
  CHECK(forms_of(linux, kSerial) == std::vector<std::string>{kSerial, kSudoSerial, kTreeSerial});
  CHECK(forms_of(linux, "cat /etc/os-release") == std::vector<std::string>{"cat /etc/os-release"});
  CHECK(has_alternatives(profile_named("juniper-junos"), "show version | display json"));
  CHECK_FALSE(has_alternatives(profile_named("arista-eos"), "show version | json"));
}

TEST_CASE("forms: every older form belongs to one of its profile's commands and is not itself one") {
  for (const auto& p : all_profiles()) {
    CAPTURE(p.name);
    for (const auto& forms : p.fallbacks.forms) {
      CAPTURE(forms.command);
      CHECK(std::find(p.commands.begin(), p.commands.end(), forms.command) != p.commands.end());
      CHECK_FALSE(forms.alternatives.empty());
      for (const auto& alt : forms.alternatives) {
        CHECK(std::find(p.commands.begin(), p.commands.end(), alt) == p.commands.end());
      }
    }
    if (!p.fallbacks.forms.empty()) CHECK(static_cast<bool>(p.fallbacks.refusal));
  }
}

TEST_CASE("forms: an exit error, an empty output and the CLI's error text are failures; an answer is not") {
  const Profile& junos = profile_named("juniper-junos");
  CHECK(form_failure(junos, {"show version | display json", "{\"software-information\": []}\n", std::nullopt}) ==
        std::nullopt);
  CHECK(form_failure(junos, {"show version | display json", "  ^\nsyntax error, expecting <command>.\n", std::nullopt}) ==
        std::optional<std::string>("refused: \"syntax error, expecting <command>.\""));
  CHECK(form_failure(junos, {"show version", "\n \n", std::nullopt}) == std::optional<std::string>("printed nothing"));
  CHECK(form_failure(junos, {"show version", "", std::string("timed out")}) == std::optional<std::string>("timed out"));
  const Profile& nxos = profile_named("cisco-nxos");
  CHECK(form_failure(nxos, {"show inventory | json", "          ^\n% Invalid command at '^' marker.\n", std::nullopt})
            .has_value());
  const Profile& linux = profile_named("generic-linux");
  CHECK(form_failure(linux, {kSerial, "cat: /sys/class/dmi/id/product_serial: Permission denied\n", std::nullopt})
            .has_value());
  CHECK(form_failure(linux, {kSudoSerial, "Not Specified\n", std::nullopt}) ==
        std::optional<std::string>("refused: \"the firmware left the placeholder 'Not Specified'\""));
  CHECK(form_failure(linux, {kSudoSerial, "# SMBIOS entry point at 0x000f0000\n7XK2QH3\n", std::nullopt}) ==
        std::nullopt);
  // A profile without a predicate only counts errors: its parser judges the text.
  CHECK(form_failure(profile_named("arista-eos"), {"show version | json", "% Invalid input\n", std::nullopt}) ==
        std::nullopt);
}

TEST_CASE("forms: the next form runs after a refusal, never after no answer at all") {
  const Profile& linux = profile_named("generic-linux");
  CHECK(try_next_form(linux, {kSerial, "", std::string("exited with status 1: Permission denied")}));
  CHECK(try_next_form(linux, {kSerial, "cat: /sys/class/dmi/id/product_serial: Permission denied\n", std::nullopt}));
  CHECK_FALSE(try_next_form(linux, {kSerial, "SRV1\n", std::nullopt}));
  CHECK_FALSE(try_next_form(linux, {kSerial, "", std::string("command timed out"), true}));
  CommandRecord timed_out;
  timed_out.command = kSerial;
  timed_out.error = make_error(ErrorKind::timeout, "command timed out");
  CHECK(form_run(timed_out).unanswered);
  CommandRecord exited = timed_out;
  exited.error = make_error(ErrorKind::protocol, "exited with status 1");
  CHECK_FALSE(form_run(exited).unanswered);
}

TEST_CASE("forms: the first form that answered goes to the parser, and the note says why") {
  const Profile& linux = profile_named("generic-linux");
  auto ran = linux_base();
  ran.push_back({kSerial, "", std::string("'cat' exited with status 1: cat: ...: Permission denied")});
  ran.push_back({kSudoSerial, "", std::string("'sudo' exited with status 1: sudo: a password is required")});
  ran.push_back({kTreeSerial, std::string("10000000c0ffee42") + '\0', std::nullopt});
  auto chosen = choose_forms(linux, ran);
  REQUIRE(chosen.ok());
  CHECK(chosen->outputs.count(kSerial) == 0);
  CHECK(chosen->outputs.count(kTreeSerial) == 1);
  REQUIRE(chosen->notes.size() == 1);
  CHECK(chosen->notes[0] == "`cat /sys/class/dmi/id/product_serial`: 'cat' exited with status 1: cat: ...: Permission "
                            "denied; `sudo -n dmidecode -s system-serial-number`: 'sudo' exited with status 1: sudo: "
                            "a password is required: used `cat /proc/device-tree/serial-number` instead");
  auto facts = linux.parse(chosen->outputs);
  REQUIRE(facts.ok());
  CHECK(facts->serial == "10000000c0ffee42");
}

TEST_CASE("forms: when no form answers, every attempt and its reason is named") {
  const Profile& linux = profile_named("generic-linux");
  auto ran = linux_base();
  ran.push_back({kSerial, "", std::string("denied")});
  ran.push_back({kSudoSerial, "", std::string("no sudo")});
  auto chosen = choose_forms(linux, ran);
  REQUIRE_FALSE(chosen.ok());
  CHECK(chosen.error().message ==
        "no form of `cat /sys/class/dmi/id/product_serial` answered: `cat /sys/class/dmi/id/product_serial`: denied; "
        "`sudo -n dmidecode -s system-serial-number`: no sudo; `cat /proc/device-tree/serial-number`: not run");
}

TEST_CASE("forms: an optional command may have no answer; a command without alternatives keeps the old contract") {
  const Profile& linux = profile_named("generic-linux");
  auto ran = linux_base();
  ran[1] = {"cat /sys/class/dmi/id/sys_vendor", "", std::string("no such file")};
  ran.push_back({kSerial, "SRV1\n", std::nullopt});
  auto chosen = choose_forms(linux, ran);
  REQUIRE(chosen.ok());
  REQUIRE(chosen->notes.size() == 1);
  CHECK(chosen->notes[0].starts_with("no form of `cat /sys/class/dmi/id/sys_vendor` answered"));
  auto facts = linux.parse(chosen->outputs);
  REQUIRE(facts.ok());
  CHECK(facts->vendor == "Debian GNU/Linux");

  ran[0].error = "timed out";
  auto failed = choose_forms(linux, ran);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message == "`cat /etc/os-release` failed: timed out");
  CHECK(choose_forms(profile_named("arista-eos"), std::vector<FormRun>{}).error().message ==
        "`show version | json` was not run");
}

TEST_CASE("forms: a capture of Junos 12.1X47 refusing `| display json` parses through the text forms") {
  check_fixture("juniper-junos", {"srx240h2-12.1X47-text-forms.txt", {"Juniper", "srx240h2", "AH4712AF0048", "12.1X47-D20.7"}});
  CHECK(fixture_error("juniper-junos", "no-json-support.txt") ==
        "no form of `show version | display json` answered: `show version | display json`: refused: \"syntax error, "
        "expecting <command>.\"; `show version`: not run");
}

TEST_CASE("forms: NX-OS without `show inventory | json` reads the text inventory") {
  check_fixture("cisco-nxos", {"n3k-c3048tp-6.0.2.U6.10-text-inventory.txt",
                               {"Cisco", "N3K-C3048TP-1GE", "FOC17240ZKQ", "6.0(2)U6(10)"}});
}

TEST_CASE("forms: generic-linux gets the serial from dmidecode, then from the device tree") {
  check_fixture("generic-linux", {"debian12-r650-sudo-dmidecode.txt", {"Dell Inc.", "PowerEdge R650", "7XK2QH3", "12"}});
  check_fixture("generic-linux", {"raspios12-device-tree.txt",
                                  {"Debian GNU/Linux", "Raspberry Pi 4 Model B Rev 1.4", "10000000b4e1a7c3", "12"}});
}
