// HTTPS to one BMC through libcurl + OpenSSL 3, trusting nothing but the
// pin: the certificate's SHA-256 is checked inside the TLS handshake
// (SSL_CTX_set_cert_verify_callback), so on a mismatch the handshake fails
// before one byte of HTTP, let alone a credential, is sent. Every request:
// connect and total deadlines, a body cap, no redirect followed, TLS
// session resumption off (a resumed session would skip the check).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "attest/util/clock.hpp"
#include "attest/util/result.hpp"

namespace attest::redfish {

inline constexpr std::size_t kMaxBody = 1u << 20;  // one resource; beyond it the request is aborted

struct Endpoint {
  std::string host;
  std::uint16_t port = 443;
  std::vector<std::string> pins;  // "SHA256:..."; empty: accept any and record it (attest pin)
  Millis connect{5000};
  Millis request{15000};  // one request, complete
  SteadyClock::time_point until = SteadyClock::time_point::max();  // the device's total deadline
  const std::atomic<bool>* cancel = nullptr;
};

// The certificate the server presented, as the handshake saw it.
struct PeerCertificate {
  std::string fingerprint;  // "SHA256:" + unpadded base64 of sha256(DER)
  std::string subject;
  std::string not_after;
  bool matched = false;  // one of the pins (or no pins given)
};

// A credential for one request: none, HTTP Basic, or a session token.
struct Credential {
  enum class Kind { none, basic, token } kind = Kind::none;
  std::string username;
  std::string secret;  // password or X-Auth-Token; cleansed with the Credential
  ~Credential();
};

struct Response {
  long status = 0;
  std::string body;
  std::string content_type;
  std::string location;    // Location header (session URI, refused redirects)
  std::string auth_token;  // X-Auth-Token header (session login)
};

// Why a request failed: `pin` = the certificate did not match; nothing was sent.
enum class Failure { none, pin, connect, timeout, too_large, redirect, http, cancelled };

class Client {
 public:
  explicit Client(Endpoint endpoint);
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  // `body` is sent as application/json (POST). A 3xx answer is an error
  // naming the Location, not followed.
  [[nodiscard]] Result<Response> request(const std::string& method, const std::string& path,
                                         const Credential& credential, const std::string& body = {});
  // The certificate of the latest handshake; empty fingerprint: none yet.
  const PeerCertificate& peer() const;
  Failure last_failure() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Connects, completes the TLS handshake, reports the certificate and
// disconnects without one byte of HTTP (for `attest pin`).
[[nodiscard]] Result<PeerCertificate> fetch_certificate(const std::string& host, std::uint16_t port, Millis timeout);

// "SHA256:" + unpadded base64 of sha256(der): the pin form.
std::string certificate_fingerprint(const unsigned char* der, std::size_t size);

}  // namespace attest::redfish
