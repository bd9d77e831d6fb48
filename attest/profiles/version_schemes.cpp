// The grammar of each version scheme, as seen in vendor release notes and on
// devices (see REFERENCE.md "Device CLIs"). Each parser accepts exactly its
// scheme's shapes and builds a key that orders like the releases.
#include <cstdint>

#include "attest/profiles/version_key.hpp"

namespace attest::detail {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// For messages: the version with anything unprintable shown as '?'.
std::string printable(std::string_view v) {
  std::string out(v);
  for (auto& c : out) {
    if (c < 0x20 || c > 0x7e) c = '?';
  }
  return out;
}


void push_word(Segment& seg, std::string word) {
  if (!word.empty()) seg.emplace_back(std::move(word));
}

// Build or commit suffixes: "3054042.4155M", "7995b757b", "dev-1049-gd3f0b59c0".
bool is_suffix(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_digit(c) && !is_letter(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

// "<n>.<n>" at the start of every Cisco and Juniper version.
bool major_minor(Scanner& sc, Segment& seg) {
  const auto major = sc.number();
  if (!major || !sc.eat('.')) return false;
  const auto minor = sc.number();
  if (!minor) return false;
  seg = {*major, *minor};
  return true;
}

// "(<n>[letters])" as in 9.3(10), 10.3(4a), I4(3).
bool paren_group(Scanner& sc, Segment& seg) {
  if (!sc.eat('(')) return false;
  const auto n = sc.number();
  if (!n) return false;
  seg.emplace_back(*n);
  push_word(seg, sc.letters());
  return sc.eat(')');
}

// IOS-XE "17.9.4a", "16.12.04", IOS-XE 3.x "03.16.04b.S".
bool ios_xe_tail(Scanner& sc, Segment& seg) {
  const auto rebuild = sc.number();
  if (!rebuild) return false;
  seg.emplace_back(*rebuild);
  push_word(seg, sc.letters());
  if (!sc.eat('.')) return true;
  auto train = sc.letters();
  if (train.empty()) return false;
  seg.emplace_back(std::move(train));
  return true;
}

// Classic IOS "15.2(7)E3", "12.2(55)SE12", interim builds "15.2(20170321:233949)".
bool ios_classic_tail(Scanner& sc, Segment& seg) {
  const auto maintenance = sc.number();
  if (!maintenance) return false;
  seg.emplace_back(*maintenance);
  push_word(seg, sc.letters());
  if (sc.eat(':')) {
    const auto time = sc.number();
    if (!time) return false;
    seg.emplace_back(*time);
  }
  if (!sc.eat(')')) return false;
  push_word(seg, sc.letters());
  if (const auto rebuild = sc.number()) seg.emplace_back(*rebuild);
  push_word(seg, sc.letters());
  return true;
}

// Engineering specials such as "V169_5_SR689355441_2" (16.9.5, case SR689355441, build 2).
bool is_special_build(std::string_view v) {
  return v.size() > 1 && v[0] == 'V' && is_digit(v[1]) && v.find("_SR") != std::string_view::npos;
}

// "<n>(.<n>)*" into `numbers`; false when a component is missing ("1..2", "4.").
bool dotted_numbers(Scanner& sc, Segment& numbers) {
  do {
    const auto n = sc.number();
    if (!n) return false;
    numbers.emplace_back(*n);
  } while (sc.eat('.'));
  return true;
}

}  // namespace

std::optional<std::uint64_t> Scanner::number() {
  std::size_t end = pos_;
  while (end < s_.size() && is_digit(s_[end])) ++end;
  if (end == pos_ || end - pos_ > kMaxDigits) return std::nullopt;
  std::uint64_t value = 0;
  for (std::size_t i = pos_; i < end; ++i) value = value * 10 + static_cast<std::uint64_t>(s_[i] - '0');
  pos_ = end;
  return value;
}

std::string Scanner::letters() {
  const std::size_t start = pos_;
  while (pos_ < s_.size() && is_letter(s_[pos_])) ++pos_;
  return std::string(s_.substr(start, pos_ - start));
}

std::optional<Segment> atomize(std::string_view s) {
  Scanner sc(s);
  Segment seg;
  while (!sc.done()) {
    if (sc.next_is_digit()) {
      const auto n = sc.number();
      if (!n) return std::nullopt;
      seg.emplace_back(*n);
    } else if (auto word = sc.letters(); !word.empty()) {
      seg.emplace_back(std::move(word));
    } else {
      sc.skip();
    }
  }
  return seg;
}

Result<VersionKey> cisco_ios_key(std::string_view v) {
  constexpr std::string_view kScheme = "cisco-ios";
  if (is_special_build(v))
    return make_error(ErrorKind::parse, "cisco-ios: '" + printable(v) +
                                            "' is an engineering special build (V<release>_<n>_SR<case>_<build>); "
                                            "specials have no order against releases and are refused");
  Scanner sc(v);
  Segment seg;
  if (!major_minor(sc, seg)) return invalid_version(kScheme, v, "17.9.4a, 16.12.04 or 15.2(7)E3");
  const bool tail_ok = sc.eat('.') ? ios_xe_tail(sc, seg) : sc.eat('(') && ios_classic_tail(sc, seg);
  if (!tail_ok || !sc.done()) return invalid_version(kScheme, v, "17.9.4a, 16.12.04 or 15.2(7)E3");
  return VersionKey{std::move(seg)};
}

Result<VersionKey> cisco_nxos_key(std::string_view v) {
  constexpr std::string_view kExpected = "9.3(10), 10.3(4a) or 7.0(3)I4(3)";
  Scanner sc(v);
  Segment seg;
  if (!major_minor(sc, seg) || !paren_group(sc, seg)) return invalid_version("cisco-nxos", v, kExpected);
  auto train = sc.letters();
  if (!train.empty() && sc.next_is_digit()) {  // 7.0(3)I4(3): train I, release 4, rebuild 3
    seg.emplace_back(std::move(train));
    const auto release = sc.number();
    if (!release) return invalid_version("cisco-nxos", v, kExpected);
    seg.emplace_back(*release);
    if (!paren_group(sc, seg)) return invalid_version("cisco-nxos", v, kExpected);
    train = sc.letters();
  }
  // A trailing designation ("10.3(4a)M") names the release type, not a newer release.
  if (train.size() > 1 || !sc.done()) return invalid_version("cisco-nxos", v, kExpected);
  return VersionKey{std::move(seg)};
}

Result<VersionKey> arista_eos_key(std::string_view v) {
  constexpr std::string_view kExpected = "4.30.1F or 4.15.5M-3054042.4155M";
  // The internal build suffix ("-3054042.4155M") names a build of the same release.
  const auto dash = v.find('-');
  if (dash != std::string_view::npos && !is_suffix(v.substr(dash + 1))) return invalid_version("arista-eos", v, kExpected);
  Scanner sc(v.substr(0, dash));
  Segment numbers;
  if (!dotted_numbers(sc, numbers)) return invalid_version("arista-eos", v, kExpected);
  Segment train;
  push_word(train, sc.letters());
  if (numbers.size() < 3 || !sc.done()) return invalid_version("arista-eos", v, kExpected);
  // Numbers and train apart: 4.30.1.1F is newer than 4.30.1F.
  return VersionKey{std::move(numbers), std::move(train)};
}

Result<VersionKey> junos_key(std::string_view v) {
  constexpr std::string_view kExpected = "22.4R3-S2, 21.4R3-S3.4 or 12.1X47-D20.7";
  Scanner sc(v);
  Segment seg;
  if (!major_minor(sc, seg)) return invalid_version("junos", v, kExpected);
  auto type = sc.letters();  // R release, X special branch, F feature, B beta...
  const auto release = sc.number();
  if (type.empty() || !release) return invalid_version("junos", v, kExpected);
  seg.emplace_back(std::move(type));
  seg.emplace_back(*release);
  // Build numbers (".7") and service/D releases ("-S2", "-D20") follow; a
  // build number is a number, so it sorts before any "-S" (R7.9 < R7-S1).
  while (!sc.done()) {
    if (sc.eat('.')) {
      const auto build = sc.number();
      if (!build) return invalid_version("junos", v, kExpected);
      seg.emplace_back(*build);
      continue;
    }
    if (!sc.eat('-')) return invalid_version("junos", v, kExpected);
    auto word = sc.letters();
    const bool evolved = word == "EVO";
    if (word.empty()) return invalid_version("junos", v, kExpected);
    seg.emplace_back(std::move(word));
    if (evolved) continue;
    const auto service = sc.number();
    if (!service) return invalid_version("junos", v, kExpected);
    seg.emplace_back(*service);
  }
  return VersionKey{std::move(seg)};
}

Result<VersionKey> sonic_key(std::string_view v) {
  constexpr std::string_view kExpected = "202305.1-7995b757b or HEAD.1.2.0-7995b757b";
  const auto dash = v.find('-');
  const auto build = dash == std::string_view::npos ? std::string_view{} : v.substr(dash + 1);
  if (dash != std::string_view::npos && !is_suffix(build)) return invalid_version("sonic", v, kExpected);
  Scanner sc(v.substr(0, dash));
  // Development branches sort before every release: a HEAD image never
  // satisfies a release minimum.
  Segment branch;
  if (sc.next_is_digit()) {
    const auto n = sc.number();
    if (!n) return invalid_version("sonic", v, kExpected);
    branch = {std::uint64_t{1}, *n};
  } else {
    auto word = sc.letters();
    if (word != "HEAD" && word != "master")
      return make_error(ErrorKind::parse, "sonic: '" + printable(v) +
                                              "' names neither a release branch (YYYYMM) nor HEAD/master");
    branch = {std::uint64_t{0}, std::move(word)};
  }
  Segment numbers;
  while (sc.eat('.')) {
    const auto n = sc.number();
    if (!n) return invalid_version("sonic", v, kExpected);
    numbers.emplace_back(*n);
  }
  if (!sc.done()) return invalid_version("sonic", v, kExpected);
  // The commit hash only breaks ties: the same numbers from another commit
  // are another build, never equal; the hash order itself means nothing.
  Segment commit;
  if (!build.empty()) commit.emplace_back(std::string(build));
  return VersionKey{std::move(branch), std::move(numbers), std::move(commit)};
}

Result<VersionKey> dotted_key(std::string_view v, std::string_view scheme) {
  constexpr std::string_view kExpected = "12, 2.7.1 or 2.14.0-dev";
  const auto cut = v.find_first_of("-~+");
  const auto suffix = cut == std::string_view::npos ? std::string_view{} : v.substr(cut + 1);
  if (cut != std::string_view::npos && !is_suffix(suffix)) return invalid_version(scheme, v, kExpected);
  Scanner sc(v.substr(0, cut));
  Segment numbers;
  if (!dotted_numbers(sc, numbers) || !sc.done()) return invalid_version(scheme, v, kExpected);
  // 12 == 12.0: trailing zero components add nothing.
  while (numbers.size() > 1 && numbers.back() == Atom{std::uint64_t{0}}) numbers.pop_back();
  // A suffix marks a pre-release, as in semver: 2.14.0-dev < 2.14.0.
  Segment stage{std::uint64_t{suffix.empty() ? 1u : 0u}};
  if (!suffix.empty()) {
    auto atoms = atomize(suffix);
    if (!atoms) return invalid_version(scheme, v, kExpected);
    stage.insert(stage.end(), atoms->begin(), atoms->end());
  }
  return VersionKey{std::move(numbers), std::move(stage)};
}

// Avocent ACS 6000 "3.8.0.9", ACS 8000 "2.20.0.7": three or four numbers.
Result<VersionKey> avocent_acs_key(std::string_view v) {
  Scanner sc(v);
  Segment numbers;
  if (!dotted_numbers(sc, numbers) || !sc.done() || numbers.size() < 3 || numbers.size() > 4)
    return invalid_version("avocent-acs", v, "3.8.0.9 or 2.20.0.7");
  return VersionKey{std::move(numbers)};
}

// Lantronix SLC "8.3.0.0R2": four numbers, then R and the release number
// (the R number counts releases of the same version: 8.3.0.0R2 > 8.3.0.0R1).
Result<VersionKey> lantronix_slc_key(std::string_view v) {
  constexpr std::string_view kExpected = "8.3.0.0R2 or 7.4.0.0R8";
  Scanner sc(v);
  Segment numbers;
  if (!dotted_numbers(sc, numbers) || numbers.size() != 4 || !sc.eat('R')) return invalid_version("lantronix-slc", v, kExpected);
  const auto release = sc.number();
  if (!release || !sc.done()) return invalid_version("lantronix-slc", v, kExpected);
  return VersionKey{std::move(numbers), Segment{*release}};
}

// Digi Accelerated Linux "24.3.28.88": year, month, day, build. Numeric order
// is release order because the year comes first.
Result<VersionKey> digi_dal_key(std::string_view v) {
  Scanner sc(v);
  Segment numbers;
  if (!dotted_numbers(sc, numbers) || !sc.done() || numbers.size() != 4)
    return invalid_version("digi-dal", v, "24.3.28.88 or 20.5.38.37");
  return VersionKey{std::move(numbers)};
}

// Digi NET+OS "82002549_K", "82001526_F1": the firmware part number, then the
// revision letter(s) and an optional patch number. Revisions order within a
// part number; another part number is another firmware line and orders by
// its number, which says nothing about age: policies list one part number.
Result<VersionKey> digi_netos_key(std::string_view v) {
  constexpr std::string_view kExpected = "82002549_K or 82001526_F1";
  Scanner sc(v);
  const auto part = sc.number();
  if (!part || !sc.eat('_')) return invalid_version("digi-netos", v, kExpected);
  auto revision = sc.letters();
  if (revision.empty()) return invalid_version("digi-netos", v, kExpected);
  // Revision letters run A..Z, then AA..: a longer revision is a later one.
  Segment rev{static_cast<std::uint64_t>(revision.size()), std::move(revision)};
  if (sc.next_is_digit()) {
    const auto patch = sc.number();
    if (!patch) return invalid_version("digi-netos", v, kExpected);
    rev.emplace_back(*patch);
  }
  if (!sc.done()) return invalid_version("digi-netos", v, kExpected);
  return VersionKey{Segment{*part}, std::move(rev)};
}

Error invalid_version(std::string_view scheme, std::string_view v, std::string_view expected) {
  return make_error(ErrorKind::parse, std::string(scheme) + ": '" + printable(v) +
                                          "' is not a version like " + std::string(expected));
}

}  // namespace attest::detail
