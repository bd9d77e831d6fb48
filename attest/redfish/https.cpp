#include "attest/redfish/https.hpp"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>

#include "attest/util/curl_handle.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/text.hpp"

namespace attest::redfish {
namespace {

// What OpenSSL printed into a memory BIO, at most `cap` bytes.
std::string printed(BIO* bio, long cap) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(std::clamp(n, 0L, cap)));
}

std::string x509_name(const X509_NAME* name) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "";
  return printed(bio.get(), 512);
}

std::string asn1_time(const ASN1_TIME* t) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio || ASN1_TIME_print(bio.get(), t) != 1) return "";
  return printed(bio.get(), 64);
}

// What the handshake's check needs and leaves behind.
struct PinCheck {
  const std::vector<std::string>* pins = nullptr;
  PeerCertificate peer;
  bool seen = false;
};

PeerCertificate describe(X509* cert) {
  PeerCertificate p;
  unsigned char* der = nullptr;
  const int len = i2d_X509(cert, &der);
  if (len > 0) p.fingerprint = certificate_fingerprint(der, static_cast<std::size_t>(len));
  OPENSSL_free(der);
  p.subject = x509_name(X509_get_subject_name(cert));
  p.not_after = asn1_time(X509_get0_notAfter(cert));
  return p;
}

// Replaces OpenSSL's chain verification whole: the leaf's digest must be a
// pin. BMC certificates are self-signed; the pin is the trust (the way an
// SSH host key is), so expiry and issuer do not matter here.
int verify_pin(X509_STORE_CTX* store, void* arg) {
  auto* check = static_cast<PinCheck*>(arg);
  X509* leaf = X509_STORE_CTX_get0_cert(store);
  if (leaf == nullptr) return 0;
  check->peer = describe(leaf);
  check->seen = true;
  const auto& pins = *check->pins;
  check->peer.matched = pins.empty() || std::find(pins.begin(), pins.end(), check->peer.fingerprint) != pins.end();
  if (!check->peer.matched) X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED);
  return check->peer.matched ? 1 : 0;
}

CURLcode install_pin_check(CURL*, void* ssl_ctx, void* arg) {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  // VERIFY_PEER: a failed check aborts the handshake (curl set VERIFY_NONE,
  // having been told not to verify a chain).
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
  SSL_CTX_set_cert_verify_callback(ctx, verify_pin, arg);
  return CURLE_OK;
}

struct Body {
  std::string data;
  bool over = false;
};

std::size_t on_body(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t n = size * count;
  if (body->data.size() + n > kMaxBody) {
    body->over = true;
    return 0;  // curl stops with CURLE_WRITE_ERROR
  }
  body->data.append(bytes, n);
  return n;
}

// Keeps the headers we act on: X-Auth-Token, Location, Content-Type.
std::size_t on_header(char* bytes, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  const std::size_t n = size * count;
  std::string line(bytes, std::min<std::size_t>(n, 4096));
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  const auto colon = line.find(':');
  if (colon == std::string::npos) return n;
  std::string name = line.substr(0, colon);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string value = line.substr(colon + 1);
  value.erase(0, value.find_first_not_of(' '));
  if (name == "x-auth-token") r->auth_token = value;
  else if (name == "location") r->location = value;
  else if (name == "content-type") r->content_type = value;
  return n;
}

int on_progress(void* arg, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(arg);
  return cancel != nullptr && cancel->load() ? 1 : 0;  // non-zero aborts
}

long millis_left(const Endpoint& e) {
  if (e.until == SteadyClock::time_point::max()) return static_cast<long>(e.request.count());
  const auto left = std::chrono::duration_cast<Millis>(e.until - SteadyClock::now()).count();
  return static_cast<long>(std::clamp<long long>(left, 1, e.request.count()));
}

void set_common(CURL* c, const std::string& url, const Endpoint& endpoint, PinCheck* check, long timeout_ms) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);  // the pin check replaces it
  curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_SESSIONID_CACHE, 0L);
  curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, install_pin_check);
  curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, check);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(endpoint.connect.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxBody));
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, endpoint.cancel);
}

std::string url_of(const std::string& host, std::uint16_t port, const std::string& path) {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "https://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + path;
}

}  // namespace

Credential::~Credential() { OPENSSL_cleanse(secret.data(), secret.size()); }

std::string certificate_fingerprint(const unsigned char* der, std::size_t size) {
  return openssh_fingerprint(std::string_view(reinterpret_cast<const char*>(der), size));
}

struct Client::State {
  Endpoint endpoint;
  PinCheck check;
  Failure failure = Failure::none;
  CurlPtr curl;

  Result<Response> perform(const std::string& method, const std::string& path, const Credential& credential,
                           const std::string& body);
  Result<Response> fail(Failure f, ErrorKind kind, std::string message) {
    failure = f;
    return make_error(kind, std::move(message));
  }
};

Result<Response> Client::State::perform(const std::string& method, const std::string& path,
                                        const Credential& credential, const std::string& body) {
  failure = Failure::none;
  const std::string label = method + " " + path;
  if (endpoint.cancel != nullptr && endpoint.cancel->load()) return fail(Failure::cancelled, ErrorKind::timeout, label + ": cancelled");
  if (SteadyClock::now() >= endpoint.until) return fail(Failure::timeout, ErrorKind::timeout, label + ": the device's total deadline passed");
  CURL* c = curl.get();
  curl_easy_reset(c);
  set_common(c, url_of(endpoint.host, endpoint.port, path), endpoint, &check, millis_left(endpoint));
  CurlHeaders headers(curl_slist_append(nullptr, "Accept: application/json"));
  std::string token_header;
  if (credential.kind == Credential::Kind::token) {
    token_header = "X-Auth-Token: " + credential.secret;
    headers.reset(curl_slist_append(headers.release(), token_header.c_str()));
    OPENSSL_cleanse(token_header.data(), token_header.size());
  } else if (credential.kind == Credential::Kind::basic) {
    curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(c, CURLOPT_USERNAME, credential.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, credential.secret.c_str());
  }
  if (!body.empty()) {
    headers.reset(curl_slist_append(headers.release(), "Content-Type: application/json"));
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (method == "DELETE") curl_easy_setopt(c, CURLOPT_NOBODY, 0L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  Response response;
  Body received;
  char errors[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &received);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &response);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errors);
  const CURLcode rc = curl_easy_perform(c);
  // curl keeps its copy of the password until the next reset: drop it now.
  curl_easy_setopt(c, CURLOPT_PASSWORD, "");
  if (check.seen && !check.peer.matched) {
    return fail(Failure::pin, ErrorKind::crypto, "TLS certificate " + check.peer.fingerprint + " (" +
                                                     check.peer.subject + ") is not the pinned one; nothing was sent");
  }
  if (received.over || rc == CURLE_FILESIZE_EXCEEDED) {
    return fail(Failure::too_large, ErrorKind::protocol, label + ": the body exceeds " + std::to_string(kMaxBody >> 20) +
                                                             " MiB; aborted");
  }
  if (rc == CURLE_ABORTED_BY_CALLBACK) return fail(Failure::cancelled, ErrorKind::timeout, label + ": cancelled");
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return fail(Failure::timeout, ErrorKind::timeout, label + ": no complete answer within the deadline");
  }
  if (rc != CURLE_OK) {
    const ErrorKind kind = rc == CURLE_COULDNT_CONNECT || rc == CURLE_SSL_CONNECT_ERROR ? ErrorKind::refused : ErrorKind::protocol;
    return fail(Failure::connect, kind, label + ": " + (errors[0] != 0 ? errors : curl_easy_strerror(rc)));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response.status);
  if (response.status >= 300 && response.status < 400) {
    return fail(Failure::redirect, ErrorKind::protocol, label + ": HTTP " + std::to_string(response.status) +
                                                            " redirect to '" + truncate_code_points(terminal_text(response.location), 200) +
                                                            "' refused (redirects are never followed)");
  }
  response.body = std::move(received.data);
  return response;
}

Client::Client(Endpoint endpoint) : state_(std::make_unique<State>()) {
  init_curl_once();
  state_->endpoint = std::move(endpoint);
  state_->check.pins = &state_->endpoint.pins;
  state_->curl.reset(curl_easy_init());
}
Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

Result<Response> Client::request(const std::string& method, const std::string& path, const Credential& credential,
                                 const std::string& body) {
  if (!state_->curl) return make_error(ErrorKind::internal, "curl_easy_init failed");
  return state_->perform(method, path, credential, body);
}

const PeerCertificate& Client::peer() const { return state_->check.peer; }
Failure Client::last_failure() const { return state_->failure; }

Result<PeerCertificate> fetch_certificate(const std::string& host, std::uint16_t port, Millis timeout) {
  init_curl_once();
  CurlPtr curl(curl_easy_init());
  if (!curl) return make_error(ErrorKind::internal, "curl_easy_init failed");
  const std::vector<std::string> no_pins;
  PinCheck check;
  check.pins = &no_pins;
  Endpoint endpoint;
  endpoint.connect = timeout;
  set_common(curl.get(), url_of(host, port, "/"), endpoint, &check, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECT_ONLY, 1L);  // handshake, then stop: no request
  char errors[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, errors);
  const CURLcode rc = curl_easy_perform(curl.get());
  if (rc != CURLE_OK || !check.seen) {
    return make_error(rc == CURLE_OPERATION_TIMEDOUT ? ErrorKind::timeout : ErrorKind::refused,
                      host + ":" + std::to_string(port) + ": TLS handshake failed: " +
                          (errors[0] != 0 ? errors : curl_easy_strerror(rc)));
  }
  return check.peer;
}

}  // namespace attest::redfish
