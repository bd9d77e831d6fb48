// Helpers for profile tests: load a captured device output from
// tests/fixtures/profiles/<profile>/ and run it through split_capture + parse.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "attest/profiles/forms.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/util/files.hpp"

namespace attest::test {

inline std::string load_fixture(const std::string& profile, const std::string& file) {
  const auto path = std::string(ATTEST_SOURCE_DIR) + "/tests/fixtures/profiles/" + profile + "/" + file;
  auto contents = read_file(path);
  REQUIRE_MESSAGE(contents.ok(), "cannot read fixture " << path);
  return *contents;
}

inline const Profile& profile_named(const std::string& name) {
  const Profile* profile = find_profile(name);
  REQUIRE_MESSAGE(profile != nullptr, "no profile " << name);
  return *profile;
}

// The facts a profile reads from a fixture, or the first error on the way.
inline Result<DeviceFacts> parse_fixture(const std::string& profile_name, const std::string& file) {
  const Profile& profile = profile_named(profile_name);
  auto outputs = split_capture(profile, load_fixture(profile_name, file));
  if (!outputs) return outputs.error();
  // A capture may hold refused forms and the older forms that answered.
  auto chosen = choose_forms(profile, *outputs);
  if (!chosen) return chosen.error();
  return profile.parse(chosen->outputs);
}

struct FixtureFacts {
  const char* file;
  DeviceFacts facts;
};

inline void check_fixture(const std::string& profile, const FixtureFacts& expected) {
  CAPTURE(expected.file);
  const auto facts = parse_fixture(profile, expected.file);
  REQUIRE_MESSAGE(facts.ok(), (facts.ok() ? std::string() : facts.error().message));
  CHECK(facts->vendor == expected.facts.vendor);
  CHECK(facts->model == expected.facts.model);
  CHECK(facts->serial == expected.facts.serial);
  CHECK(facts->version == expected.facts.version);
}

// The error message a fixture fails with (kind parse); "" when it parsed.
inline std::string fixture_error(const std::string& profile, const std::string& file) {
  const auto facts = parse_fixture(profile, file);
  if (facts.ok()) return "";
  CHECK(facts.error().kind == ErrorKind::parse);
  return facts.error().message;
}

}  // namespace attest::test
