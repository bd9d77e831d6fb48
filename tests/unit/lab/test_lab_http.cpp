#include <doctest/doctest.h>

#include <string>

#include "attest/lab/http.hpp"

using namespace attest::lab;

TEST_CASE("a request parses once its head and Content-Length body arrived") {
  const std::string text = "POST /redfish/v1/SessionService/Sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 4\r\n\r\n{\"a\"}GET";
  CHECK(parse_request(text.substr(0, 40)).state == ParseState::incomplete);
  CHECK(parse_request(text.substr(0, text.size() - 6)).state == ParseState::incomplete);
  const auto p = parse_request(text);
  REQUIRE(p.state == ParseState::complete);
  CHECK(p.request.method == "POST");
  CHECK(p.request.header("content-type") == "application/json");
  CHECK(p.request.body == "{\"a\"");
  CHECK(p.consumed == text.size() - 4);
  CHECK(p.request.keep_alive);
}

TEST_CASE("bad requests get the status to answer: oversized head or body, chunked, malformed, other versions") {
  CHECK(parse_request(std::string(kMaxRequestHead + 1, 'a')).status == 431);
  CHECK(parse_request("POST / HTTP/1.1\r\nContent-Length: 70000\r\n\r\n").status == 413);
  CHECK(parse_request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").status == 501);
  CHECK(parse_request("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n").status == 400);
  CHECK(parse_request("GET / HTTP/1.1\r\nno colon\r\n\r\n").status == 400);
  CHECK(parse_request("GET redfish HTTP/1.1\r\n\r\n").status == 400);
  CHECK(parse_request("GET / HTTP/2\r\n\r\n").status == 505);
  CHECK_FALSE(parse_request("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").request.keep_alive);
  CHECK_FALSE(parse_request("GET / HTTP/1.0\r\n\r\n").request.keep_alive);
}

TEST_CASE("a response head always carries Content-Length, the streamed size when streaming") {
  HttpResponse r;
  r.status = 401;
  r.headers = {{"WWW-Authenticate", "Basic realm=\"x\""}};
  r.body = "{}";
  CHECK(response_head(r, true) == "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"x\"\r\nContent-Length: 2\r\n"
                                  "Connection: keep-alive\r\n\r\n");
  r.streamed_size = 52428800;
  CHECK(response_head(r, false).find("Content-Length: 52428800\r\nConnection: close\r\n") != std::string::npos);
}
