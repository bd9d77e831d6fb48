#include "attest/lab/keys.hpp"

#include <openssl/evp.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <system_error>

#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace attest::lab {
namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

Result<HostKey> with_fingerprint(KeyPtr key) {
  auto fp = fingerprint(key.get());
  if (!fp) return fp.error();
  return HostKey{std::move(key), *fp};
}

Status create_parent_directory(const std::string& path) {
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(ErrorKind::io, dir.string() + ": cannot create directory: " + ec.message());
  return ok_status();
}

Result<HostKey> generate(const std::string& path) {
  ssh_key raw = nullptr;
  if (ssh_pki_generate(SSH_KEYTYPE_ED25519, 0, &raw) != SSH_OK) {
    return make_error(ErrorKind::internal, "ssh_pki_generate(ed25519) failed");
  }
  KeyPtr key(raw);
  char* b64 = nullptr;
  if (ssh_pki_export_privkey_base64(key.get(), nullptr, nullptr, nullptr, &b64) != SSH_OK || b64 == nullptr) {
    return make_error(ErrorKind::internal, "ssh_pki_export_privkey_base64 failed");
  }
  std::string text(b64);
  ssh_string_free_char(b64);
  if (auto s = create_parent_directory(path); !s) return s.error();
  if (auto s = write_file_atomic(path, text, 0600); !s) return s.error();
  return with_fingerprint(std::move(key));
}

}  // namespace

// libssh 0.10 keeps ssh_pki_export_pubkey_blob private; the public base64
// export is the same wire-format blob, so decode it.
Result<std::string> fingerprint(ssh_key key) {
  char* b64 = nullptr;
  if (ssh_pki_export_pubkey_base64(key, &b64) != SSH_OK || b64 == nullptr) {
    return make_error(ErrorKind::internal, "ssh_pki_export_pubkey_base64 failed");
  }
  const std::string text(b64);
  ssh_string_free_char(b64);
  std::string blob(text.size() / 4 * 3 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(blob.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return make_error(ErrorKind::internal, "cannot decode the public key blob");
  // EVP_DecodeBlock counts the bytes that '=' padding stands for; drop them.
  std::size_t size = static_cast<std::size_t>(n);
  for (auto it = text.rbegin(); it != text.rend() && *it == '='; ++it) --size;
  blob.resize(size);
  return openssh_fingerprint(blob);
}

Result<HostKey> load_or_create_host_key(const std::string& path) {
  if (!exists(path)) return generate(path);
  ssh_key raw = nullptr;
  if (ssh_pki_import_privkey_file(path.c_str(), nullptr, nullptr, nullptr, &raw) != SSH_OK) {
    return make_error(ErrorKind::input, path + ": not a readable unencrypted OpenSSH private key");
  }
  return with_fingerprint(KeyPtr(raw));
}

Status create_missing_host_keys(const std::vector<std::string>& paths, std::size_t threads) {
  std::set<std::string> missing;
  for (const auto& p : paths) {
    if (!exists(p)) missing.insert(p);
  }
  std::vector<std::string> todo(missing.begin(), missing.end());
  for (const auto& p : todo) {  // before the threads: they would race to create the same directory
    if (auto s = create_parent_directory(p); !s) return s;
  }
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  Status first = ok_status();
  const auto work = [&] {
    for (std::size_t i = next++; i < todo.size(); i = next++) {
      auto key = generate(todo[i]);
      std::lock_guard lock(mutex);
      if (!key && first) first = make_error(key.error().kind, todo[i] + ": " + key.error().message);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < std::min(threads, todo.size()); ++t) pool.emplace_back(work);
  for (auto& t : pool) t.join();
  return first;
}

Result<KeyPtr> load_public_key(const std::string& path) {
  ssh_key raw = nullptr;
  const int rc = ssh_pki_import_pubkey_file(path.c_str(), &raw);
  if (rc == SSH_EOF) return make_error(ErrorKind::input, path + ": public key file not found");
  if (rc != SSH_OK) return make_error(ErrorKind::input, path + ": not an OpenSSH public key");
  return KeyPtr(raw);
}

}  // namespace attest::lab
