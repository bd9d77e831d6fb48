// PCR banks and selections shared by quote verification, event-log replay and
// golden boot matching. Pure values; algorithm ids are TCG TPM_ALG_ID values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

inline constexpr std::uint16_t kAlgSha1 = 0x0004;
inline constexpr std::uint16_t kAlgSha256 = 0x000b;
inline constexpr std::uint16_t kAlgSha384 = 0x000c;
inline constexpr std::uint16_t kAlgSha512 = 0x000d;
inline constexpr unsigned kMaxPcr = 23;  // PC Client: PCR 0..23

// "sha1", "sha256", ... or nullptr for an algorithm we do not handle.
const char* hash_alg_name(std::uint16_t alg);
std::optional<std::uint16_t> hash_alg_from_name(std::string_view name);
// Digest size in bytes, 0 for an unknown algorithm.
std::size_t hash_alg_size(std::uint16_t alg);
// Hash of `data` with a TPM hash algorithm (OpenSSL), empty for unknown algorithms.
Bytes hash_with(std::uint16_t alg, std::string_view data);

// PCR values per bank: alg -> pcr index -> digest.
using PcrValues = std::map<std::uint16_t, std::map<unsigned, Bytes>>;

// Which PCRs of which banks: alg -> set of pcr indices.
using PcrSelection = std::map<std::uint16_t, std::set<unsigned>>;

// Parses "sha256:0-7" / "sha256:0,1,2+sha1:0-3" (tpm2-tools syntax, ranges allowed).
Result<PcrSelection> parse_pcr_selection(std::string_view text);
// "sha1:0,1,2+sha256:0,1,2,3,4,5,6,7"
std::string to_string(const PcrSelection& selection);

}  // namespace attest::tpm
