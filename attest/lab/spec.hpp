// The lab spec ("attest.lab/v1"): which fake devices to serve, where, with
// which facts, accounts and faults. Loaded and validated here; plain data out.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/result.hpp"

namespace attest::lab {

struct LabSudi;  // sudi_device.hpp

inline constexpr const char* kSpecSchema = "attest.lab/v1";

enum class Mode { exec, shell };
enum class Fault { none, refuse, hang, drop_mid_command, garbage, flood, silent };

const char* to_string(Fault fault);

// What the device says about itself; rendered into command outputs.
struct Facts {
  std::string vendor;
  std::string model;
  std::string serial;
  std::string version;   // raw, as the device prints it ("17.09.04a")
  std::string hostname;
  std::map<std::string, std::string> extra;  // optional, e.g. "os_name"
  // A switch with a SUDI (spec "sudi"): made at lab start; it answers the
  // Cisco signed integrity commands. `tampered_os` reports an OS image that
  // was never released (fault "tampered-os-hash").
  std::shared_ptr<const LabSudi> sudi{};
  bool tampered_os = false;

  // An extra fact, or `fallback` when the spec does not set it.
  std::string get(const std::string& key, const std::string& fallback) const;
};

enum class AuthKind { none, password, public_key };

struct Account {
  std::string username;
  AuthKind kind = AuthKind::password;
  std::string password;        // kind == password (may be empty)
  std::string authorized_key;  // kind == public_key: resolved path of a .pub file
};

// A TPM-equipped device: its TPM is a real swtpm; its firmware's measured
// boot is emulated (PCRs extended, event log served).
enum class TpmFault {
  none,
  replayed_quote,     // every quote request gets the same old quote
  eventlog_mismatch,  // the served log has an event that was never extended
  swapped_after_enrollment,  // a second TPM answers once enrollment finished (board swap)
};

// Where a TPM device serves its event log unless its spec names another path:
// the Linux securityfs file. The client's copy (kLinuxEventLogPath in
// attest/profiles) is not shared, as the lab keeps its own profile table.
inline constexpr const char* kEventLogPath = "/sys/kernel/security/tpm0/binary_bios_measurements";

struct TpmSpec {
  std::string ak_alg = "ecc";                   // the agent's AK: "ecc" or "rsa"
  std::string crtm_version;                     // EV_S_CRTM_VERSION
  std::vector<std::string> firmware_images;     // measured as EV_EFI_PLATFORM_FIRMWARE_BLOB
  std::vector<std::string> boot_applications;   // measured as EV_EFI_BOOT_SERVICES_APPLICATION
  bool secure_boot = true;
  std::string event_log_path;  // where `cat` serves the event log (default kEventLogPath)
  TpmFault fault = TpmFault::none;
  bool ecc_ek_only = false;  // "ek_certificates": "ecc-only": one L-2 P-256 EK certificate, no RSA one
};

// Account lockout the way pam_faillock or `login block-for` enforce it:
// `threshold` failed authentication requests (every refused request counts,
// "none" included) within `window_s` seconds lock the device for `window_s`
// seconds after the last one, during which even the right password is
// refused. threshold 0: no lockout.
struct LockoutSpec {
  int threshold = 0;
  int window_s = 0;
};

// How a device is reached: an SSH server (the default) or a Redfish BMC over HTTPS.
enum class Transport { ssh, redfish };

// Hostile answers of a Redfish BMC, for the client's bad-input tests; each
// applies to every request, the service root included.
enum class RedfishFault {
  none,
  html,                 // 200 text/html: a login page instead of JSON
  truncated_json,       // the first half of the real JSON, Content-Length matching it
  huge_body,            // 200 application/json of 50 MiB, streamed
  redirect_other_host,  // 302 to https://127.0.0.99 + the same path
  hang,                 // TLS handshake done, then never an answer
};
const char* to_string(RedfishFault fault);

struct RedfishAccount {
  std::string username;
  std::string password;
  bool enabled = true;
  std::string role = "Administrator";  // RoleId
};

// Account lockout as DMTF's AccountService declares it: `threshold` refused
// logins of one account, each within `reset_after_s` of the one before, lock
// it for `duration_s` seconds, during which even the right password is
// refused. threshold 0: no lockout.
struct RedfishLockout {
  int threshold = 0;
  int duration_s = 0;
  int reset_after_s = 0;
};

struct RedfishSpec {
  std::string mockup;        // "idrac", "ilo", "supermicro", "xcc", "openbmc"
  std::string tls_cert;      // resolved PEM paths; generated (self-signed) when missing
  std::string tls_key;
  bool cert_expired = false; // a generated certificate is already expired
  std::vector<RedfishAccount> accounts;
  RedfishLockout lockout;
  // Managers/{id}/NetworkProtocol: ProtocolEnabled of IPMI, Telnet, SSDP, HTTP.
  bool ipmi_enabled = false;
  bool telnet_enabled = false;
  bool ssdp_enabled = false;
  bool http_enabled = false;
  RedfishFault fault = RedfishFault::none;
};

// A device whose SNMP agent answers: attest-lab runs a real snmpd for it
// (lab/snmpd.hpp) on the device's address.
struct SnmpSpec {
  std::vector<std::string> communities;  // read-only communities it accepts
  bool v1 = true;
  bool v2c = true;
  std::uint16_t port = 161;  // 0: any free port (reported in --ready)
  std::string sys_descr;     // "" -> "<vendor> <model> <version>"
};

// A cisco-iosxe switch that signs its boot integrity with a lab SUDI key.
struct SudiSpec {
  std::string root_out;  // resolved path: where the lab writes its SUDI root (PEM) at start
  bool tampered_os = false;
};

struct DeviceSpec {
  std::string name;
  Transport transport = Transport::ssh;
  std::optional<RedfishSpec> redfish;  // transport == redfish
  std::string profile;          // SSH devices; "" for Redfish ones (the mockup names the vendor)
  std::string address;          // dotted quad inside 127.0.0.0/8
  std::uint16_t port = 0;       // 0 = any free port (reported in --ready)
  std::string host_key;         // resolved path; generated when missing
  Facts facts;
  std::vector<Account> accounts;
  Mode mode = Mode::exec;
  bool paging = true;
  int latency_ms = 0;
  int max_auth_per_connection = 6;  // OpenSSH's MaxAuthTries default
  LockoutSpec lockout;
  Fault fault = Fault::none;
  std::optional<TpmSpec> tpm;
  std::optional<SnmpSpec> snmp;
  std::optional<SudiSpec> sudi;
  std::string json_pointer;     // "/devices/3", for later error messages
};

struct LabSpec {
  std::string path;
  std::vector<DeviceSpec> devices;
};

// Parses and validates spec text; `path` names the file in errors and is the
// base for relative key paths. Errors read "<path>: <json pointer>: <why>".
Result<LabSpec> parse_spec(std::string_view text, const std::string& path);

// Reads `path` and parses it.
Result<LabSpec> load_spec(const std::string& path);

// "127.77.0.2:2222" -> address + port; refuses anything outside 127.0.0.0/8.
struct Endpoint {
  std::string address;
  std::uint16_t port = 0;
};
Result<Endpoint> parse_listen(std::string_view text);

}  // namespace attest::lab
