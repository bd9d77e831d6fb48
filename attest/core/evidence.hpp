// What a collector observed on one device: raw material, no judgement.
// Evaluators (engine/) turn evidence + golden DB into findings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "attest/core/redfish_evidence.hpp"
#include "attest/util/result.hpp"

namespace attest {

// Size caps for what we keep from a device. Reads beyond the read cap are
// refused (the command fails); the stored copy is capped further.
inline constexpr std::size_t kMaxCommandOutput = 1u << 20;  // 1 MiB read from one command
inline constexpr std::size_t kMaxStoredOutput = 16u << 10;  // 16 KiB kept in the report

struct CommandRecord {
  std::string command;
  std::string output;      // full output as read (<= kMaxCommandOutput); report keeps a capped copy
  std::string sha256;      // of the full output
  std::size_t size = 0;
  std::string started;     // RFC 3339
  std::string finished;
  std::optional<Error> error;  // timeout, dropped, too large...
};

// method_query: the "none" request that opens a probing connection and
// learns the methods offered to its username; not a candidate itself.
enum class AttemptOrigin { login, factory_default, retired, method_query };
enum class AttemptOutcome {
  accepted,   // the device let us in with it
  rejected,   // the device refused it
  error,      // the attempt could not be completed (disconnect, timeout)
  not_tried,  // beyond the attempt budget, or skipped (e.g. host key mismatch)
};

// What a collector reports of each authentication request as it happens
// (the attempt journal's source, engine/attempt_journal.hpp).
enum class AuthRequestEvent {
  sent,      // about to be sent: a failure unless `accepted` follows
  accepted,  // the request just sent let us in: not a failure
};

struct AuthAttempt {
  AttemptOrigin origin = AttemptOrigin::factory_default;
  std::string credential_id;  // DB default id, retired id, or login credential id
  std::string username;
  std::string method;         // "none", "password", "keyboard-interactive", "publickey"
  AttemptOutcome outcome = AttemptOutcome::not_tried;
  std::string detail;         // never contains a secret
  int connection = 0;         // which connection (1-based) carried it
};

// The algorithm name-lists of one side's SSH_MSG_KEXINIT (RFC 4253 §7.1), in
// the sender's order of preference.
struct KexInitLists {
  std::vector<std::string> kex;
  std::vector<std::string> host_key;
  std::vector<std::string> cipher_c2s, cipher_s2c;
  std::vector<std::string> mac_c2s, mac_s2c;
  std::vector<std::string> compression_c2s, compression_s2c;
  std::vector<std::string> languages_c2s, languages_s2c;
  bool first_kex_packet_follows = false;
};

// What the handshake settled on (libssh2_session_methods).
struct NegotiatedAlgorithms {
  std::string kex, host_key, cipher_c2s, cipher_s2c, mac_c2s, mac_s2c, compression_c2s, compression_s2c;
};

// What the SSH server showed of itself before any credential: read off the
// wire on the first connection (identification string, KEXINIT) and from
// libssh2 once the key exchange finished.
struct SshServerPosture {
  std::string banner;                              // "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3"; "" if none
  std::optional<KexInitLists> offered;             // the server's KEXINIT; empty if never received
  std::optional<NegotiatedAlgorithms> negotiated;  // empty when the key exchange did not finish
  std::string host_key_type;                       // "ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256"
  int host_key_bits = 0;                           // RSA/DSA modulus, EC curve size; 0 unknown
  // The methods the server offered the login user in its answer to "none"
  // (RFC 4252 §5.2); empty when unknown or when "none" let it in.
  std::vector<std::string> login_methods;
  // The key exchange was not attempted or broken off because no algorithm
  // attest's posture policy allows was offered: why, else "".
  std::string refused_by_policy;
};

// A management service that must be closed at bring-up (telnet, ...), as
// a TCP connect found it. Never sends anything.
enum class PortState { open, closed, filtered, error };
struct PortProbe {
  std::string service;  // "telnet"
  std::uint16_t port = 0;
  PortState state = PortState::error;
  std::string detail;
};

// One management endpoint tried from a vantage that must not reach it
// (`attest exposure`, attest/exposure/): what came back. Probes never carry a
// credential. Only `reachable` fails the device.
enum class VantageProtocol { tcp, udp };
enum class VantageReach {
  reachable,  // TCP handshake completed, or the UDP service answered
  refused,    // TCP RST, or ICMP port unreachable for UDP
  filtered,   // no answer to the SYN within the deadline
  silent,     // UDP: nothing came back within the deadline
  no_route,   // the kernel has no route from this vantage (ENETUNREACH, EHOSTUNREACH)
  error,      // the probe could not be made (bad address, local failure)
};
struct VantageEndpoint {
  std::string service;  // "ssh", "telnet", "http", "https", "snmp", "ipmi"
  VantageProtocol protocol = VantageProtocol::tcp;
  std::uint16_t port = 0;

  friend bool operator==(const VantageEndpoint&, const VantageEndpoint&) = default;
};
struct VantageProbe {
  VantageEndpoint endpoint;
  VantageReach reach = VantageReach::error;
  std::string detail;          // "TCP handshake completed, banner 'SSH-2.0-...'", "no answer in 1500 ms", ...
  std::string source_address;  // the local address the kernel used, if a socket got one
  int elapsed_ms = 0;
};

// One SNMP GET of sysDescr.0 with one community (RFC 1157 v1, RFC 1901 v2c).
enum class SnmpVersion { v1, v2c };
enum class SnmpOutcome {
  answered,   // the agent answered: the community is accepted
  no_answer,  // nothing within the deadline, or port unreachable: refused or filtered
  error,      // the request could not be sent (socket error), or the answer was unusable
  not_tried,  // beyond the SNMP attempt budget
};
inline constexpr std::size_t kMaxSysDescr = 256;  // bytes of sysDescr kept (sanitised)

struct SnmpProbe {
  std::string community_id;  // the DB's id ("snmp-private"); never a site secret
  std::string community;     // the DB's public default string ("private")
  SnmpVersion version = SnmpVersion::v2c;
  std::uint16_t port = 0;
  SnmpOutcome outcome = SnmpOutcome::not_tried;
  std::string sys_descr;     // answered only: excerpt, capped at kMaxSysDescr
  std::string detail;        // why no answer / error
  long elapsed_ms = 0;
};

struct DeviceEvidence {
  std::string device;
  std::string started;
  std::string finished;
  std::optional<Error> connect_error;  // TCP/SSH handshake failure (first connection)
  std::string host_key_type;           // e.g. "ssh-ed25519"
  std::string host_key_fingerprint;    // "SHA256:..."
  bool host_key_matches_pin = false;
  std::optional<Error> login_error;    // login with the site credential failed
  std::optional<Error> session_error;  // shell/prompt/command-channel failure
  std::vector<CommandRecord> commands;
  std::vector<AuthAttempt> attempts;   // in the order they were made
  int attempt_budget = 0;
  int connections = 0;
  SshServerPosture ssh;             // from the first connection
  std::vector<PortProbe> exposure;  // the posture policy's must-be-closed services
  // Set for a device collected over Redfish (transport "redfish"); the TLS
  // certificate's pin goes in host_key_fingerprint, login_error and
  // session_error keep their meaning.
  std::optional<RedfishEvidence> redfish;
  std::vector<SnmpProbe> snmp;      // profiles whose DB policy declares SNMP; in request order
  std::vector<VantageProbe> vantage;  // `attest exposure` only: every management endpoint, in order
};

}  // namespace attest
