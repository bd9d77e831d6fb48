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

// A TPM-equipped device: the gate quotes its TPM and checks measured boot.
struct TpmSettings {
  std::string pcr_selection = "sha256:0-7";  // what the quote must cover
  std::string ak_alg = "ecc";                // the agent's AK: "ecc" or "rsa"
};

struct Device {
  std::string name;
  std::string role;        // console-server, switch, pdu, server, bmc
  std::string profile;     // a profile name, e.g. "arista-eos"
  std::string model;       // expected model, as the device reports it
  std::string serial;      // expected serial number
  std::string address;     // management address (IP or host name)
  std::uint16_t port = 22;
  std::string host_key;    // pinned "SHA256:..." fingerprint; empty only before `attest pin`
  std::string credential;  // id of the login credential in the secrets file
  std::string rack;        // name of the rack that holds it
  int position_u = 0;      // lowest rack unit it occupies
  int height_u = 1;
  Timeouts timeouts;
  std::optional<int> attempt_budget;  // overrides DB/profile/default budget
  std::optional<TpmSettings> tpm;     // set for TPM-equipped devices
  std::string json_pointer;           // where it was defined, for error messages
};

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
