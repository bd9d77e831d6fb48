#include "attest/lab/device.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "attest/lab/keys.hpp"

namespace attest::lab {
namespace {

std::string errno_text() { return std::strerror(errno); }

}  // namespace

// SOMAXCONN: a burst of handshakes to one device waits in the kernel's queue
// instead of being refused.
Result<Fd> listen_on(const std::string& address, std::uint16_t port, std::uint16_t& bound_port) {
  Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (fd.get() < 0) return make_error(ErrorKind::io, "socket: " + errno_text());
  const int one = 1;
  ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &a.sin_addr);
  const std::string where = address + ":" + std::to_string(port);
  if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0) {
    return make_error(ErrorKind::io, "cannot bind " + where + ": " + errno_text());
  }
  if (::listen(fd.get(), SOMAXCONN) != 0) return make_error(ErrorKind::io, "cannot listen on " + where + ": " + errno_text());
  socklen_t len = sizeof a;
  ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&a), &len);
  bound_port = ntohs(a.sin_port);
  return fd;
}

namespace {

Status configure_bind(ssh_bind bind, KeyPtr host_key) {
  const int verbosity = SSH_LOG_NOLOG;
  const bool no_config = false;  // never read /etc/ssh/libssh_server_config
  if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_LOG_VERBOSITY, &verbosity) != SSH_OK ||
      ssh_bind_options_set(bind, SSH_BIND_OPTIONS_PROCESS_CONFIG, &no_config) != SSH_OK) {
    return make_error(ErrorKind::internal, std::string("ssh_bind_options_set: ") + ssh_get_error(bind));
  }
  // IMPORT_KEY hands the key to the bind, which frees it in ssh_bind_free().
  if (ssh_bind_options_set(bind, SSH_BIND_OPTIONS_IMPORT_KEY, host_key.get()) != SSH_OK) {
    return make_error(ErrorKind::internal, std::string("ssh_bind_options_set(IMPORT_KEY): ") + ssh_get_error(bind));
  }
  (void)host_key.release();
  return ok_status();
}

Result<std::shared_ptr<HostIdentity>> host_identity(const std::string& path, HostIdentities& identities) {
  if (auto it = identities.find(path); it != identities.end()) return it->second;
  auto host_key = load_or_create_host_key(path);
  if (!host_key) return host_key.error();
  auto identity = std::make_shared<HostIdentity>();
  identity->bind.reset(ssh_bind_new());
  if (!identity->bind) return make_error(ErrorKind::internal, "ssh_bind_new failed");
  if (auto s = configure_bind(identity->bind.get(), std::move(host_key->key)); !s) return s.error();
  identity->fingerprint = host_key->fingerprint;
  identities[path] = identity;
  return identity;
}

}  // namespace

Result<std::unique_ptr<Device>> make_device(const LabSpec& spec, std::size_t index, HostIdentities& identities) {
  const DeviceSpec& d = spec.devices[index];
  const std::string where = spec.path + ": " + d.json_pointer;
  auto dev = std::make_unique<Device>();
  dev->index = index;
  dev->spec = d;
  dev->traits = find_traits(d.profile);
  for (std::size_t i = 0; i < d.accounts.size(); ++i) {
    if (d.accounts[i].kind != AuthKind::public_key) continue;
    auto key = load_public_key(d.accounts[i].authorized_key);
    if (!key) return make_error(ErrorKind::input, where + "/accounts/" + std::to_string(i) + "/authorized_key: " + key.error().message);
    dev->keys.push_back({d.accounts[i].username, std::move(*key)});
  }
  auto identity = host_identity(d.host_key, identities);
  if (!identity) return make_error(identity.error().kind, where + "/host_key: " + identity.error().message);
  dev->identity = *identity;
  std::uint16_t port = 0;
  auto fd = listen_on(d.address, d.port, port);
  if (!fd) return make_error(ErrorKind::io, where + "/listen: " + fd.error().message);
  dev->listen_fd = std::move(*fd);
  dev->ready = {d.name, d.address, port, dev->identity->fingerprint, Transport::ssh, "", ""};
  return dev;
}

}  // namespace attest::lab
