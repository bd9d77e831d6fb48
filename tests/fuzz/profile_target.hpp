// Shared by the fuzz_profile_<name> targets: one vendor profile's parser
// reached the way attest reaches it (find_profile -> split_capture -> parse),
// over the input as a terminal capture and over the input given to every
// command. What must hold: nothing escapes; a result is checked facts or a
// parse error of bounded size; the same bytes give the same answer. At start,
// every fixture with known facts must still parse to them.
#pragma once

#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>

#include "attest/core/evidence.hpp"
#include "attest/profiles/forms.hpp"
#include "attest/profiles/profile.hpp"
#include "fuzz_support.hpp"

namespace attest::fuzz {

// Facts a fixture in tests/fixtures/profiles/<profile>/ is known to hold.
struct KnownFacts {
  const char* file;
  DeviceFacts facts;
};

// A parse error names the command and what is wrong; it may quote the device,
// but never more than a short excerpt (it lands in reports and terminals).
inline constexpr std::size_t kMaxErrorMessage = 4096;
inline constexpr std::size_t kMaxFact = 128;

inline const Profile& profile_or_abort(const char* name) {
  const Profile* profile = find_profile(name);
  if (profile == nullptr) invariant_failed(name, __FILE__, __LINE__);
  return *profile;
}

inline bool same_facts(const DeviceFacts& a, const DeviceFacts& b) {
  return a.vendor == b.vendor && a.model == b.model && a.serial == b.serial && a.version == b.version;
}

inline bool checked_fact(std::string_view fact) {
  if (fact.empty() || fact.size() > kMaxFact || fact.front() == ' ' || fact.back() == ' ') return false;
  for (const char c : fact) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  }
  return true;
}

inline void check_parsed(const Result<DeviceFacts>& facts) {
  if (!facts) {
    FUZZ_CHECK(facts.error().kind == ErrorKind::parse);
    FUZZ_CHECK(facts.error().message.size() <= kMaxErrorMessage);
    return;
  }
  FUZZ_CHECK(checked_fact(facts->vendor) && checked_fact(facts->model));
  FUZZ_CHECK(checked_fact(facts->serial) && checked_fact(facts->version));
}

// Parses twice: a parser that keeps state between calls would answer differently.
inline void parse_and_check(const Profile& profile, const CommandOutputs& outputs) {
  const auto first = profile.parse(outputs);
  check_parsed(first);
  const auto again = profile.parse(outputs);
  FUZZ_CHECK(first.ok() == again.ok());
  FUZZ_CHECK(first.ok() ? same_facts(*first, *again) : first.error().message == again.error().message);
}

// One of the profile's commands or of their older forms (Profile::fallbacks).
inline bool is_command_of(const Profile& profile, const std::string& command) {
  for (const auto& c : profile.commands) {
    for (const auto& form : forms_of(profile, c)) {
      if (form == command) return true;
    }
  }
  return false;
}

inline void fuzz_capture(const Profile& profile, std::string_view input) {
  const auto outputs = split_capture(profile, input);
  if (!outputs) {
    FUZZ_CHECK(outputs.error().message.size() <= kMaxErrorMessage);
    return;
  }
  for (const auto& [command, output] : *outputs) {
    FUZZ_CHECK(is_command_of(profile, command) && output.size() <= input.size());
  }
  const auto chosen = choose_forms(profile, *outputs);
  if (!chosen) {
    FUZZ_CHECK(chosen.error().message.size() <= kMaxErrorMessage);
    return;
  }
  parse_and_check(profile, chosen->outputs);
}

// The same bytes as the output of every command: reaches parser paths that
// a capture's framing would cut away. Bigger than the collector keeps is cut
// there, so it is cut here too.
inline void fuzz_outputs(const Profile& profile, std::string_view input) {
  CommandOutputs outputs;
  for (const auto& command : profile.commands) outputs[command] = std::string(input.substr(0, kMaxCommandOutput));
  parse_and_check(profile, outputs);
  // The same bytes as the output of each command's last older form: the text parsers behind the fallbacks.
  CommandOutputs older;
  for (const auto& command : profile.commands) older[forms_of(profile, command).back()] = outputs[command];
  if (older != outputs) parse_and_check(profile, older);
}

inline int fuzz_profile(const char* name, const std::uint8_t* data, std::size_t size) {
  const Profile& profile = profile_or_abort(name);
  try {
    fuzz_capture(profile, text_of(data, size));
    fuzz_outputs(profile, text_of(data, size));
  } catch (const std::exception& e) {
    invariant_failed((std::string("exception escaped: ") + e.what()).c_str(), __FILE__, __LINE__);
  }
  return 0;
}

// Run once at start: the target fails before fuzzing when a known fixture
// no longer parses to its facts.
inline bool check_known_facts(const char* name, std::initializer_list<KnownFacts> known) {
  const Profile& profile = profile_or_abort(name);
  for (const auto& k : known) {
    const Bytes bytes = fixture(std::string("profiles/") + name + "/" + k.file);
    const auto outputs = split_capture(profile, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
    if (!outputs) invariant_failed(k.file, __FILE__, __LINE__);
    const auto chosen = choose_forms(profile, *outputs);
    if (!chosen) invariant_failed(k.file, __FILE__, __LINE__);
    const auto facts = profile.parse(chosen->outputs);
    if (!facts || !same_facts(*facts, k.facts)) invariant_failed(k.file, __FILE__, __LINE__);
  }
  return true;
}

}  // namespace attest::fuzz

// One target: `profile` (its registry name) and the fixtures it must read.
#define ATTEST_FUZZ_PROFILE(profile, ...)                                                          \
  [[maybe_unused]] static const bool kKnownFactsHold = ::attest::fuzz::check_known_facts(profile, {__VA_ARGS__}); \
  extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {             \
    return ::attest::fuzz::fuzz_profile(profile, data, size);                                      \
  }
