#include "attest/lab/http.hpp"

#include <algorithm>
#include <charconv>

namespace attest::lab {
namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

ParsedRequest bad(int status, std::string why) {
  ParsedRequest p;
  p.state = ParseState::bad;
  p.status = status;
  p.why = std::move(why);
  return p;
}

bool token(std::string_view text) {
  if (text.empty()) return false;
  return std::all_of(text.begin(), text.end(), [](unsigned char c) { return c > 0x20 && c < 0x7f; });
}

// "GET /redfish/v1 HTTP/1.1"
bool parse_request_line(std::string_view line, HttpRequest& r, std::string& version) {
  const auto sp1 = line.find(' ');
  const auto sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return false;
  r.method = std::string(line.substr(0, sp1));
  r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  version = std::string(line.substr(sp2 + 1));
  return token(r.method) && token(r.target) && r.target.front() == '/';
}

bool parse_header_line(std::string_view line, HttpRequest& r) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0 || !token(line.substr(0, colon))) return false;
  r.headers[lower(line.substr(0, colon))] = std::string(trim(line.substr(colon + 1)));
  return true;
}

}  // namespace

std::string HttpRequest::header(const std::string& name) const {
  const auto it = headers.find(name);
  return it == headers.end() ? "" : it->second;
}

ParsedRequest parse_request(std::string_view buffer) {
  const auto end = buffer.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return buffer.size() > kMaxRequestHead ? bad(431, "request head over 16 KiB") : ParsedRequest{};
  }
  if (end + 4 > kMaxRequestHead) return bad(431, "request head over 16 KiB");
  ParsedRequest p;
  std::string version;
  std::string_view head = buffer.substr(0, end);
  auto eol = head.find("\r\n");
  if (!parse_request_line(head.substr(0, eol), p.request, version)) return bad(400, "malformed request line");
  if (version != "HTTP/1.1" && version != "HTTP/1.0") return bad(505, "unsupported version");
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    if (!parse_header_line(head.substr(0, eol), p.request)) return bad(400, "malformed header line");
  }
  const HttpRequest& r = p.request;
  if (!r.header("transfer-encoding").empty()) return bad(501, "Transfer-Encoding in a request");
  std::size_t length = 0;
  const std::string cl = r.header("content-length");
  if (!cl.empty()) {
    const auto [ptr, ec] = std::from_chars(cl.data(), cl.data() + cl.size(), length);
    if (ec != std::errc() || ptr != cl.data() + cl.size()) return bad(400, "bad Content-Length");
    if (length > kMaxRequestBody) return bad(413, "request body over 64 KiB");
  }
  if (buffer.size() - (end + 4) < length) return ParsedRequest{};
  p.request.body = std::string(buffer.substr(end + 4, length));
  const std::string connection = lower(r.header("connection"));
  p.request.keep_alive = version == "HTTP/1.1" ? connection != "close" : connection == "keep-alive";
  p.state = ParseState::complete;
  p.consumed = end + 4 + length;
  return p;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 302: return "Found";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Content Too Large";
    case 431: return "Request Header Fields Too Large";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

std::string response_head(const HttpResponse& response, bool keep_alive) {
  const std::uint64_t length = response.streamed_size > 0 ? response.streamed_size : response.body.size();
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(length) + "\r\n";
  out += std::string("Connection: ") + (keep_alive && !response.close ? "keep-alive" : "close") + "\r\n\r\n";
  return out;
}

}  // namespace attest::lab
