#include "attest/netbox/client.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <set>

#include "attest/netbox/parse.hpp"
#include "attest/netbox/url.hpp"
#include "attest/util/curl_handle.hpp"
#include "attest/util/files.hpp"

namespace attest::netbox {
namespace {

constexpr std::size_t kMaxTokenBytes = 4096;

// Collects a body up to the bytes left of the import's budget.
struct Body {
  std::string data;
  std::size_t limit = 0;
  bool over = false;
};

std::size_t on_body(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t n = size * count;
  if (body->data.size() + n > body->limit) {
    body->over = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  body->data.append(bytes, n);
  return n;
}

std::string status_text(long status) {
  switch (status) {
    case 401: return "HTTP 401: NetBox refused the token (check --token-file)";
    case 403: return "HTTP 403: the token may not read this (check its permissions)";
    case 404: return "HTTP 404: not found (check --url and that this is a NetBox API)";
    default: return "HTTP " + std::to_string(status) + " from NetBox";
  }
}

}  // namespace

std::string authorization_value(const std::string& token) {
  return (token.rfind("nbt_", 0) == 0 ? "Bearer " : "Token ") + token;
}

Result<std::string> load_token(const std::string& path) {
  auto text = read_private_file(path, kMaxTokenBytes, "token files");
  if (!text) return text.error();
  std::string token = *text;
  OPENSSL_cleanse(text->data(), text->size());
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  // The token goes into a header line: CR, LF or any control would split it.
  const bool printable = !token.empty() && std::all_of(token.begin(), token.end(), [](char c) {
    return c > ' ' && c < 0x7f;
  });
  if (!printable) {
    OPENSSL_cleanse(token.data(), token.size());
    return make_error(ErrorKind::input, path + ": the token file must hold one token: printable ASCII, no spaces");
  }
  return token;
}

struct Client::State {
  UrlOrigin origin;
  std::string base;  // the base URL without a trailing '/'
  std::string token;
  HttpOptions options;
  std::size_t bytes_used = 0;

  ~State() { OPENSSL_cleanse(token.data(), token.size()); }

  Result<std::string> get(const std::string& url, const std::string& label);
};

Result<std::string> Client::State::get(const std::string& url, const std::string& label) {
  CurlPtr curl(curl_easy_init());
  if (!curl) return make_error(ErrorKind::internal, label + ": curl_easy_init failed");
  std::string auth = "Authorization: " + authorization_value(token);
  CurlHeaders headers(curl_slist_append(nullptr, auth.c_str()));
  OPENSSL_cleanse(auth.data(), auth.size());
  headers.reset(curl_slist_append(headers.release(), "Accept: application/json"));
  Body body;
  body.limit = options.max_bytes - bytes_used;
  char errors[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(body.limit));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errors);
  const CURLcode rc = curl_easy_perform(c);
  bytes_used += body.data.size();
  if (body.over || rc == CURLE_FILESIZE_EXCEEDED) {
    return make_error(ErrorKind::input, label + ": the responses exceed " + std::to_string(options.max_bytes >> 20) +
                                            " MiB in all; refused");
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return make_error(ErrorKind::timeout, label + ": no complete answer within the deadline (connect " +
                                              std::to_string(options.connect_timeout.count()) + " ms, total " +
                                              std::to_string(options.total_timeout.count()) + " ms)");
  }
  if (rc != CURLE_OK) {
    return make_error(ErrorKind::refused, label + ": " + (errors[0] != 0 ? errors : curl_easy_strerror(rc)));
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) return make_error(status == 401 || status == 403 ? ErrorKind::auth : ErrorKind::protocol,
                                       label + ": " + status_text(status));
  return std::move(body.data);
}

Client::Client(std::unique_ptr<State> state) : state_(std::move(state)) {}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Client> Client::open(const std::string& base_url, std::string token, HttpOptions options) {
  init_curl_once();
  auto origin = parse_base_url(base_url);
  if (!origin) {
    OPENSSL_cleanse(token.data(), token.size());
    return origin.error();
  }
  auto state = std::make_unique<State>();
  state->origin = *origin;
  state->base = base_url;
  while (!state->base.empty() && state->base.back() == '/') state->base.pop_back();
  state->token = std::move(token);
  state->options = std::move(options);
  return Client(std::move(state));
}

Result<std::vector<Page>> Client::list(const std::string& path_and_query) {
  std::vector<Page> pages;
  std::set<std::string> seen;
  std::string url = state_->base + path_and_query;
  while (true) {
    const std::string label = "GET " + url_path(url);
    if (!seen.insert(url).second) return make_error(ErrorKind::protocol, label + ": `next` leads back to a page already read");
    if (pages.size() >= state_->options.max_pages) return make_error(ErrorKind::protocol, label + ": too many pages");
    auto body = state_->get(url, label);
    if (!body) return body.error();
    auto page = parse_page(*body, label);
    if (!page) return page.error();
    std::optional<std::string> next = page->next;
    pages.push_back(std::move(*page));
    if (!next) return pages;
    if (auto same = check_same_origin(state_->origin, *next, label); !same) return same.error();
    url = *next;
  }
}

}  // namespace attest::netbox
