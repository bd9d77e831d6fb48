// The lab's HTTP/1.1 (RFC 9112) for its Redfish BMCs: a request parser over
// the bytes read so far and a response head writer. Pure: the TLS server
// (redfish_server.hpp) does the I/O. Requests are capped (head and body);
// chunked request bodies are refused, responses always carry Content-Length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace attest::lab {

inline constexpr std::size_t kMaxRequestHead = 16 * 1024;
inline constexpr std::size_t kMaxRequestBody = 64 * 1024;

struct HttpRequest {
  std::string method;
  std::string target;                         // as sent: "/redfish/v1/Systems?$top=1"
  std::map<std::string, std::string> headers; // names lower-cased; a repeated header keeps its last value
  std::string body;
  bool keep_alive = true;                     // HTTP/1.1 without "Connection: close"

  // The header's value, "" when absent; `name` lower-case.
  std::string header(const std::string& name) const;
};

enum class ParseState { incomplete, complete, bad };

struct ParsedRequest {
  ParseState state = ParseState::incomplete;
  HttpRequest request;      // complete
  std::size_t consumed = 0; // complete: bytes of the buffer this request used
  int status = 400;         // bad: the status to answer before closing (400, 413, 431, 501, 505)
  std::string why;          // bad: for the log
};

// Parses the first request in `buffer`; incomplete until its head and body
// arrived (a head over kMaxRequestHead is bad at once).
ParsedRequest parse_request(std::string_view buffer);

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Length and Connection are added
  std::string body;
  std::uint64_t streamed_size = 0;  // > 0: a generated body of this size instead of `body`
  bool close = false;               // close the connection after this response
  bool hang = false;                // never answer; hold the connection until it ends
};

// Status line and headers, with Content-Length and Connection.
std::string response_head(const HttpResponse& response, bool keep_alive);

const char* reason_phrase(int status);

}  // namespace attest::lab
