// The line scanner shared by the two Cisco integrity parsers: "Key: value"
// fields from a fixed key list, hex values continued on wrapped lines, the
// echoed command's nonce, and the switch's "% ..." refusals.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::integrity::detail {

struct Scanned {
  std::map<std::string, std::string, std::less<>> fields;  // key -> value (continuations joined)
  std::vector<std::pair<std::string, std::string>> list;  // "name: HEX" lines under `list_key`
  std::optional<std::uint64_t> nonce;
  std::vector<std::string_view> other_lines;  // non-field lines (PEM blocks for the SUDI parser)
};

// Scans `output` for `keys`. Lines after `list_key` (e.g. "OS Hashes") that are
// "name: HEX" go to `list` until the next key. `what` names the command in errors.
[[nodiscard]] Result<Scanned> scan(std::string_view output, std::span<const std::string_view> keys,
                                   std::string_view list_key, std::string_view what);

bool is_hex(std::string_view s);

// The hex value of a field as bytes, or an error naming the field.
[[nodiscard]] Result<Bytes> hex_field(const Scanned& s, std::string_view key, std::string_view what);
[[nodiscard]] Result<std::string> text_field(const Scanned& s, std::string_view key, std::string_view what);
[[nodiscard]] Result<std::uint32_t> signature_version(const Scanned& s, std::string_view what);

}  // namespace attest::integrity::detail
