#include "attest/ssh/known_hosts.hpp"

#include <libssh2.h>

#include <algorithm>
#include <cctype>

#include "attest/ssh/host_key.hpp"
#include "attest/ssh/session.hpp"
#include "attest/util/encoding.hpp"
#include "attest/util/files.hpp"

namespace attest::ssh {
namespace {

constexpr std::size_t kMaxFileBytes = 16u << 20;

// The key types libssh2's knownhost_check can match; lines of any other type
// (sk-*@openssh.com, ssh-ed448, RSA1 "bits e n") cannot be looked up by host.
constexpr std::string_view kMatchableTypes[] = {"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
                                                "ecdsa-sha2-nistp521", "ssh-rsa", "ssh-dss"};

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

bool matchable(std::string_view type) {
  return std::find(std::begin(kMatchableTypes), std::end(kMatchableTypes), type) != std::end(kMatchableTypes);
}

// The blob must decode and name the type the line claims: a pin is only
// ever computed from a key that is what it says it is.
Result<ListedKey> listed_key(std::string_view type, std::string_view base64) {
  auto blob = base64_decode(base64);
  if (!blob) return make_error(ErrorKind::input, "the key is not valid base64");
  const std::string bytes(blob->begin(), blob->end());
  if (key_type_from_blob(bytes) != type) {
    return make_error(ErrorKind::input, "the key is not a " + std::string(type) + " key");
  }
  return ListedKey{std::string(type), openssh_fingerprint(bytes)};
}

std::string last_error(_LIBSSH2_SESSION* session, const char* call, int rc) {
  char* message = nullptr;
  int len = 0;
  libssh2_session_last_error(session, &message, &len, 0);
  std::string text = std::string(call) + " failed";
  if (message != nullptr && len > 0) text += ": " + std::string(message, static_cast<std::size_t>(len));
  return text + " (libssh2 error " + std::to_string(rc) + ")";
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

void KnownHosts::SessionDeleter::operator()(_LIBSSH2_SESSION* session) const { libssh2_session_free(session); }
void KnownHosts::HostsDeleter::operator()(_LIBSSH2_KNOWNHOSTS* hosts) const { libssh2_knownhost_free(hosts); }

Result<KnownHosts> KnownHosts::parse(std::string_view text, const std::string& source, HostKeyFile form) {
  if (auto init = init_libssh2(); !init) return init.error();
  KnownHosts out;
  out.source_ = source;
  // A session only to own the collection: no socket, no handshake.
  out.session_.reset(libssh2_session_init());
  if (!out.session_) return make_error(ErrorKind::internal, "libssh2_session_init failed");
  out.hosts_.reset(libssh2_knownhost_init(out.session_.get()));
  if (!out.hosts_) return make_error(ErrorKind::internal, "libssh2_knownhost_init failed");
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto st = out.read_line(line, ++number, form); !st) return st.error();
    start = end + 1;
  }
  if (auto st = out.collect_entries(); !st) return st.error();
  return out;
}

Result<KnownHosts> KnownHosts::load(const std::string& path, HostKeyFile form) {
  auto text = read_file(path, kMaxFileBytes);
  if (!text) return text.error();
  return parse(*text, path, form);
}

Status KnownHosts::read_line(std::string_view line, std::size_t number, HostKeyFile form) {
  const auto fields = fields_of(line);
  if (fields.empty() || fields[0].front() == '#') return ok_status();
  const std::string where = source_ + ": line " + std::to_string(number) + ": ";
  const bool marked = fields[0].front() == '@';
  if (marked && form == HostKeyFile::keyscan) {
    return make_error(ErrorKind::input, where + "a marker (" + std::string(fields[0]) + ") is not ssh-keyscan output");
  }
  if (marked && fields[0] != "@revoked" && fields[0] != "@cert-authority") {
    return make_error(ErrorKind::input, where + "unknown marker " + std::string(fields[0]) +
                                            " (OpenSSH knows @revoked and @cert-authority)");
  }
  const std::size_t at = marked ? 1 : 0;  // where the host names are
  if (fields.size() < at + 3) return make_error(ErrorKind::input, where + "expected \"host keytype base64-key\"");
  if (!matchable(fields[at + 1])) {
    ++skipped_;
    return ok_status();
  }
  auto key = listed_key(fields[at + 1], fields[at + 2]);
  if (!key) return make_error(ErrorKind::input, where + key.error().message);
  if (fields[0] == "@revoked") revoked_.insert(std::string(fields[at + 2]));
  if (marked) return ok_status();  // a CA key or a revoked one: never a pin
  const std::string copy(line);
  const int rc = libssh2_knownhost_readline(hosts_.get(), copy.c_str(), copy.size(), LIBSSH2_KNOWNHOST_FILE_OPENSSH);
  if (rc != 0) return make_error(ErrorKind::input, where + last_error(session_.get(), "libssh2_knownhost_readline", rc));
  return ok_status();
}

Status KnownHosts::collect_entries() {
  libssh2_knownhost* prev = nullptr;
  libssh2_knownhost* node = nullptr;
  int rc = 0;
  while ((rc = libssh2_knownhost_get(hosts_.get(), &node, prev)) == 0) {
    prev = node;
    const int key_type = node->typemask & LIBSSH2_KNOWNHOST_KEY_MASK;
    if (node->key == nullptr || key_type == LIBSSH2_KNOWNHOST_KEY_UNKNOWN) continue;
    const std::string base64(node->key);
    const bool seen = std::any_of(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.base64 == base64; });
    if (seen) continue;
    auto blob = base64_decode(base64);
    if (!blob) return make_error(ErrorKind::internal, source_ + ": libssh2 returned a key that is not base64");
    const std::string bytes(blob->begin(), blob->end());
    entries_.push_back(Entry{key_type, base64, ListedKey{key_type_from_blob(bytes), openssh_fingerprint(bytes)}});
  }
  if (rc < 0) return make_error(ErrorKind::internal, last_error(session_.get(), "libssh2_knownhost_get", rc));
  return ok_status();
}

Result<std::vector<ListedKey>> KnownHosts::keys_for(const std::string& address, std::uint16_t port) const {
  // OpenSSH lowercases names before it writes or hashes them.
  const std::string host = port == 22 ? lower(address) : "[" + lower(address) + "]:" + std::to_string(port);
  std::vector<ListedKey> out;
  for (const auto& e : entries_) {
    if (revoked_.count(e.base64) != 0) continue;
    // Without a port libssh2 compares the name exactly: a key listed for the
    // bare name (port 22) is never taken for another port's server.
    const int rc = libssh2_knownhost_check(hosts_.get(), host.c_str(), e.base64.c_str(), 0,
                                           LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_BASE64 | e.key_type,
                                           nullptr);
    if (rc == LIBSSH2_KNOWNHOST_CHECK_MATCH) out.push_back(e.listed);
    if (rc == LIBSSH2_KNOWNHOST_CHECK_FAILURE) {
      return make_error(ErrorKind::internal, last_error(session_.get(), "libssh2_knownhost_check", rc));
    }
  }
  return out;
}

}  // namespace attest::ssh
