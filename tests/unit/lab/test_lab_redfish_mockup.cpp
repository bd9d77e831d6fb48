#include <doctest/doctest.h>

#include <string>

#include "attest/lab/redfish_mockup.hpp"
#include "redfish_test_device.hpp"

using namespace attest::lab;

namespace {

// The test device with a lockout of 5 in 60 s for 300 s and IPMI on.
DeviceSpec bmc(const std::string& mockup) {
  DeviceSpec d = attest::lab::test::redfish_test_device(mockup);
  d.facts = {"", "Model X", "SER-123", "1.2.3", "bmc1", {}};
  d.redfish->accounts[1].username = "svc";
  d.redfish->lockout = {5, 300, 60};
  d.redfish->ipmi_enabled = true;
  return d;
}

// Every {"@odata.id": ...} link inside `node` names a resource of the tree
// (or the Sessions collection, which the service keeps itself).
void check_links(const nlohmann::ordered_json& node, const MockupTree& tree, const std::string& where) {
  if (node.is_object() && node.contains("@odata.id") && node["@odata.id"].is_string()) {
    const std::string link = node["@odata.id"].get<std::string>();
    const bool sessions = link == "/redfish/v1/SessionService/Sessions";
    CHECK_MESSAGE((sessions || tree.resources.contains(link)), (where + " links " + link));
  }
  if (node.is_structured()) {
    for (const auto& child : node) check_links(child, tree, where);
  }
}

}  // namespace

TEST_CASE("every mockup renders: no placeholder left, each resource's @odata.id is its path, every link resolves") {
  for (const char* name : {"idrac", "ilo", "supermicro", "xcc", "openbmc"}) {
    auto tree = render_mockup(bmc(name));
    REQUIRE_MESSAGE(tree.ok(), name);
    const auto& traits = *tree->traits;
    for (const auto& [path, doc] : tree->resources) {
      CHECK_MESSAGE(doc.dump().find("{{") == std::string::npos, path);
      CHECK_MESSAGE(doc["@odata.id"] == path, path);
      check_links(doc, *tree, std::string(name) + " " + path);
    }
    const auto& system = tree->resources.at("/redfish/v1/Systems/" + std::string(traits.system_id));
    CHECK(system["SerialNumber"] == "SER-123");
    CHECK(system["Manufacturer"] == std::string(traits.manufacturer));
    CHECK(system["BiosVersion"] == std::string(traits.bios_version));
    const std::string manager = "/redfish/v1/Managers/" + std::string(traits.manager_id);
    CHECK(tree->resources.at(manager)["FirmwareVersion"] == "1.2.3");
    const auto& protocols = tree->resources.at(manager + "/NetworkProtocol");
    CHECK(protocols["IPMI"]["ProtocolEnabled"] == true);
    CHECK(protocols["Telnet"]["ProtocolEnabled"] == false);
    const auto& accounts = tree->resources.at("/redfish/v1/AccountService");
    CHECK(accounts["AccountLockoutThreshold"] == 5);
    CHECK(accounts["AccountLockoutDuration"] == 300);
    CHECK(accounts["AccountLockoutCounterResetAfter"] == 60);
    const auto& members = tree->resources.at("/redfish/v1/AccountService/Accounts")["Members"];
    REQUIRE(members.size() == 2);
    const auto& svc = tree->resources.at(members[1]["@odata.id"].get<std::string>());
    CHECK(svc["UserName"] == "svc");
    CHECK(svc["Enabled"] == false);
    CHECK(svc["RoleId"] == "ReadOnly");
    CHECK(tree->resources.at("/redfish/v1/UpdateService/FirmwareInventory")["Members"].size() == 5);
  }
}

TEST_CASE("account URLs follow each BMC's numbering") {
  CHECK(account_path(*find_mockup("idrac"), 0, "root") == "/redfish/v1/AccountService/Accounts/2");
  CHECK(account_path(*find_mockup("ilo"), 1, "x") == "/redfish/v1/AccountService/Accounts/2");
  CHECK(account_path(*find_mockup("openbmc"), 0, "root") == "/redfish/v1/AccountService/Accounts/root");
}

TEST_CASE("facts override the mockup's firmware versions and manufacturer") {
  DeviceSpec d = bmc("idrac");
  d.facts.vendor = "Dell EMC";
  d.facts.extra = {{"bios_version", "1.0.1"}, {"cpld_version", "9.9.9"}};
  auto tree = render_mockup(d);
  REQUIRE(tree.ok());
  CHECK(tree->resources.at("/redfish/v1/Systems/System.Embedded.1")["Manufacturer"] == "Dell EMC");
  CHECK(tree->resources.at("/redfish/v1/UpdateService/FirmwareInventory/Installed-159__BIOS.Setup.1-1")["Version"] == "1.0.1");
  CHECK(tree->resources.at("/redfish/v1/UpdateService/FirmwareInventory/Installed-27763__CPLD.Embedded.1")["Version"] == "9.9.9");
}
