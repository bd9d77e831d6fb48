// The Redfish BMC profiles (transport "redfish"): a table apart from the SSH
// profiles (profiles/registry.cpp), since a BMC's API needs no login
// handling, commands or parser of its own, only its version scheme and what
// the documentation says of its factory login. Header-only, so the config
// loaders can name these profiles without linking the HTTPS client.
#pragma once

#include <string_view>

#include "attest/profiles/profile.hpp"

namespace attest::redfish {

struct RedfishProfile {
  const char* name;    // "idrac-redfish"
  const char* vendor;  // "Dell"
  const char* scheme;  // version scheme (profiles/version.hpp) of its firmware
  // A factory default no probe can know, said in the default-credentials
  // finding (iLO's per-server password); "" when none.
  const char* not_probeable;
};

inline constexpr RedfishProfile kProfiles[] = {
    {"idrac-redfish", "Dell", "dotted", ""},
    {"ilo-redfish", "HPE", "dotted",
     "iLO 5/6 ship with user Administrator and a random 8-character password printed on the server's "
     "pull-out label (HPE iLO 6 User Guide, \"iLO default credentials\"): not probeable, check the label "
     "was changed at bring-up"},
    {"supermicro-redfish", "Supermicro", "dotted", ""},
    {"xcc-redfish", "Lenovo", "dotted", ""},
    {"openbmc-redfish", "OpenBMC", "dotted", ""},
};

// nullptr when no Redfish profile has that name.
inline const RedfishProfile* find_profile(std::string_view name) {
  for (const auto& p : kProfiles)
    if (name == p.name) return &p;
  return nullptr;
}

}  // namespace attest

namespace attest {

// An SSH profile (profiles/registry) or a Redfish one: what the DB and the
// inventory may name.
inline bool is_known_profile(std::string_view name) {
  return find_profile(name) != nullptr || redfish::find_profile(name) != nullptr;
}

}  // namespace attest
