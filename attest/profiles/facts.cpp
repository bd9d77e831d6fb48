// Checks shared by every parser: where outputs come from and what a usable
// fact looks like.
#include <cstddef>

#include "attest/core/evidence.hpp"
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::size_t kMaxFactLength = 128;

// Why `value` cannot serve as the fact `name`, or empty when it can.
std::string fact_problem(std::string_view name, std::string_view value) {
  if (value.empty()) return std::string("empty ") + std::string(name);
  if (text::is_placeholder(value))
    return std::string(name) + " is the placeholder '" + std::string(value) + "'";
  if (value.size() > kMaxFactLength)
    return std::string(name) + " longer than " + std::to_string(kMaxFactLength) + " characters";
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return std::string(name) + " contains control characters";
  }
  return {};
}

}  // namespace

Error parse_error(std::string_view command, std::string_view what) {
  return make_error(ErrorKind::parse, std::string(command) + ": " + std::string(what));
}

Result<std::string> output_text(const CommandOutputs& outputs, std::string_view command) {
  const auto it = outputs.find(std::string(command));
  if (it == outputs.end()) return parse_error(command, "no output recorded for this command");
  if (it->second.size() > kMaxCommandOutput)
    return parse_error(command, "output larger than " + std::to_string(kMaxCommandOutput) + " bytes");
  std::string cleaned = text::clean(it->second);
  if (text::trim(cleaned).empty()) return parse_error(command, "printed nothing");
  return cleaned;
}

Result<DeviceFacts> checked_facts(DeviceFacts facts, std::string_view origin) {
  struct Named {
    std::string_view name;
    std::string* value;
  };
  const Named all[] = {{"vendor", &facts.vendor}, {"model", &facts.model},
                       {"serial", &facts.serial}, {"version", &facts.version}};
  for (const auto& [name, value] : all) {
    *value = std::string(text::trim(*value));
    if (auto problem = fact_problem(name, *value); !problem.empty())
      return make_error(ErrorKind::parse, std::string(origin) + ": " + problem);
  }
  return facts;
}

}  // namespace attest::detail
