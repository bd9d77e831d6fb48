// Internal to attest_profiles: a version is parsed, per scheme, into a key
// that orders like the vendor's releases. A key is a list of segments; a
// segment is a list of atoms (a number or a word). Keys compare
// lexicographically, numbers numerically, a number before a word, and a
// shorter prefix first (17.9.4 < 17.9.4a).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "attest/util/result.hpp"

namespace attest::detail {

using Atom = std::variant<std::uint64_t, std::string>;
using Segment = std::vector<Atom>;
using VersionKey = std::vector<Segment>;

// Longer strings are refused before any parsing: real versions are short.
inline constexpr std::size_t kMaxVersionLength = 64;
// Digit runs longer than this do not fit a uint64_t safely.
inline constexpr std::size_t kMaxDigits = 18;

// A cursor over a version string. Failed reads consume nothing.
class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool done() const { return pos_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[pos_]; }
  bool next_is_digit() const { return peek() >= '0' && peek() <= '9'; }
  bool eat(char c) {
    if (done() || s_[pos_] != c) return false;
    ++pos_;
    return true;
  }
  void skip() {
    if (!done()) ++pos_;
  }
  // A run of 1..kMaxDigits digits.
  std::optional<std::uint64_t> number();
  // A run of ASCII letters, possibly empty.
  std::string letters();
  std::string_view rest() const { return s_.substr(pos_ < s_.size() ? pos_ : s_.size()); }

 private:
  std::string_view s_;
  std::size_t pos_ = 0;
};

// Numbers and words of `s`; every other character separates. nullopt when a
// digit run is too long.
std::optional<Segment> atomize(std::string_view s);

// The parse Error every scheme gives: "<scheme>: '<v>' is not a version like
// <expected>", with the device's bytes made printable.
Error invalid_version(std::string_view scheme, std::string_view v, std::string_view expected);

// One parser per scheme; the Error says what the scheme expects.
Result<VersionKey> cisco_ios_key(std::string_view v);
Result<VersionKey> cisco_nxos_key(std::string_view v);
Result<VersionKey> arista_eos_key(std::string_view v);
Result<VersionKey> junos_key(std::string_view v);
Result<VersionKey> sonic_key(std::string_view v);
Result<VersionKey> dotted_key(std::string_view v, std::string_view scheme);
Result<VersionKey> avocent_acs_key(std::string_view v);
Result<VersionKey> lantronix_slc_key(std::string_view v);
Result<VersionKey> digi_dal_key(std::string_view v);
Result<VersionKey> digi_netos_key(std::string_view v);
Result<VersionKey> os10_key(std::string_view v);
Result<VersionKey> cumulus_key(std::string_view v);
Result<VersionKey> aoscx_key(std::string_view v);
Result<VersionKey> iosxr_key(std::string_view v);
// PDU firmware (version_schemes_pdu.cpp).
Result<VersionKey> apc_aos_key(std::string_view v);
Result<VersionKey> raritan_key(std::string_view v);
Result<VersionKey> servertech_key(std::string_view v);

}  // namespace attest::detail
