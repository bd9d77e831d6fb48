// Internal to attest_profiles: the "Key: value" reading the PDU parsers
// share (APC, Raritan, Server Technology, Geist print their facts that way).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "attest/profiles/parsers.hpp"

namespace attest::detail {

// The first word of the first "Key: value" line whose key is one of `keys`
// (tried in order: firmware generations name a field differently), or a
// parse Error naming the command and the first key.
Result<std::string> first_word_of_field(std::string_view text, std::initializer_list<std::string_view> keys,
                                        std::string_view command);

// An Error when the first non-empty line starts with one of `refusals`
// (how the CLI says it did not run the command), quoting that line.
std::optional<Error> refused_command(std::string_view text, std::initializer_list<std::string_view> refusals,
                                     std::string_view command);

// A PDU whose one command prints all three facts as "Key: value" lines:
// the keys each fact may go by, in order of preference.
struct FactFields {
  std::string_view command;
  const char* vendor;
  std::string_view origin;  // the profile name, for checked_facts
  std::initializer_list<std::string_view> refusals;
  std::initializer_list<std::string_view> model;
  std::initializer_list<std::string_view> serial;
  std::initializer_list<std::string_view> version;
};

// Reads `fields` from the command's output in `outputs`.
Result<DeviceFacts> facts_from_fields(const CommandOutputs& outputs, const FactFields& fields);

}  // namespace attest::detail
