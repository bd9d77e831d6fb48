#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "attest/lab/personality.hpp"

using namespace attest::lab;

namespace {

Facts facts(std::string vendor, std::string model, std::string serial, std::string version) {
  Facts f;
  f.vendor = std::move(vendor);
  f.model = std::move(model);
  f.serial = std::move(serial);
  f.version = std::move(version);
  f.hostname = "dev-r01";
  return f;
}

std::string render(const char* profile, const Facts& f, const char* command) {
  const Traits* t = find_traits(profile);
  REQUIRE(t != nullptr);
  auto out = render_command(*t, f, command);
  REQUIRE(out.has_value());
  return *out;
}

bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

}  // namespace

TEST_CASE("cisco-iosxe show version carries both version spellings, model and serial") {
  const auto out = render("cisco-iosxe", facts("Cisco", "C9300-48P", "FOC2211X0AB", "17.09.04a"), "show version");
  CHECK(has(out, "Cisco IOS XE Software, Version 17.09.04a\n"));
  CHECK(has(out, "(CAT9K_IOSXE), Version 17.9.4a, RELEASE SOFTWARE (fc3)"));
  CHECK(has(out, "cisco C9300-48P (X86) processor with"));
  CHECK(has(out, "Processor board ID FOC2211X0AB\n"));
  CHECK(has(out, "Model Number                       : C9300-48P\n"));
  CHECK(has(out, "System Serial Number               : FOC2211X0AB\n"));
  CHECK(has(out, "dev-r01 uptime is "));
}

TEST_CASE("cisco-nxos answers show version and show inventory as JSON") {
  const auto f = facts("Cisco", "N9K-C93180YC-FX", "FDO23160ABC", "10.3(4a)");
  const auto ver = nlohmann::json::parse(render("cisco-nxos", f, "show version | json"));
  CHECK(ver["nxos_ver_str"] == "10.3(4a)");
  CHECK(ver["chassis_id"] == "Nexus9000 C93180YC-FX Chassis");
  CHECK(ver["proc_board_id"] == "FDO23160ABC");
  CHECK(ver["host_name"] == "dev-r01");
  CHECK(ver.contains("bios_ver_str"));
  const auto inv = nlohmann::json::parse(render("cisco-nxos", f, "show inventory | json"));
  const auto& rows = inv["TABLE_inv"]["ROW_inv"];
  REQUIRE(rows.size() > 1);
  CHECK(rows[0]["name"] == "Chassis");
  CHECK(rows[0]["productid"] == "N9K-C93180YC-FX");
  CHECK(rows[0]["serialnum"] == "FDO23160ABC");
  CHECK(rows[1]["serialnum"] != "FDO23160ABC");
}

TEST_CASE("arista-eos show version | json has the EOS keys") {
  const auto j = nlohmann::json::parse(
      render("arista-eos", facts("Arista", "DCS-7050SX3-48YC8", "JPE20481234", "4.30.1F"), "show version | json"));
  CHECK(j["mfgName"] == "Arista");
  CHECK(j["modelName"] == "DCS-7050SX3-48YC8");
  CHECK(j["serialNumber"] == "JPE20481234");
  CHECK(j["version"] == "4.30.1F");
  CHECK(j["internalVersion"] == "4.30.1F-31275258.4301F");
  CHECK(j["isIntlVersion"] == false);
  CHECK(j["systemMacAddress"].get<std::string>().size() == 17);
}

TEST_CASE("juniper-junos answers in Junos JSON with data arrays") {
  const auto f = facts("Juniper", "qfx5120-48y-8c", "WS3718350012", "21.4R3-S3.4");
  const auto ver = nlohmann::json::parse(render("juniper-junos", f, "show version | display json"));
  const auto& sw = ver["software-information"][0];
  CHECK(sw["host-name"][0]["data"] == "dev-r01");
  CHECK(sw["product-model"][0]["data"] == "qfx5120-48y-8c");
  CHECK(sw["junos-version"][0]["data"] == "21.4R3-S3.4");
  CHECK(sw["package-information"][0]["comment"][0]["data"] == "JUNOS Base OS boot [21.4R3-S3.4]");
  const auto hw = nlohmann::json::parse(render("juniper-junos", f, "show chassis hardware | display json"));
  const auto& chassis = hw["chassis-inventory"][0]["chassis"][0];
  CHECK(chassis["attributes"]["junos:style"] == "inventory");
  CHECK(chassis["serial-number"][0]["data"] == "WS3718350012");
  CHECK(chassis["description"][0]["data"] == "QFX5120-48Y-8C");
  CHECK(chassis["chassis-module"].size() > 1);
}

TEST_CASE("sonic show version names version, HwSKU and serial") {
  const auto out = render("sonic", facts("Edgecore", "Accton-AS7326-56X", "AS7326-0042", "HEAD.1.2.0-7995b757b"),
                          "show version");
  CHECK(has(out, "SONiC Software Version: SONiC.HEAD.1.2.0-7995b757b\n"));
  CHECK(has(out, "HwSKU: Accton-AS7326-56X\n"));
  CHECK(has(out, "Serial Number: AS7326-0042\n"));
  CHECK(has(out, "Platform: x86_64-accton_as7326_56x-r0\n"));
  CHECK(has(out, "Docker images:"));
}

TEST_CASE("opengear prints version, model and serial in its own formats") {
  const auto f = facts("Opengear", "IM7216-2-DAC", "72161234567890", "4.12.1");
  CHECK(render("opengear", f, "cat /etc/version") ==
        "OpenGear/IM72xx Version 4.12.1 bd0e2a1c -- Tue Mar 19 02:41:18 UTC 2024\n");
  CHECK(render("opengear", f, "config -g config.system.model") == "config.system.model IM7216-2-DAC\n");
  CHECK(render("opengear", f, "showserial") == "72161234567890\n");
}

TEST_CASE("generic-linux os-release follows the os_name fact") {
  auto f = facts("Dell Inc.", "PowerEdge R650", "7X1Y2Z3", "12");
  const auto debian = render("generic-linux", f, "cat /etc/os-release");
  CHECK(has(debian, "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"));
  CHECK(has(debian, "VERSION_ID=\"12\"\n"));
  CHECK(has(debian, "ID=debian\n"));
  f.extra["os_name"] = "OpenBMC";
  f.version = "2.14.0";
  const auto bmc = render("generic-linux", f, "cat /etc/os-release");
  CHECK(has(bmc, "NAME=\"OpenBMC\"\n"));
  CHECK(has(bmc, "VERSION_ID=\"2.14.0\"\n"));
  CHECK(has(bmc, "ID=openbmc\n"));
  CHECK(render("generic-linux", f, "cat /sys/class/dmi/id/sys_vendor") == "Dell Inc.\n");
  CHECK(render("generic-linux", f, "cat /sys/class/dmi/id/product_name") == "PowerEdge R650\n");
  CHECK(render("generic-linux", f, "cat /sys/class/dmi/id/product_serial") == "7X1Y2Z3\n");
}

TEST_CASE("outputs are stable across calls and differ between serials") {
  const auto a = facts("Arista", "DCS-7050SX3-48YC8", "JPE1", "4.30.1F");
  const auto b = facts("Arista", "DCS-7050SX3-48YC8", "JPE2", "4.30.1F");
  CHECK(render("arista-eos", a, "show version | json") == render("arista-eos", a, "show version | json"));
  CHECK(render("arista-eos", a, "show version | json") != render("arista-eos", b, "show version | json"));
}

TEST_CASE("an unknown exec command exits 127 with a message on stderr") {
  const auto f = facts("Opengear", "IM7216-2-DAC", "1", "4.12.1");
  const auto r = run_exec(*find_traits("opengear"), f, "show version");
  CHECK(r.status == 127);
  CHECK(r.out.empty());
  CHECK(r.err == "bash: line 1: show: command not found\n");
  const auto ok = run_exec(*find_traits("opengear"), f, "showserial");
  CHECK(ok.status == 0);
  CHECK(ok.err.empty());
}

TEST_CASE("each profile has the prompt of its CLI") {
  const auto f = facts("x", "m", "s", "v");
  CHECK(prompt(*find_traits("cisco-iosxe"), f, "netops", false) == "dev-r01#");
  CHECK(prompt(*find_traits("cisco-nxos"), f, "netops", false) == "dev-r01#");
  CHECK(prompt(*find_traits("juniper-junos"), f, "netops", false) == "netops@dev-r01> ");
  CHECK(prompt(*find_traits("juniper-junos"), f, "root", true) == "root@dev-r01:RE:0% ");
  CHECK(prompt(*find_traits("sonic"), f, "admin", false) == "admin@dev-r01:~$ ");
  CHECK(find_traits("hp-procurve") == nullptr);
}

TEST_CASE("console servers print model, serial and firmware in their own reports") {
  const auto acs = render("avocent-acs", facts("Vertiv", "ACS8048", "0011223344", "2.20.0.7"), "show /system/information");
  CHECK(has(acs, "model: ACS8048\n"));
  CHECK(has(acs, "serial number: 0011223344\n"));
  CHECK(has(acs, "firmware: 2.20.0.7\n"));
  const auto slc = render("lantronix-slc", facts("Lantronix", "SLC80482201S", "0480-A3F7", "8.3.0.0R2"), "admin show");
  CHECK(has(slc, "Model:               SLC80482201S\n"));
  CHECK(has(slc, "Serial Number:       0480-A3F7\n"));
  CHECK(has(slc, "Firmware Version:    8.3.0.0R2\n"));
  const auto dal = render("digi-connect-it", facts("Digi", "Digi Connect IT 16", "CIT16-1", "24.3.28.88"), "show system");
  CHECK(has(dal, " Model                : Digi Connect IT 16\n"));
  CHECK(has(dal, " Firmware Version     : 24.3.28.88\n"));
  const auto netos = render("digi-connectport", facts("Digi", "ConnectPort TS 16", "00:40:9D:52:E1:07", "82002549_K"),
                            "info device");
  CHECK(has(netos, "  MAC Address         : 00:40:9D:52:E1:07\n"));
  CHECK(has(netos, "  Firmware Version    : 82002549_K 11/14/2012\n"));
}

TEST_CASE("console servers are shell-only CLIs with their own prompts and errors") {
  const auto f = facts("x", "m", "s", "v");
  for (const char* name : {"avocent-acs", "lantronix-slc", "digi-connect-it", "digi-connectport"}) {
    CAPTURE(name);
    CHECK(find_traits(name)->mode == Mode::shell);
  }
  CHECK(prompt(*find_traits("avocent-acs"), f, "admin", false) == "--:- / cli-> ");
  CHECK(prompt(*find_traits("avocent-acs"), f, "root", true) == "[root@dev-r01 ~]# ");
  CHECK(prompt(*find_traits("lantronix-slc"), f, "sysadmin", false) == "[sysadmin]> ");
  CHECK(prompt(*find_traits("digi-connect-it"), f, "admin", false) == "dev-r01> ");
  CHECK(prompt(*find_traits("digi-connectport"), f, "root", false) == "#> ");
  CHECK(invalid_command(*find_traits("avocent-acs"), "show version", false, 0) == "Error: Invalid command: show\n");
  CHECK_FALSE(render_command(*find_traits("lantronix-slc"), f, "show version").has_value());
}

namespace {

ExecResult exec(const char* profile, const Facts& f, const char* command) {
  const Traits* t = find_traits(profile);
  REQUIRE(t != nullptr);
  return run_exec(*t, f, command);
}

}  // namespace

TEST_CASE("old forms: a refused JSON form is unknown to the device, its text form answers") {
  auto f = facts("Juniper", "srx240h2", "AH4712AF0048", "12.1X47-D20.7");
  f.extra["refuse"] = "show version | display json;show chassis hardware | display json";
  const Traits* t = find_traits("juniper-junos");
  REQUIRE(t != nullptr);
  CHECK_FALSE(render_command(*t, f, "show version | display json").has_value());
  CHECK_FALSE(render_command(*t, f, "show chassis hardware | display json").has_value());
  CHECK(has(render("juniper-junos", f, "show version"), "JUNOS Software Release [12.1X47-D20.7]\n"));
  CHECK(has(render("juniper-junos", f, "show chassis hardware"), "Chassis                                AH4712AF0048"));
  auto nx = facts("Cisco", "N3K-C3048TP-1GE", "FOC17240ZKQ", "6.0(2)U6(10)");
  nx.extra["refuse"] = "show inventory | json";
  CHECK(render_command(*find_traits("cisco-nxos"), nx, "show version | json").has_value());
  CHECK_FALSE(render_command(*find_traits("cisco-nxos"), nx, "show inventory | json").has_value());
  CHECK(has(render("cisco-nxos", nx, "show inventory"), "PID: N3K-C3048TP-1GE      ,  VID: V02 ,  SN: FOC17240ZKQ\n"));
}

TEST_CASE("old forms: a Linux host denies product_serial, has no DMI, allows sudo dmidecode or has a device tree") {
  auto f = facts("Dell Inc.", "PowerEdge R660", "SRV0042", "12");
  CHECK(exec("generic-linux", f, "cat /sys/class/dmi/id/product_serial").out == "SRV0042\n");
  f.extra["dmi"] = "root-only";
  auto denied = exec("generic-linux", f, "cat /sys/class/dmi/id/product_serial");
  CHECK(denied.status == 1);
  CHECK(denied.err == "cat: /sys/class/dmi/id/product_serial: Permission denied\n");
  CHECK(exec("generic-linux", f, "cat /sys/class/dmi/id/product_name").out == "PowerEdge R660\n");
  CHECK(exec("generic-linux", f, "sudo -n dmidecode -s system-serial-number").err == "sudo: a password is required\n");
  f.extra["sudo"] = "dmidecode";
  CHECK(exec("generic-linux", f, "sudo -n dmidecode -s system-serial-number").out == "SRV0042\n");

  auto board = facts("", "", "10000000b4e1a7c3", "12");
  board.extra["dmi"] = "absent";
  board.extra["device_tree_serial"] = "10000000b4e1a7c3";
  CHECK(exec("generic-linux", board, "cat /sys/class/dmi/id/product_name").err ==
        "cat: /sys/class/dmi/id/product_name: No such file or directory\n");
  CHECK(exec("generic-linux", board, "cat /proc/device-tree/serial-number").out == std::string("10000000b4e1a7c3") + '\0');
  CHECK(exec("generic-linux", board, "cat /proc/device-tree/model").status == 1);
  CHECK(exec("generic-linux", board, "nonsense").status == 127);
}

TEST_CASE("dell-os10 renders the OS version, system type and the service tag on the '*' row") {
  const auto f = facts("Dell", "S5248F-ON", "7QLM3K2", "10.5.4.2");
  CHECK(has(render("dell-os10", f, "show version"), "OS Version: 10.5.4.2\n"));
  CHECK(has(render("dell-os10", f, "show version"), "System Type: S5248F-ON\n"));
  const auto inv = render("dell-os10", f, "show inventory");
  CHECK(has(inv, "Product               : S5248F-ON\n"));
  CHECK(has(inv, "* 1  S5248F-ON"));
  CHECK(has(inv, " 7QLM3K2  163 117 480 22\n"));
  CHECK(prompt(*find_traits("dell-os10"), f, "admin", false) == "dev-r01#");
}

TEST_CASE("cumulus-nvue renders NVUE on 5.x and only NCLU on 4.x") {
  auto f = facts("NVIDIA", "MSN2700", "MT2106X07711", "5.9.1");
  CHECK(has(render("cumulus-nvue", f, "nv show system"), "build           Cumulus Linux 5.9.1\n"));
  CHECK(has(render("cumulus-nvue", f, "nv show platform"), "serial-number   MT2106X07711\n"));
  CHECK(find_traits("cumulus-nvue")->mode == Mode::exec);
  f.extra["nclu"] = "yes";
  f.version = "4.1.0";
  CHECK(exec("cumulus-nvue", f, "nv show system").status == 127);
  CHECK(has(render("cumulus-nvue", f, "net show system"), "Serial Number.... MT2106X07711\n"));
}

TEST_CASE("aruba-aoscx and cisco-iosxr render their versions, serials and prompts") {
  const auto cx = facts("Aruba", "JL665A", "SG13KMX0AB", "FL.10.13.1000");
  CHECK(has(render("aruba-aoscx", cx, "show version"), "Version      : FL.10.13.1000\n"));
  CHECK(has(render("aruba-aoscx", cx, "show system"), "Chassis Serial Nbr : SG13KMX0AB\n"));
  CHECK(has(render("aruba-aoscx", cx, "show system"), "Product Name       : JL665A "));
  CHECK(builtin_command(*find_traits("aruba-aoscx"), "no page") == std::optional<std::string>(""));
  const auto xr = facts("Cisco", "8202-32FH-M", "FLM2741A0QK", "7.9.2");
  CHECK(has(render("cisco-iosxr", xr, "show version"), "Cisco IOS XR Software, Version 7.9.2 LNT\n"));
  CHECK(has(render("cisco-iosxr", xr, "show inventory"), "NAME: \"Rack 0\""));
  CHECK(has(render("cisco-iosxr", xr, "show inventory"), "VID: V03, SN: FLM2741A0QK\n"));
  CHECK(prompt(*find_traits("cisco-iosxr"), xr, "netops", false) == "RP/0/RP0/CPU0:dev-r01#");
}

namespace {

// One PDU personality: what its command prints, its prompt and its complaint.
struct PduCase {
  const char* profile;
  Facts facts;
  const char* command;
  std::vector<std::string> lines;  // each must appear in the output
  const char* user;
  const char* prompt;
  const char* invalid;  // the answer to "show version" (typed at column 4)
};

}  // namespace

TEST_CASE("each PDU personality prints its facts in its CLI's layout, behind its prompt, shell only") {
  const PduCase cases[] = {
      {"apc-nmc", facts("APC", "AP8853", "5A1932E04417", "v6.9.6"), "about",
       {"E000: Success\nHardware Factory\n", "Model Number:           AP8853\n",
        "Serial Number:          5A1932E04417\n",
        "APC OS(AOS)\n---------------\nName:                   aos\nVersion:                v6.9.6\n",
        "Application Module\n---------------\nName:                   rpdu2g\n"},
       "apc", "apc>", "E101: Command Not Found\n"},
      {"raritan-px", facts("Raritan", "PX3-5260R", "QFA3A00412", "4.0.20.5-47974"), "show pdu details",
       {"PDU 'dev-r01'\nModel:            PX3-5260R\n", "Firmware Version: 4.0.20.5-47974\n",
        "Serial Number:    QFA3A00412\n"},
       "admin", "# ", "Unknown command 'show'. Type 'help' for a list of commands.\n"},
      {"servertech-pro2", facts("Server Technology", "C2WG36MM-DCFE2M66/C", "ABEF0001234", "8.0p"), "show system",
       {"\nSystem Information\n\n", "   Firmware:               Sentry Switched PDU Version 8.0p  (Date ",
        "   Model Number:           C2WG36MM-DCFE2M66/C\n", "   Product Serial Number:  ABEF0001234\n"},
       "admn", "Switched PDU: ", "Invalid request\n"},
      {"vertiv-geist", facts("Vertiv", "VP8858NA3-0000", "0GS2231PB04411", "6.1.2"), "system info",
       {"System Information\n  Name:              dev-r01\n", "  Model:             VP8858NA3-0000\n",
        "  Serial Number:     0GS2231PB04411\n", "  Firmware Version:  6.1.2\n"},
       "admin", "admin@dev-r01>", "Unknown command: show\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.profile);
    const Traits& t = *find_traits(c.profile);
    CHECK(t.mode == Mode::shell);
    const auto out = render(c.profile, c.facts, c.command);
    CHECK(out.rfind(c.lines.front(), 0) == 0);
    for (const auto& line : c.lines) CHECK(has(out, line));
    CHECK(prompt(t, c.facts, c.user, false) == c.prompt);
    CHECK(invalid_command(t, "show version", false, 4) == c.invalid);
  }
}

TEST_CASE("apc-nmc's banner names the AOS; raritan-px greets with its family and prompts '>' for non-admins") {
  const auto apc = facts("APC", "AP8853", "5A1932E04417", "v6.9.6");
  CHECK(has(banner(*find_traits("apc-nmc"), apc, "apc"), "Network Management Card AOS      v6.9.6\n"));
  const auto px = facts("Raritan", "PX2-4724-E2N1K2", "PKE1B00237", "3.5.0.5-46780");
  CHECK(banner(*find_traits("raritan-px"), px, "admin").rfind("Welcome to PX2 CLI!\n", 0) == 0);
  CHECK(prompt(*find_traits("raritan-px"), px, "netops", false) == "> ");
}

TEST_CASE("servertech-pro2 answers in the 7.x layout behind a Smart CDU prompt") {
  auto f = facts("Server Technology", "CW-24V2-L30M", "ZAAK0102234", "7.0k");
  f.extra["cli_prompt"] = "Smart CDU:";
  const auto v7 = render("servertech-pro2", f, "show system");
  CHECK(has(v7, "   F/W Version:            Sentry Smart CDU Version 7.0k\n"));
  CHECK(has(v7, "   Serial Number:          ZAAK0102234\n"));
  CHECK_FALSE(has(v7, "Product Serial Number"));
  CHECK(prompt(*find_traits("servertech-pro2"), f, "admn", false) == "Smart CDU: ");
}

TEST_CASE("the PDU CLIs know only their own command") {
  const auto f = facts("x", "PX3-5260R", "s", "v");
  for (const auto& [profile, other] : {std::pair{"apc-nmc", "show system"}, std::pair{"raritan-px", "about"},
                                       std::pair{"servertech-pro2", "system info"},
                                       std::pair{"vertiv-geist", "show pdu details"}}) {
    CAPTURE(profile);
    CHECK_FALSE(render_command(*find_traits(profile), f, other).has_value());
    CHECK_FALSE(builtin_command(*find_traits(profile), "terminal length 0").has_value());
  }
}
