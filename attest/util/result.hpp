// Errors as values for the lower layers. One place at the top (cli/) turns an
// Error into a message and an exit code; nothing below it throws across a
// library boundary.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace attest {

// What went wrong, as a kind callers can branch on (never match on strings).
enum class ErrorKind {
  usage,     // bad command line
  input,     // bad inventory / DB / secrets / file contents
  io,        // a local file could not be read or written
  refused,   // connection refused / unreachable
  timeout,   // a deadline passed
  auth,      // authentication failed
  protocol,  // the peer violated the protocol or dropped the connection
  parse,     // device output could not be parsed
  crypto,    // a signature or digest did not verify
  internal,  // a bug or an unexpected library failure
};

const char* to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
};

inline Error make_error(ErrorKind kind, std::string message) {
  return Error{kind, std::move(message)};
}

// A value or an Error. Small on purpose: g++ 12 in C++20 mode has no std::expected.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}    // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that return nothing but may fail.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace attest
