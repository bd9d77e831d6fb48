// Version grammars of the PDU management firmware: APC AOS ("v6.9.6",
// NMC3 "v2.5.0.6"), Raritan Xerus ("3.5.0.5-46780") and Server Technology
// Sentry ("8.0p": the letter is the patch level). Geist uses "dotted".
#include <string>

#include "attest/profiles/version_key.hpp"

namespace attest::detail {
namespace {

// `min`..`max` dot-separated numbers, and nothing left in `sc` unless a
// caller reads on.
bool numbers_between(Scanner& sc, Segment& numbers, std::size_t min, std::size_t max) {
  do {
    const auto n = sc.number();
    if (!n) return false;
    numbers.emplace_back(*n);
  } while (sc.eat('.'));
  return numbers.size() >= min && numbers.size() <= max;
}

// Letters as a bijective base-26 number: "" 0, "a" 1, "z" 26, "aa" 27.
// Case is ignored (ServerTech prints lower case; release notes sometimes not).
std::optional<std::uint64_t> letter_level(const std::string& letters) {
  if (letters.size() > 3) return std::nullopt;
  std::uint64_t level = 0;
  for (const char c : letters) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    level = level * 26 + static_cast<std::uint64_t>(lower - 'a' + 1);
  }
  return level;
}

}  // namespace

Result<VersionKey> apc_aos_key(std::string_view v) {
  constexpr std::string_view kExpected = "v6.9.6, 6.9.6 or v2.5.0.6";
  // "v" is how the card prints a version, not part of it: v6.9.6 == 6.9.6.
  Scanner sc(v.starts_with('v') ? v.substr(1) : v);
  Segment numbers;
  if (!numbers_between(sc, numbers, 3, 4) || !sc.done()) return invalid_version("apc-aos", v, kExpected);
  return VersionKey{std::move(numbers)};
}

Result<VersionKey> raritan_key(std::string_view v) {
  constexpr std::string_view kExpected = "3.5.0.5-46780 or 4.0.20.5-47974";
  Scanner sc(v);
  Segment numbers;
  if (!numbers_between(sc, numbers, 3, 4)) return invalid_version("raritan", v, kExpected);
  // The build number names one build of the release: 3.5.0.5-46780 and a
  // later rebuild 3.5.0.5-46800 differ, and the bare release sorts first.
  Segment build;
  if (sc.eat('-')) {
    const auto n = sc.number();
    if (!n) return invalid_version("raritan", v, kExpected);
    build.emplace_back(*n);
  }
  if (!sc.done()) return invalid_version("raritan", v, kExpected);
  return VersionKey{std::move(numbers), std::move(build)};
}

Result<VersionKey> servertech_key(std::string_view v) {
  constexpr std::string_view kExpected = "8.0p, 8.2k or 7.0";
  Scanner sc(v);
  const auto major = sc.number();
  if (!major || !sc.eat('.')) return invalid_version("servertech", v, kExpected);
  const auto minor = sc.number();
  const auto patch = letter_level(sc.letters());
  if (!minor || !patch || !sc.done()) return invalid_version("servertech", v, kExpected);
  return VersionKey{Segment{*major, *minor, *patch}};
}

}  // namespace attest::detail
