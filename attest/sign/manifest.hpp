// The golden DB manifest (MANIFEST.json, schema attest.db-manifest/v1): the
// sha256 of every file of the DB, sorted by path. Pure: text in, problems out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/result.hpp"

namespace attest::sign {

inline constexpr const char* kManifestSchema = "attest.db-manifest/v1";
inline constexpr const char* kManifestFile = "MANIFEST.json";
inline constexpr const char* kManifestSigFile = "MANIFEST.json.sig";

struct ManifestEntry {
  std::string path;  // relative to the DB directory, '/'-separated
  std::string sha256;
  std::uint64_t size = 0;
};

struct Manifest {
  std::string key_id;     // the key that signed it (informative; the signature decides)
  std::string signed_at;  // RFC 3339 UTC
  std::vector<ManifestEntry> files;  // sorted by path, unique
};

// Canonical text: the exact bytes that get signed.
std::string manifest_to_json(const Manifest& manifest);
// Strict: schema, sorted unique relative paths without "..", hex digests.
[[nodiscard]] Result<Manifest> parse_manifest(std::string_view text, const std::string& path);

// Every difference between the manifest and the files found, one line each:
// changed digest, missing file, file not in the manifest.
std::vector<std::string> manifest_differences(const Manifest& manifest, const std::vector<ManifestEntry>& found);

}  // namespace attest::sign
