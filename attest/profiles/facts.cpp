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

std::string_view answered_form(const CommandOutputs& outputs, std::initializer_list<std::string_view> forms) {
  for (const auto form : forms) {
    if (outputs.count(std::string(form)) != 0) return form;
  }
  return forms.size() == 0 ? std::string_view() : *forms.begin();
}

std::optional<std::string> inventory_value(std::string_view line, std::string_view key) {
  const auto at = line.find(std::string(key) + ":");
  if (at == std::string_view::npos || (at > 0 && line[at - 1] != ' ' && line[at - 1] != ',')) return std::nullopt;
  auto rest = line.substr(at + key.size() + 1);
  // DESCR values may hold commas: a quoted value runs to its closing quote.
  rest = text::trim(rest);
  if (!rest.empty() && rest.front() == '"') {
    const auto close = rest.find('"', 1);
    rest = close == std::string_view::npos ? rest.substr(1) : rest.substr(1, close - 1);
  } else {
    rest = rest.substr(0, rest.find(','));
  }
  rest = text::trim(rest);
  if (rest.empty()) return std::nullopt;
  return std::string(rest);
}

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
