// A Redfish BMC's answers (DSP0266): routing over its rendered mockup tree,
// authentication (HTTP Basic or an X-Auth-Token session; everything but the
// service root, /redfish, odata and $metadata needs one), sessions
// (POST/GET/DELETE SessionService/Sessions), the AccountService lockout, and
// the device's hostile fault. Pure apart from a mutex: the caller passes the
// time and the source of session tokens; the server does the I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "attest/lab/http.hpp"
#include "attest/lab/redfish_lockout.hpp"
#include "attest/lab/redfish_mockup.hpp"
#include "attest/lab/spec.hpp"

namespace attest::lab {

// The huge_body fault's size (50 MiB).
inline constexpr std::uint64_t kHugeBodySize = 50ull * 1024 * 1024;
// Sessions one BMC holds at once; one more login is 503, as BMCs refuse it.
inline constexpr std::size_t kMaxSessions = 64;
// SessionService SessionTimeout of every mockup: idle sessions end.
inline constexpr int kSessionTimeoutS = 1800;
// Where the redirect_other_host fault sends a client.
inline constexpr const char* kRedirectHost = "127.0.0.99";

// What one request did to authentication, for the lab's stats.
struct AuthEvents {
  bool attempt = false;         // it presented a username and password (Basic or a session login)
  bool accepted = false;        // ... and they were accepted
  bool locked_now = false;      // its refusal locked the account
  bool refused_locked = false;  // refused because the account was locked
};

struct ServiceAnswer {
  HttpResponse response;
  AuthEvents auth;
};

// `n` bytes at `offset` of the huge_body fault's body: one JSON object,
// `{"Padding":"xxx...x"}`, `total` bytes long; generated, never held whole.
// The _into form reuses `out`'s storage: streaming allocates nothing per chunk.
void huge_body_bytes_into(std::uint64_t offset, std::size_t n, std::uint64_t total, std::string& out);
std::string huge_body_bytes(std::uint64_t offset, std::size_t n, std::uint64_t total);

class RedfishService {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  using TokenSource = std::function<std::string()>;

  RedfishService(DeviceSpec device, MockupTree tree, TokenSource tokens);

  ServiceAnswer handle(const HttpRequest& request, TimePoint now);

 private:
  struct Session {
    std::string id;
    std::string token;
    std::string username;
    TimePoint last_used;
  };
  enum class Login { accepted, refused };

  ServiceAnswer route(const HttpRequest& request, const std::string& path, TimePoint now);
  ServiceAnswer create_session(const HttpRequest& request, TimePoint now);
  ServiceAnswer authenticated(const HttpRequest& request, const std::string& path);
  // Basic credentials or a session token; nullopt-like: false with `out` filled (401).
  bool authenticate(const HttpRequest& request, TimePoint now, ServiceAnswer& out);
  Login login(const std::string& user, const std::string& password, TimePoint now, AuthEvents& events);
  HttpResponse unauthorized(const std::string& message) const;
  nlohmann::ordered_json sessions_collection() const;

  DeviceSpec device_;
  MockupTree tree_;
  TokenSource tokens_;
  std::mutex mutex_;  // connections of one device are served on their own threads
  AccountLockout lockout_;
  std::vector<Session> sessions_;
  std::uint64_t next_session_ = 1;
};

}  // namespace attest::lab
