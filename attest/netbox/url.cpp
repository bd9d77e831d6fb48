#include "attest/netbox/url.hpp"

#include <curl/curl.h>

#include <memory>
#include <optional>

namespace attest::netbox {
namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlPtr = std::unique_ptr<CURLU, UrlDeleter>;

UrlPtr parse(const std::string& url) {
  UrlPtr handle(curl_url());
  if (!handle || curl_url_set(handle.get(), CURLUPART_URL, url.c_str(), 0) != CURLUE_OK) return nullptr;
  return handle;
}

std::optional<std::string> part(CURLU* url, CURLUPart which, unsigned flags = 0) {
  char* text = nullptr;
  if (curl_url_get(url, which, &text, flags) != CURLUE_OK) return std::nullopt;
  std::string out(text);
  curl_free(text);
  return out;
}

std::optional<UrlOrigin> origin_of(CURLU* url) {
  auto scheme = part(url, CURLUPART_SCHEME);
  auto host = part(url, CURLUPART_HOST);
  auto port = part(url, CURLUPART_PORT, CURLU_DEFAULT_PORT);
  if (!scheme || !host || !port) return std::nullopt;
  return UrlOrigin{*scheme, *host, *port};
}

}  // namespace

Result<UrlOrigin> parse_base_url(const std::string& url) {
  auto handle = parse(url);
  if (!handle) return make_error(ErrorKind::usage, "--url: not a URL (want http(s)://host[:port][/prefix])");
  auto origin = origin_of(handle.get());
  if (!origin || (origin->scheme != "https" && origin->scheme != "http")) {
    return make_error(ErrorKind::usage, "--url: must be an http:// or https:// URL with a host");
  }
  if (part(handle.get(), CURLUPART_USER) || part(handle.get(), CURLUPART_PASSWORD)) {
    return make_error(ErrorKind::usage, "--url: must not hold a user name or password (the token comes from --token-file)");
  }
  if (part(handle.get(), CURLUPART_QUERY) || part(handle.get(), CURLUPART_FRAGMENT)) {
    return make_error(ErrorKind::usage, "--url: must not have a query or fragment");
  }
  return *origin;
}

Status check_same_origin(const UrlOrigin& origin, const std::string& next, const std::string& label) {
  auto handle = parse(next);
  auto other = handle ? origin_of(handle.get()) : std::nullopt;
  const bool same = other && other->scheme == origin.scheme && other->host == origin.host && other->port == origin.port &&
                    !part(handle.get(), CURLUPART_USER);
  if (same) return ok_status();
  return make_error(ErrorKind::protocol, label + ": the `next` link leads away from " + origin.scheme + "://" + origin.host +
                                             ":" + origin.port + "; refused (the token is only sent to --url)");
}

std::string url_path(const std::string& url) {
  auto handle = parse(url);
  if (!handle) return "(unparsable URL)";
  std::string out = part(handle.get(), CURLUPART_PATH).value_or("/");
  if (auto query = part(handle.get(), CURLUPART_QUERY)) out += "?" + *query;
  return out;
}

}  // namespace attest::netbox
