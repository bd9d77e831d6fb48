// URLs of a NetBox import, through libcurl's URL parser (the one that will
// send the request, so the check and the request agree on the host).
#pragma once

#include <string>

#include "attest/util/result.hpp"

namespace attest::netbox {

// Where requests may go: the scheme, host and port of --url.
struct UrlOrigin {
  std::string scheme;
  std::string host;
  std::string port;  // explicit or the scheme's default
};

// --url: http or https, a host, no user info (it would put a password in
// argv), no query or fragment.
[[nodiscard]] Result<UrlOrigin> parse_base_url(const std::string& url);

// A `next` link must stay on the origin of --url: a NetBox (or a proxy in
// front of it) must not send the token elsewhere. `label` prefixes the error.
[[nodiscard]] Status check_same_origin(const UrlOrigin& origin, const std::string& next, const std::string& label);

// The path and query of `url`, for messages ("/api/dcim/devices/?site=x");
// never the user info. "(unparsable URL)" when curl cannot parse it.
std::string url_path(const std::string& url);

}  // namespace attest::netbox
