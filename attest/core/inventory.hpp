// The site inventory: which devices exist, where, and how to reach them.
// Loaded and validated by config/inventory_loader; plain data here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attest/util/clock.hpp"

namespace attest {

// Per-device deadlines. Every network operation runs under one of them.
struct Timeouts {
  Millis connect{5000};   // TCP connect + SSH banner/kex/host key
  Millis auth{10000};     // one authentication attempt
  Millis command{15000};  // one command, until its output is complete
  Millis total{90000};    // the whole device, all connections included
};

// How a device's TPM is quoted over SSH: by `attest agent quote` (JSON), or
// by stock `tpm2_quote` with the AK persisted at `ak_handle`.
enum class QuoteForm { agent, tpm2_tools };

inline constexpr std::uint32_t kDefaultAkHandle = 0x81010002;  // next to the EK's customary 0x81010001

// A TPM-equipped device: the gate quotes its TPM and checks measured boot.
struct TpmSettings {
  std::string pcr_selection = "sha256:0-7";  // what the quote must cover
  std::string ak_alg = "ecc";                // the AK: "ecc" or "rsa"
  QuoteForm quote_with = QuoteForm::agent;
  std::uint32_t ak_handle = kDefaultAkHandle;  // persistent AK handle (tpm2-tools form only)
  std::string event_log_path;                  // empty: the profile's location
};

// "agent" or "tpm2-tools": the inventory's and the report's spelling.
inline const char* to_string(QuoteForm form) { return form == QuoteForm::agent ? "agent" : "tpm2-tools"; }

// How a device is mounted: over rack units (position_u, height_u), or 0U:
// side-mounted in the rack's vertical space (PDUs, cable managers), no units.
enum class Mount { rack_units, zero_u };

// "rack" or "0u": the inventory's and the report's spelling.
inline const char* to_string(Mount mount) { return mount == Mount::zero_u ? "0u" : "rack"; }

// How attest reaches a device: its SSH CLI, or its BMC's Redfish API over
// HTTPS (a server may have both: two devices).
enum class Transport { ssh, redfish };

// "ssh" or "redfish": the inventory's and the report's spelling.
inline const char* to_string(Transport t) { return t == Transport::redfish ? "redfish" : "ssh"; }

struct Device {
  std::string name;
  std::string role;        // console-server, switch, pdu, server, bmc
  std::string profile;     // a profile name, e.g. "arista-eos"
  std::string model;       // expected model, as the device reports it
  std::string serial;      // expected serial number
  std::string address;     // management address (IP or host name)
  std::uint16_t port = 22;  // 443 for transport "redfish"
  Transport transport = Transport::ssh;
  // Pinned "SHA256:..." fingerprints: the key presented must be one of them
  // (several during a key rotation or for several key types); empty only
  // before `attest pin`. Redfish: of the TLS certificate, "SHA256:" + the
  // unpadded base64 of sha256(DER certificate).
  std::vector<std::string> host_keys;
  std::string credential;  // id of the login credential in the secrets file
  std::string rack;        // name of the rack that holds it
  Mount mount = Mount::rack_units;
  int position_u = 0;      // lowest rack unit it occupies; 0 for a 0U device
  int height_u = 1;        // units it occupies (rack_units only)
  Timeouts timeouts;
  std::optional<int> attempt_budget;  // overrides DB/profile/default budget
  // Authentication requests on one connection, its opening "none" included
  // (at most the server's MaxAuthTries); overrides the DB's; 1 to 64.
  std::optional<int> max_auth_per_connection;
  std::optional<TpmSettings> tpm;     // set for TPM-equipped devices
  std::optional<std::uint16_t> snmp_port;  // overrides the DB's SNMP port (profiles that declare SNMP)
  std::string json_pointer;           // where it was defined, for error messages
};

// The pins as people read them: "SHA256:a" or "SHA256:a or SHA256:b".
inline std::string pins_text(const std::vector<std::string>& pins) {
  std::string out;
  for (const auto& p : pins) out += (out.empty() ? "" : " or ") + p;
  return out;
}

// The pin `fingerprint` equals, as "the pin" (one pin) or "pin 2 of 3".
inline std::string pin_named(const std::vector<std::string>& pins, const std::string& fingerprint) {
  for (std::size_t i = 0; i < pins.size(); ++i) {
    if (pins[i] == fingerprint && !fingerprint.empty()) {
      return pins.size() == 1 ? "the pin" : "pin " + std::to_string(i + 1) + " of " + std::to_string(pins.size());
    }
  }
  return {};
}

struct Rack {
  std::string name;
  int height_u = 42;
};

struct Inventory {
  std::string path;  // file it was read from
  std::string site;
  std::vector<Rack> racks;
  std::vector<Device> devices;
};

inline constexpr const char* kRoles[] = {"console-server", "switch", "pdu", "server", "bmc"};

}  // namespace attest
