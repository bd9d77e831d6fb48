// Numeric socket addresses for the exposure probes (internal): parsing and
// printing IPv4/IPv6 without name resolution, which has no deadline.
#pragma once

#include <sys/socket.h>

#include <optional>
#include <string>

namespace attest::exposure::detail {

struct SocketAddress {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = AF_INET;
};

// `text` as an IPv4 or IPv6 address with `port`; nullopt for anything else (host names included).
std::optional<SocketAddress> numeric_address(const std::string& text, std::uint16_t port);
// The address of an AF_INET/AF_INET6 sockaddr as text; "" for other families.
std::string address_text(const sockaddr* address);

}  // namespace attest::exposure::detail
