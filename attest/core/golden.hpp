// The golden database: firmware policy per model and factory-default
// credentials per profile. Human-reviewed JSON under firmware-db/, loaded by
// config/golden_loader. Plain data here; evaluation lives in engine/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace attest {

struct BlockedVersion {
  std::string version;
  std::string advisory;  // e.g. "cisco-sa-iosxe-webui-privesc-j22SaA4z", "CVE-2023-20198"
  std::string reason;
};

struct FirmwareComponent;

struct FirmwarePolicy {
  std::string vendor;
  std::string model;                 // as the device reports it
  std::vector<std::string> aliases;  // other spellings of the same model
  std::string profile;
  std::string scheme;                // version ordering, see profiles/version.hpp
  std::vector<std::string> approved;
  std::optional<std::string> minimum;
  std::vector<BlockedVersion> blocked;
  std::string source;                // file + JSON pointer, for findings
  // Per component of a BMC's FirmwareInventory (Redfish devices): "BMC",
  // "BIOS", ... each with its own versions; empty for SSH-only models.
  std::vector<FirmwareComponent> components;
};

// One firmware component of a model: which FirmwareInventory members it is
// (a case-insensitive substring of the member's Name or Id) and its policy
// (model = the component's name, e.g. "BIOS").
struct FirmwareComponent {
  std::string name;
  std::vector<std::string> match;
  FirmwarePolicy policy;
};

// How a default password is obtained.
enum class PasswordKind {
  literal,        // `password` holds it ("admin", "calvin"; may be "")
  none_auth,      // SSH "none" authentication (no password at all)
  serial_suffix,  // last `length` characters of the device serial
};

struct DefaultCredential {
  std::string id;
  std::string username;
  PasswordKind kind = PasswordKind::literal;
  std::string password;  // literal only
  int length = 0;        // serial_suffix only
  std::string source;    // documentation reference
};

// SNMP communities a profile's agents answer out of the box (the
// default-credentials file's optional "snmp" block). Communities are public
// defaults, not secrets: findings and reports name them.
struct SnmpCommunity {
  std::string id;         // unique across the DB, like credential ids
  std::string community;  // "public"
  std::string source;     // documentation reference
};

struct SnmpPolicy {
  std::uint16_t port = 161;
  std::vector<SnmpCommunity> communities;
  bool v2c = true;  // "versions": ["v2c"] unless the DB says otherwise
  bool v1 = false;
  int attempt_budget = 0;  // requests sent at most; 0: every community x version
  std::string source;      // "file#/profiles/<profile>/snmp"
};

struct CredentialPolicy {
  std::string profile;
  std::string source;  // "file#/profiles/<profile>": the rule credential findings cite
  std::vector<DefaultCredential> defaults;
  std::optional<int> attempt_budget;         // larger budget for devices without lockout
  std::optional<int> max_auth_per_connection;
  // How long the profile's devices remember a failed authentication toward a
  // lockout (seconds), and the documentation that says so: the attempt
  // journal subtracts failures this recent from the budget.
  std::optional<int> lockout_window_s;
  std::string lockout_source;
  std::optional<SnmpPolicy> snmp{};  // none: the profile's devices get no SNMP probe
};

// Golden measured-boot values for one model and its firmware versions
// (firmware-db/boot/*.json, schema attest.boot/v1). Digests are lowercase
// sha256 hex; tpm/eventlog matches an event log and a quote against them.
struct BootPolicy {
  std::string model;
  std::vector<std::string> firmware_versions;
  std::string pcr_selection;  // tpm2-tools syntax, "sha256:0-7": PCRs the quote must cover
  std::vector<std::string> crtm_versions;
  std::vector<std::string> platform_firmware_digests;  // sha256 hex
  std::vector<std::string> boot_application_digests;   // sha256 hex
  // The same as sha1 hex, for SHA1-only (TPM 1.2 format) event logs, which
  // carry no sha256 digests.
  std::vector<std::string> sha1_platform_firmware_digests;
  std::vector<std::string> sha1_boot_application_digests;
  // Whether a SHA1-only event log may pass ("sha1_only_log": "accepted", the
  // default, with a warning in the finding; "refused" fails it).
  bool sha1_only_log_refused = false;
  bool secure_boot_required = false;
  // bank name ("sha256") -> PCR index -> lowercase hex; optional exact values.
  std::map<std::string, std::map<unsigned, std::string>> expected_pcrs;
  std::string source;  // file + JSON pointer, for findings
};

// A service that must not answer at bring-up (telnet on TCP 23 at least).
// Golden boot integrity values for a switch model and its OS releases
// (firmware-db/integrity/*.json, schema attest.integrity/v1): the hashes a
// Cisco switch may report in `show platform integrity sign nonce N`. Digests
// are lowercase hex, SHA-256 or SHA-512 as the switch prints them.
struct IntegrityPolicy {
  std::string model;  // the SUDI PID / "Platform:", e.g. "C9300-24T"
  std::vector<std::string> os_versions;
  std::vector<std::string> boot0_hashes;
  std::vector<std::string> boot_loader_hashes;
  std::vector<std::string> os_hashes;  // the image, or every package of a multi-package install
  std::string source;                  // file + JSON pointer, for findings
};

struct ClosedService {
  std::string service;  // "telnet"
  std::uint16_t port = 0;
};

// What an SSH server may offer (firmware-db/posture/*.json, schema
// attest.posture/v1): one site default (profile "") and per-profile entries
// that replace it whole. attest also restricts its own offer to what the
// policy allows, so no credential crosses a channel the policy forbids.
// What a BMC's Redfish service may have on at bring-up (the "redfish" block
// of a posture policy): ManagerNetworkProtocol members that must be off
// ("IPMI", "Telnet", "SSDP", "HTTP") and account names that must not be
// enabled (factory accounts: "root", "ADMIN", "USERID", "Administrator").
struct RedfishServicePolicy {
  std::vector<std::string> forbidden_protocols;
  std::vector<std::string> default_accounts;
  std::string source;  // "file#/policies/<profile>/redfish"
};

struct SshPosturePolicy {
  std::string profile;  // "" for the site default
  std::string source;   // "file#/pointer": the rule ssh-posture findings cite
  std::string citation;  // the published guideline it follows ("ssh-audit 2.5 policy ...")
  // Algorithms that must not be offered (exact names).
  std::vector<std::string> forbidden_kex, forbidden_host_key, forbidden_ciphers, forbidden_macs;
  // Each non-empty list: at least one of its names must be offered.
  std::vector<std::string> required_kex, required_host_key, required_ciphers, required_macs;
  int min_rsa_bits = 2048;   // host key (RSA)
  int min_ecdsa_bits = 256;  // host key (ECDSA)
  bool password_auth_allowed = true;      // may the server offer password / keyboard-interactive?
  bool banner_may_reveal_version = true;  // may the identification string carry a version?
  std::vector<ClosedService> must_be_closed;
  std::optional<RedfishServicePolicy> redfish;  // Redfish devices only
  // "snmp": {"v1_v2c": "forbidden"|"allowed"}: may SNMPv1/v2c answer at all
  // (service-posture)? None: the policy does not say (an SNMP device errors).
  std::optional<bool> snmp_v1_v2c_allowed;
};

// One compliance control an auditor tests (controls/controls.json, schema
// attest.controls/v1): "PCI DSS v4.0" requirement "2.2.2", with its source.
struct Control {
  std::string id;  // stable, recorded in report.json
  std::string framework;
  std::string ref;
  std::string title;
  std::string source;  // document and section
};

// Which controls each check is evidence for. Empty when the DB has no
// controls file (the report then says so: no mapping, not "no control").
struct ControlMap {
  std::string file;  // the file it was read from, e.g. "firmware-db/controls/controls.json"
  std::vector<Control> controls;
  std::map<std::string, std::vector<std::string>> by_check;  // check id -> control ids
};

// The policy among `policies` for `model` (exact) whose `versions` list `version`.
template <typename Policy>
const Policy* find_versioned(const std::vector<Policy>& policies, std::vector<std::string> Policy::*versions,
                             const std::string& model, const std::string& version) {
  for (const auto& p : policies) {
    if (p.model != model) continue;
    for (const auto& v : p.*versions)
      if (v == version) return &p;
  }
  return nullptr;
}

struct GoldenDb {
  std::string dir;
  ControlMap controls;
  std::vector<FirmwarePolicy> firmware;
  std::map<std::string, CredentialPolicy> credentials;  // by profile
  std::vector<BootPolicy> boot;
  std::vector<IntegrityPolicy> integrity;
  // DER of the SUDI roots in tpm-roots/cisco-sudi/*.pem: what a switch's
  // integrity evidence must chain to.
  std::vector<std::vector<std::uint8_t>> sudi_roots_der;
  std::map<std::string, SshPosturePolicy> posture;  // by profile; "" is the site default

  // The profile's posture policy, else the site default, else nullptr.
  const SshPosturePolicy* find_posture(const std::string& profile) const {
    auto it = posture.find(profile);
    if (it == posture.end()) it = posture.find("");
    return it == posture.end() ? nullptr : &it->second;
  }

  // The boot policy for `model` (exact) that lists `firmware_version`, if any.
  const BootPolicy* find_boot(const std::string& model, const std::string& firmware_version) const {
    return find_versioned(boot, &BootPolicy::firmware_versions, model, firmware_version);
  }

  // The integrity policy for `model` (exact) that lists `os_version`, if any.
  const IntegrityPolicy* find_integrity(const std::string& model, const std::string& os_version) const {
    return find_versioned(integrity, &IntegrityPolicy::os_versions, model, os_version);
  }

  // Whether any integrity policy names `model`: such switches are asked for
  // signed integrity evidence.
  bool wants_integrity(const std::string& model) const {
    for (const auto& p : integrity)
      if (p.model == model) return true;
    return false;
  }

  // The policy whose model or alias equals `model` (exact, case-sensitive), if any.
  const FirmwarePolicy* find_firmware(const std::string& model) const {
    for (const auto& p : firmware) {
      if (p.model == model) return &p;
      for (const auto& a : p.aliases)
        if (a == model) return &p;
    }
    return nullptr;
  }
};

inline constexpr int kDefaultAttemptBudget = 8;
inline constexpr int kDefaultMaxAuthPerConnection = 3;
// A profile without a lockout window in the DB: an hour, longer than the
// documented defaults (pam_faillock fail_interval 900 s), so failures are
// remembered at least as long as a device would.
inline constexpr int kDefaultLockoutWindowSeconds = 3600;

// Authentication requests the site login costs: a "none" query that learns
// the offered methods (so keyboard-interactive-only devices are not
// misreported), then the credential itself. With a budget of one, or room for
// one request per connection, the query is skipped. Planners reserve this
// much of the budget before probes.
inline int login_auth_requests(int attempt_budget, int max_per_connection = kDefaultMaxAuthPerConnection) {
  return attempt_budget >= 2 && max_per_connection >= 2 ? 2 : 1;
}

}  // namespace attest
