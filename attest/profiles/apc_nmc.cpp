// APC/Schneider Network Management Card (NMC2, NMC3) `apc>` shell: `about`
// prints the card's hardware block and one block per firmware module.
#include "attest/profiles/parsers.hpp"
#include "attest/profiles/pdu_fields.hpp"
#include "attest/profiles/text.hpp"

namespace attest::detail {
namespace {

constexpr std::string_view kAbout = "about";
constexpr std::string_view kAosBlock = "APC OS(AOS)";

// The first "Version:" after the line that titles the AOS block, before the
// next block's title (a line without ':' that is not a "-----" rule).
std::optional<std::string_view> aos_version(std::string_view text) {
  bool inside = false;
  for (const auto line : text::lines(text)) {
    const auto t = text::trim(line);
    if (!t.empty() && t.find(':') == std::string_view::npos && !t.starts_with("-")) inside = t.starts_with(kAosBlock);
    if (!inside) continue;
    if (auto value = text::field(t, "Version")) return text::first_word(*value);
  }
  return std::nullopt;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Every answer starts with a response code: "E000: Success"; E101 Command
// Not Found, E104 User Level Denial and the other codes mean no description
// follows. Older cards that print no code are read as they are.
std::optional<Error> response_code_error(std::string_view text) {
  for (const auto line : text::lines(text)) {
    const auto t = text::trim(line);
    if (t.empty()) continue;
    const bool coded = t.size() >= 5 && t[0] == 'E' && is_digit(t[1]) && is_digit(t[2]) && is_digit(t[3]) && t[4] == ':';
    if (coded && !t.starts_with("E000:")) return parse_error(kAbout, "the device answered \"" + text::excerpt(t) + "\"");
    return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace

// The AOS version is the card's firmware: the security fixes (TCP/IP stack,
// TLS, SSH) ship in AOS; the application module ("rpdu2g", "sumx") is
// released with the same number.
Result<DeviceFacts> parse_apc_nmc(const CommandOutputs& outputs) {
  auto text = output_text(outputs, kAbout);
  if (!text) return text.error();
  if (auto error = response_code_error(*text)) return *error;
  auto model = first_word_of_field(*text, {"Model Number"}, kAbout);
  if (!model) return model.error();
  auto serial = first_word_of_field(*text, {"Serial Number"}, kAbout);
  if (!serial) return serial.error();
  const auto version = aos_version(*text);
  if (!version || version->empty()) return parse_error(kAbout, "no 'Version:' in the 'APC OS(AOS)' block");
  return checked_facts({"APC", *model, *serial, std::string(*version)}, "apc-nmc");
}

}  // namespace attest::detail
