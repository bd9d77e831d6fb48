// Version grammars of the switch systems added for issue 11: Dell OS10,
// Cumulus Linux, Aruba AOS-CX and Cisco IOS-XR, after their release notes.
#include "attest/profiles/version_key.hpp"

namespace attest::detail {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

// "<n>.<n>[.<n>...]" with at least `min_parts` numbers.
bool numbers_at_least(Scanner& sc, Segment& seg, std::size_t min_parts) {
  do {
    const auto n = sc.number();
    if (!n) return false;
    seg.emplace_back(*n);
  } while (sc.eat('.'));
  return seg.size() >= min_parts;
}

// Three or more release numbers, then an optional word ("10.4.0E", "7.3.2.22I").
bool release_then_word(Scanner& sc, Segment& numbers, Segment& word) {
  if (!numbers_at_least(sc, numbers, 3)) return false;
  if (auto letters = sc.letters(); !letters.empty()) word.emplace_back(std::move(letters));
  return true;
}

}  // namespace

// OS10: "10.5.4.2", older "10.4.3.4", and 10.4.0 point releases "10.4.0E(R3P2)":
// the letters and the parenthesised release order after the numbers
// (10.4.0E(R3) < 10.4.0E(R3P2) < 10.4.0E(R4)).
Result<VersionKey> os10_key(std::string_view v) {
  constexpr std::string_view kExpected = "10.5.4.2 or 10.4.0E(R3P2)";
  Scanner sc(v);
  Segment numbers, train;
  if (!release_then_word(sc, numbers, train)) return invalid_version("dell-os10", v, kExpected);
  if (sc.eat('(')) {
    const auto inside = sc.rest().substr(0, sc.rest().find(')'));
    auto atoms = atomize(inside);
    if (inside.empty() || inside.size() == sc.rest().size() || !atoms || !is_upper(inside.front()))
      return invalid_version("dell-os10", v, kExpected);
    for (std::size_t i = 0; i <= inside.size(); ++i) sc.skip();  // the inside and ')'
    train.insert(train.end(), atoms->begin(), atoms->end());
  }
  if (!sc.done()) return invalid_version("dell-os10", v, kExpected);
  return VersionKey{std::move(numbers), std::move(train)};
}

// AOS-CX: "FL.10.13.1000" = platform code (FL: 6300/6400, GL: 8320, TL: 8325,
// LL: 8360, PL: 6200...), then release numbers. The code is part of the
// version: the same numbers for another platform are another image, so the
// code is compared first (never numerically with another platform's).
Result<VersionKey> aoscx_key(std::string_view v) {
  constexpr std::string_view kExpected = "FL.10.13.1000";
  Scanner sc(v);
  std::string platform = sc.letters();
  if (platform.size() != 2 || !is_upper(platform[0]) || !is_upper(platform[1]) || !sc.eat('.'))
    return invalid_version("aoscx", v, kExpected);
  Segment numbers;
  if (!numbers_at_least(sc, numbers, 3) || !sc.done()) return invalid_version("aoscx", v, kExpected);
  return VersionKey{Segment{std::move(platform)}, std::move(numbers)};
}

// IOS-XR: "6.1.4", "7.9.2", the year-based "24.1.1" (24.1.1 > 7.11.2), and
// engineering builds with a trailing "I" ("7.3.2.22I") after their base.
Result<VersionKey> iosxr_key(std::string_view v) {
  constexpr std::string_view kExpected = "7.9.2, 24.1.1 or 7.3.2.22I";
  Scanner sc(v);
  Segment numbers, build;
  if (!release_then_word(sc, numbers, build) || !sc.done()) return invalid_version("cisco-iosxr", v, kExpected);
  return VersionKey{std::move(numbers), std::move(build)};
}

// Cumulus Linux: "5.9.1", "4.4.5", "3.7.16": three numbers, nothing else.
Result<VersionKey> cumulus_key(std::string_view v) {
  constexpr std::string_view kExpected = "5.9.1 or 4.4.5";
  Scanner sc(v);
  Segment numbers;
  if (!numbers_at_least(sc, numbers, 3) || numbers.size() > 4 || !sc.done()) return invalid_version("cumulus", v, kExpected);
  return VersionKey{std::move(numbers)};
}

}  // namespace attest::detail
