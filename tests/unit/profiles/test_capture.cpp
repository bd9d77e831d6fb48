#include <doctest/doctest.h>

#include "attest/profiles/profile.hpp"

using namespace attest;

namespace {
const Profile& profile(const char* name) {
  const Profile* p = find_profile(name);
  REQUIRE(p != nullptr);
  return *p;
}
}  // namespace

TEST_CASE("split_capture cuts a shell log at each echoed command and drops the trailing prompt") {
  const auto outputs = split_capture(profile("cisco-nxos"),
                                     "n9k# terminal length 0\n"
                                     "n9k# show version | json\n{\"a\": 1}\n"
                                     "n9k# show inventory | json\n{\"b\": 2}\n\nn9k# \n");
  REQUIRE(outputs.ok());
  CHECK(outputs->size() == 2);
  CHECK(outputs->at("show version | json") == "{\"a\": 1}\n");
  CHECK(outputs->at("show inventory | json") == "{\"b\": 2}\n");
}

TEST_CASE("split_capture accepts prompts with no space, a space, or a Unix $ and %") {
  CHECK(split_capture(profile("sonic"), "sw1#show version\nx\n")->at("show version") == "x\n");
  CHECK(split_capture(profile("sonic"), "admin@sonic:~$ show version\ny\n")->at("show version") == "y\n");
  const auto og = split_capture(profile("opengear"),
                                "$ cat /etc/version\nv\n% config -g config.system.model\nm\n# showserial\ns\n");
  REQUIRE(og.ok());
  CHECK(og->at("cat /etc/version") == "v\n");
  CHECK(og->at("config -g config.system.model") == "m\n");
  CHECK(og->at("showserial") == "s\n");
}

TEST_CASE("split_capture does not take a line that merely ends with a command for an echo") {
  // "... show version" inside output has no prompt character before it.
  const auto outputs = split_capture(profile("sonic"), "sw1# show version\nplease run show version\nsw1#\n");
  REQUIRE(outputs.ok());
  CHECK(outputs->at("show version") == "please run show version\n");
}

TEST_CASE("split_capture keeps the last output of a command run twice") {
  const auto outputs = split_capture(profile("sonic"), "sw1# show version\nold\nsw1# show version\nnew\n");
  REQUIRE(outputs.ok());
  CHECK(outputs->at("show version") == "new\n");
}

TEST_CASE("split_capture takes bare output for a single-command profile") {
  const auto outputs = split_capture(profile("arista-eos"), "{\"version\": \"4.30.1F\"}\r\n");
  REQUIRE(outputs.ok());
  CHECK(outputs->at("show version | json") == "{\"version\": \"4.30.1F\"}\n");
}

TEST_CASE("split_capture names every command missing from a multi-command capture") {
  const auto outputs = split_capture(profile("opengear"), "$ cat /etc/version\nOpenGear/IM72xx Version 4.13.0\n");
  REQUIRE_FALSE(outputs.ok());
  CHECK(outputs.error().kind == ErrorKind::parse);
  CHECK(outputs.error().message ==
        "opengear capture has no output for 'config -g config.system.model', 'showserial' "
        "(expected a line ending with the command, e.g. 'sw1# showserial')");
}

TEST_CASE("split_capture refuses bare output for a multi-command profile") {
  CHECK_FALSE(split_capture(profile("cisco-nxos"), "{\"nxos_ver_str\": \"9.3(10)\"}").ok());
}

TEST_CASE("split_capture ends a section at the Junos cli escape and at setup commands") {
  const auto outputs = split_capture(profile("juniper-junos"),
                                     "root@sw1> show version | display json\n{}\n"
                                     "root@sw1:RE:0% cli\n"
                                     "root@sw1> set cli screen-length 0\nScreen length set to 0\n"
                                     "root@sw1> show chassis hardware | display json\n{\"c\": 1}\n");
  REQUIRE(outputs.ok());
  CHECK(outputs->at("show version | display json") == "{}\n");
  CHECK(outputs->at("show chassis hardware | display json") == "{\"c\": 1}\n");
}

TEST_CASE("split_capture cuts an Avocent ACS root capture at cli and drops the cli-> prompt") {
  const auto outputs = split_capture(profile("avocent-acs"),
                                     "[root@acs8048 ~]# cli\nWelcome to ACS8048 acs8048.\n"
                                     "--:- / cli-> show /system/information\nmodel: ACS8048\n--:- / cli-> \n");
  REQUIRE(outputs.ok());
  CHECK(outputs->size() == 1);
  CHECK(outputs->at("show /system/information") == "model: ACS8048\n");
}

TEST_CASE("split_capture finds the commands after the SLC, Connect IT and ConnectPort prompts") {
  const struct {
    const char* profile;
    const char* capture;
    const char* command;
    const char* output;
  } cases[] = {
      {"lantronix-slc", "[sysadmin]> admin show\nModel: SLC8048\n[sysadmin]> ", "admin show", "Model: SLC8048\n"},
      {"digi-connect-it", "cit16> show system\n Model : CIT 16\ncit16> ", "show system", " Model : CIT 16\n"},
      {"digi-connectport", "#> info device\n  Product : TS 16\n#> ", "info device", "  Product : TS 16\n"}};
  for (const auto& c : cases) {
    CAPTURE(c.profile);
    const auto outputs = split_capture(profile(c.profile), c.capture);
    REQUIRE(outputs.ok());
    CHECK(outputs->at(c.command) == c.output);
  }
}
