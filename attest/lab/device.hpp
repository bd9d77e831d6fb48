// One emulated device as the running lab holds it: its spec, its listening
// socket, its host identity and what its connections read while serving.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "attest/lab/fd.hpp"
#include "attest/lab/personality.hpp"
#include "attest/lab/spec.hpp"
#include "attest/lab/snmpd.hpp"
#include "attest/lab/ssh_handles.hpp"
#include "attest/lab/tpm_device.hpp"
#include "attest/util/result.hpp"

namespace attest::lab {

struct ReadyDevice {
  std::string name;
  std::string address;
  std::uint16_t port = 0;
  std::string host_key_fingerprint;  // SSH devices
  Transport transport = Transport::ssh;
  std::string tls_cert_sha256;       // Redfish devices (TlsIdentity)
  std::string tls_spki_sha256;
  std::uint16_t snmp_port = 0;       // UDP port of its snmpd; 0: no SNMP agent
};

struct AuthorizedKey {
  std::string username;
  KeyPtr key;
};

// A host key and the ssh_bind that hands it to each accepted session. Devices
// naming the same host key file share one: the key is loaded once, never per
// connection.
struct HostIdentity {
  BindPtr bind;
  std::string fingerprint;
};

// Host identities by resolved key path, while a lab starts.
using HostIdentities = std::map<std::string, std::shared_ptr<HostIdentity>>;

struct Device {
  std::size_t index = 0;  // in the spec, and in Stats
  DeviceSpec spec;
  const Traits* traits = nullptr;
  std::vector<AuthorizedKey> keys;
  std::shared_ptr<HostIdentity> identity;
  Fd listen_fd;  // non-blocking
  ReadyDevice ready;
  std::unique_ptr<DeviceTpm> tpm;  // TPM-equipped devices, once started
  std::unique_ptr<Snmpd> snmpd;    // devices with an "snmp" spec, once started
};

// A non-blocking listening socket on address:port (port 0: the kernel picks; `bound_port` says which).
Result<Fd> listen_on(const std::string& address, std::uint16_t port, std::uint16_t& bound_port);

// Loads the device's keys and binds its listening socket. Errors name the
// spec file and the device's JSON pointer: input (bad key files), io (cannot bind).
Result<std::unique_ptr<Device>> make_device(const LabSpec& spec, std::size_t index, HostIdentities& identities);

}  // namespace attest::lab
