#include "attest/sign/db_manifest.hpp"

#include <algorithm>
#include <filesystem>

#include "attest/sign/ed25519.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace fs = std::filesystem;

namespace attest::sign {
namespace {

constexpr std::size_t kMaxDbFiles = 10000;
constexpr std::size_t kMaxDbFileBytes = 16u << 20;
constexpr std::size_t kMaxManifestBytes = 4u << 20;

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += "\n  " + l;
  return out;
}

bool is_manifest_pair(const std::string& rel) { return rel == kManifestFile || rel == kManifestSigFile; }

}  // namespace

Result<DbFiles> read_db_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return make_error(ErrorKind::input, dir + ": not a directory");
  const fs::path root(dir);
  DbFiles out;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    const auto status = it->symlink_status(ec);
    if (ec) break;
    if (fs::is_directory(status)) continue;
    const std::string rel = it->path().lexically_relative(root).generic_string();
    if (!fs::is_regular_file(status)) {
      return make_error(ErrorKind::input, it->path().string() + ": not a regular file (links and special files cannot be signed)");
    }
    if (is_manifest_pair(rel)) continue;
    if (out.size() >= kMaxDbFiles) return make_error(ErrorKind::input, dir + ": more than " + std::to_string(kMaxDbFiles) + " files");
    auto bytes = read_file(it->path().string(), kMaxDbFileBytes);
    if (!bytes) return bytes.error();
    out.emplace(rel, std::move(bytes).value());
  }
  if (ec) return make_error(ErrorKind::io, dir + ": cannot list: " + ec.message());
  return out;
}

std::vector<ManifestEntry> manifest_entries(const DbFiles& files) {
  std::vector<ManifestEntry> out;
  for (const auto& [rel, bytes] : files) out.push_back(ManifestEntry{rel, sha256_hex(bytes), bytes.size()});
  return out;
}

Result<std::vector<ManifestEntry>> scan_db_files(const std::string& dir) {
  auto files = read_db_files(dir);
  if (!files) return files.error();
  return manifest_entries(*files);
}

Result<Manifest> sign_db(const std::string& dir, EVP_PKEY* private_key) {
  auto files = scan_db_files(dir);
  if (!files) return files.error();
  Manifest manifest{key_id(private_key), utc_now_rfc3339(), std::move(files).value()};
  const std::string text = manifest_to_json(manifest);
  auto sig = sign(private_key, text);
  if (!sig) return sig.error();
  const fs::path root(dir);
  // Signature last: a manifest without a matching signature is refused, so an
  // interrupted signing leaves a DB that fails closed.
  if (auto st = write_file_atomic((root / kManifestFile).string(), text); !st) return st.error();
  const std::string sig_bytes(sig->begin(), sig->end());
  if (auto st = write_file_atomic((root / kManifestSigFile).string(), sig_bytes); !st) return st.error();
  return manifest;
}

Result<VerifiedDb> verify_db(const std::string& dir, const std::vector<std::string>& trusted_public_keys) {
  const fs::path root(dir);
  const std::string manifest_path = (root / kManifestFile).string();
  const std::string sig_path = (root / kManifestSigFile).string();
  if (trusted_public_keys.empty()) {
    return make_error(ErrorKind::usage, dir + ": no trusted DB key given (--db-pubkey); refusing an unverified golden DB");
  }
  auto text = read_file(manifest_path, kMaxManifestBytes);
  if (!text) return make_error(ErrorKind::input, text.error().message + " (the DB is not signed: `attest db sign`)");
  auto sig = read_file(sig_path, kSignatureSize + 1);
  if (!sig) return make_error(ErrorKind::input, sig.error().message + " (the DB manifest is not signed)");
  std::string verified_by;
  for (const auto& key_file : trusted_public_keys) {
    auto key = load_public_key(key_file);
    if (!key) return key.error();
    if (verify(key->get(), *text, *sig)) verified_by = key_id(key->get());
  }
  if (verified_by.empty()) {
    return make_error(ErrorKind::input, sig_path + ": signature does not verify under any trusted DB key (" +
                                            std::to_string(trusted_public_keys.size()) + " given)");
  }
  auto manifest = parse_manifest(*text, manifest_path);
  if (!manifest) return manifest.error();
  // The bytes compared with the manifest are the bytes returned: one read.
  auto files = read_db_files(dir);
  if (!files) return files.error();
  if (auto diffs = manifest_differences(*manifest, manifest_entries(*files)); !diffs.empty()) {
    return make_error(ErrorKind::input, dir + ": golden DB does not match its signed manifest:" + join(diffs));
  }
  DbTrust trust{true, sha256_hex(*text), verified_by, manifest->signed_at, manifest->files.size()};
  return VerifiedDb{std::move(trust), std::move(files).value()};
}

Result<VerifiedDb> read_unsigned_db(const std::string& dir) {
  auto files = read_db_files(dir);
  if (!files) return files.error();
  return VerifiedDb{DbTrust{}, std::move(files).value()};
}

}  // namespace attest::sign
