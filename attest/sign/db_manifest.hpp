// Signing and verifying a golden DB directory against its manifest. The gate
// trusts a DB only when MANIFEST.json.sig verifies under a trusted key and
// every file matches the manifest, with nothing extra and nothing missing.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "attest/sign/manifest.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::sign {

// What the report records about the DB a run used.
struct DbTrust {
  bool is_signed = false;        // false only with --allow-unsigned-db
  std::string manifest_sha256;   // sha256 of the exact MANIFEST.json bytes
  std::string key_id;            // the trusted key the signature verified under
  std::string signed_at;
  std::size_t files = 0;
};

// The DB's files as read once: '/'-separated path relative to the DB
// directory -> exact bytes. Loaders parse these, never the paths again, so a
// file swapped after verification cannot be what gets loaded.
using DbFiles = std::map<std::string, std::string>;

// A verified DB: what the report records, and the very bytes that matched
// the signed manifest.
struct VerifiedDb {
  DbTrust trust;
  DbFiles files;
};

// Reads every regular file under `dir` except the manifest and its
// signature, once. Symbolic links and special files are refused: what a link
// points to is not what was signed.
[[nodiscard]] Result<DbFiles> read_db_files(const std::string& dir);

// The manifest entries (digests) of `files`, sorted by path.
std::vector<ManifestEntry> manifest_entries(const DbFiles& files);

// read_db_files + manifest_entries.
[[nodiscard]] Result<std::vector<ManifestEntry>> scan_db_files(const std::string& dir);

// Writes dir/MANIFEST.json and dir/MANIFEST.json.sig (raw Ed25519 signature
// over the manifest's exact bytes).
[[nodiscard]] Result<Manifest> sign_db(const std::string& dir, EVP_PKEY* private_key);

// Verifies the signature against each of `trusted_public_keys` (PEM files),
// then every file, and returns the bytes it verified. Any problem is an input
// error naming the file.
[[nodiscard]] Result<VerifiedDb> verify_db(const std::string& dir, const std::vector<std::string>& trusted_public_keys);

// `--allow-unsigned-db`: the same single read, nothing verified (is_signed false).
[[nodiscard]] Result<VerifiedDb> read_unsigned_db(const std::string& dir);

}  // namespace attest::sign
