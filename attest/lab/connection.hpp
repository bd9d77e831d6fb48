// One SSH connection to an emulated device: authentication, then exec and
// shell channels, with the device's latency and fault applied.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "attest/lab/personality.hpp"
#include "attest/lab/runtime.hpp"
#include "attest/lab/spec.hpp"
#include "attest/lab/ssh_handles.hpp"
#include "attest/lab/stats.hpp"
#include "attest/lab/tpm_device.hpp"

namespace attest::lab {

struct AuthorizedKey {
  std::string username;
  KeyPtr key;
};

// Everything a connection needs about its device; read-only while serving.
struct DeviceContext {
  DeviceSpec spec;
  const Traits* traits = nullptr;
  std::vector<AuthorizedKey> keys;
  Stats* stats = nullptr;
  const Log* log = nullptr;
  const StopSignal* stop = nullptr;
  const DeviceTpm* tpm = nullptr;  // TPM-equipped devices only
};

// State of one connection, owned by its thread.
struct Connection {
  const DeviceContext& dev;
  ssh_session session;
  int fd;             // the TCP socket (owned by `session`)
  std::string peer;   // "127.0.0.1:40000"
  std::string user;   // authenticated user
  std::uint64_t auth_attempts = 0;
  bool dropped = false;  // a fault cut the TCP connection

  void log(const std::string& message) const { dev.log->line(dev.spec.name, peer + " " + message); }
  // Cuts the TCP connection under libssh's feet, as a crashing device would.
  void drop();
};

// The next client request. Waits in short slices so that requests, a client
// that left and a lab that stops are all noticed; `idle` runs between slices.
// nullptr when the client disconnected or the lab is stopping.
MessagePtr next_message(Connection& c, const std::function<void()>& idle = {});

// Runs the whole connection on the calling thread; returns when the client
// leaves, a fault ends it, or the lab stops (which shuts the socket down).
void serve_connection(const DeviceContext& dev, ssh_session session, int fd, const std::string& peer);

// Authentication phase; true when a user logged in (Connection::user set).
bool authenticate(Connection& c);

// Channel requests. Both finish the channel (exit-status, EOF, close) unless
// the connection was dropped or the lab is stopping.
void serve_exec(Connection& c, ssh_channel channel, const std::string& command);
void serve_shell(Connection& c, ssh_channel channel);

}  // namespace attest::lab
