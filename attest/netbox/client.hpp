// A read-only NetBox REST client over libcurl: GET with the API token, TLS
// verified, connect and total deadlines on every request, one size cap over
// all response bodies, no redirects, and `next` links followed only to the
// origin (scheme, host, port) of --url. Messages name the URL path, never
// the token.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "attest/netbox/model.hpp"
#include "attest/util/result.hpp"

namespace attest::netbox {

struct HttpOptions {
  std::string ca_file;  // PEM bundle to trust instead of the system's; empty: system
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds total_timeout{30000};  // per request
  std::size_t max_bytes = 64u << 20;                // all bodies of one import together
  std::size_t max_pages = 10000;
};

// "Token <t>" for v1 tokens, "Bearer <t>" for v2 tokens ("nbt_...", NetBox 4.5+).
std::string authorization_value(const std::string& token);

// Reads and checks a token file: mode 0600 (nothing for group or others) and
// owned by the user, one line of printable ASCII.
[[nodiscard]] Result<std::string> load_token(const std::string& path);

class Client {
 public:
  // `base_url`: http(s)://host[:port][/prefix], no user info, query or fragment.
  [[nodiscard]] static Result<Client> open(const std::string& base_url, std::string token, HttpOptions options);
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  // GETs `path_and_query` (e.g. "/api/dcim/racks/?site=x") under the base URL
  // and every page its `next` links lead to.
  [[nodiscard]] Result<std::vector<Page>> list(const std::string& path_and_query);

 private:
  struct State;
  explicit Client(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace attest::netbox
