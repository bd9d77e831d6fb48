// Version ordering per scheme: dispatch to the scheme's grammar
// (version_schemes.cpp) and compare the keys it builds.
#include "attest/profiles/version.hpp"

#include <compare>

#include "attest/profiles/text.hpp"
#include "attest/profiles/version_key.hpp"

namespace attest {
namespace {

using detail::VersionKey;

Result<VersionKey> opengear_key(std::string_view v) { return detail::dotted_key(v, "opengear"); }
Result<VersionKey> dotted_key(std::string_view v) { return detail::dotted_key(v, "dotted"); }
Result<VersionKey> geist_key(std::string_view v) { return detail::dotted_key(v, "geist"); }

struct Scheme {
  std::string_view name;
  Result<VersionKey> (*parse)(std::string_view);
};

constexpr Scheme kSchemes[] = {
    {"cisco-ios", detail::cisco_ios_key}, {"cisco-nxos", detail::cisco_nxos_key},
    {"arista-eos", detail::arista_eos_key}, {"junos", detail::junos_key},
    {"sonic", detail::sonic_key},           {"opengear", opengear_key},
    {"dotted", dotted_key},
    {"avocent-acs", detail::avocent_acs_key}, {"lantronix-slc", detail::lantronix_slc_key},
    {"digi-dal", detail::digi_dal_key},       {"digi-netos", detail::digi_netos_key},
    {"dell-os10", detail::os10_key},        {"cumulus", detail::cumulus_key},
    {"aoscx", detail::aoscx_key},           {"cisco-iosxr", detail::iosxr_key},
    {"apc-aos", detail::apc_aos_key},         {"raritan", detail::raritan_key},
    {"servertech", detail::servertech_key},   {"geist", geist_key},
};

const Scheme* find_scheme(std::string_view name) {
  for (const auto& s : kSchemes) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Result<VersionKey> parse_version(std::string_view scheme_name, std::string_view version) {
  const Scheme* scheme = find_scheme(scheme_name);
  if (scheme == nullptr) {
    std::string known;
    for (const auto& s : kSchemes) known += (known.empty() ? "" : ", ") + std::string(s.name);
    return make_error(ErrorKind::parse, "unknown version scheme '" + text::excerpt(scheme_name, 40) +
                                            "' (known: " + known + ")");
  }
  const auto v = text::trim(version);
  if (v.empty()) return make_error(ErrorKind::parse, std::string(scheme->name) + ": empty version");
  if (v.size() > detail::kMaxVersionLength)
    return make_error(ErrorKind::parse, std::string(scheme->name) + ": version longer than " +
                                            std::to_string(detail::kMaxVersionLength) + " characters");
  return scheme->parse(v);
}

}  // namespace

bool is_known_scheme(std::string_view scheme) { return find_scheme(scheme) != nullptr; }

Result<int> compare_versions(std::string_view scheme, std::string_view a, std::string_view b) {
  auto key_a = parse_version(scheme, a);
  if (!key_a) return key_a.error();
  auto key_b = parse_version(scheme, b);
  if (!key_b) return key_b.error();
  const auto order = *key_a <=> *key_b;
  if (order < 0) return -1;
  if (order > 0) return 1;
  return 0;
}

bool is_valid_version(std::string_view scheme, std::string_view version) {
  return parse_version(scheme, version).ok();
}

}  // namespace attest
