// The one owner of net-snmp's single-session handles (snmp_sess_open): the
// library's thread-safe API, whose state lives in the handle and not in
// net-snmp's global session list. Errors name the failing call.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "attest/core/evidence.hpp"
#include "attest/util/result.hpp"

namespace attest::snmp {

struct SessionCloser {
  void operator()(void* handle) const;
};
using SessionHandle = std::unique_ptr<void, SessionCloser>;

// What one GET came back with.
struct Answer {
  bool received = false;
  int error_status = 0;   // SNMP error-status of the response (0: noError)
  std::string sys_descr;  // raw value, at most kMaxSysDescr bytes
};

class Session {
 public:
  // Opens a UDP session to address:port with `community` and `version`,
  // no retries: the caller owns the deadline.
  [[nodiscard]] static Result<Session> open(const std::string& address, std::uint16_t port,
                                            const std::string& community, SnmpVersion version);

  // Sends GET sysDescr.0 without waiting for the answer.
  [[nodiscard]] Status send_get_sys_descr();
  // The socket to wait on for the answer.
  int fd() const;
  // Reads what arrived (the socket is readable): the answer when it was the
  // response to our request, else nothing received yet.
  [[nodiscard]] Status read();
  const Answer& answer() const { return *answer_; }

 private:
  explicit Session(SessionHandle handle) : handle_(std::move(handle)), answer_(std::make_unique<Answer>()) {}
  SessionHandle handle_;
  std::unique_ptr<Answer> answer_;  // stable address: net-snmp's callback writes it
};

}  // namespace attest::snmp
