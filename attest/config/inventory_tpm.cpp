#include "attest/config/inventory_tpm.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "attest/profiles/profile.hpp"
#include "attest/tpm/pcr.hpp"

namespace attest {
namespace {

constexpr std::size_t kMaxPathBytes = 255;
constexpr std::uint32_t kFirstOwnerPersistent = 0x81000000;
constexpr std::uint32_t kLastOwnerPersistent = 0x817fffff;  // 0x8180xxxx and up need platform auth

bool path_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '.' || c == '_' || c == '-';
}

void read_quote_form(JsonReader& t, TpmSettings& tpm) {
  std::string form = to_string(tpm.quote_with);
  t.string("quote_with", form, false);
  if (!t.ok()) return;
  if (form == "agent") tpm.quote_with = QuoteForm::agent;
  else if (form == "tpm2-tools") tpm.quote_with = QuoteForm::tpm2_tools;
  else t.fail("quote_with", "must be \"agent\" or \"tpm2-tools\"");
}

// Only stock tpm2_quote needs the AK at a persistent handle: the agent derives
// it as a primary key on each call, so a handle there would be ignored.
void read_ak_handle(JsonReader& t, TpmSettings& tpm) {
  if (!t.has("ak_handle")) return;
  std::string text;
  t.string("ak_handle", text);
  if (!t.ok()) return;
  if (tpm.quote_with != QuoteForm::tpm2_tools) {
    return t.fail("ak_handle", "only applies with \"quote_with\": \"tpm2-tools\"");
  }
  const auto handle = parse_persistent_handle(text);
  if (!handle) return t.fail("ak_handle", "must be an owner persistent handle \"0x81000000\"-\"0x817fffff\"");
  tpm.ak_handle = *handle;
}

void read_event_log_path(JsonReader& t, const Device& d, TpmSettings& tpm) {
  t.string("event_log_path", tpm.event_log_path, false);
  if (!t.ok()) return;
  if (!tpm.event_log_path.empty() && !is_event_log_path(tpm.event_log_path)) {
    return t.fail("event_log_path", "must be an absolute path of at most 255 characters A-Z a-z 0-9 / . _ - "
                                    "without \".\" or \"..\" components");
  }
  // An unknown profile is reported on "profile" by the device checks.
  const Profile* profile = find_profile(d.profile);
  if (tpm.event_log_path.empty() && profile != nullptr && *profile->event_log_path == '\0') {
    t.fail("", "profile '" + d.profile + "' has no event log location: set \"event_log_path\"");
  }
}

}  // namespace

void read_tpm_section(JsonReader& r, Device& d) {
  r.object("tpm", {"pcr_selection", "ak_alg", "quote_with", "ak_handle", "event_log_path"}, false,
           [&](JsonReader& t) {
             TpmSettings tpm;
             t.string("pcr_selection", tpm.pcr_selection, false);
             t.string("ak_alg", tpm.ak_alg, false);
             if (!t.ok()) return;
             if (auto sel = tpm::parse_pcr_selection(tpm.pcr_selection); !sel) {
               return t.fail("pcr_selection", sel.error().message);
             }
             if (tpm.ak_alg != "ecc" && tpm.ak_alg != "rsa") return t.fail("ak_alg", "must be \"ecc\" or \"rsa\"");
             read_quote_form(t, tpm);
             read_ak_handle(t, tpm);
             read_event_log_path(t, d, tpm);
             if (t.ok()) d.tpm = tpm;
           });
}

bool is_event_log_path(std::string_view path) {
  if (path.size() < 2 || path.size() > kMaxPathBytes || path.front() != '/' || path.back() == '/') return false;
  if (!std::all_of(path.begin(), path.end(), path_char)) return false;
  for (std::size_t start = 1; start <= path.size();) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

std::optional<std::uint32_t> parse_persistent_handle(std::string_view text) {
  if (text.size() != 10 || !text.starts_with("0x")) return std::nullopt;
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(text.data() + 2, text.data() + text.size(), value, 16);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if (value < kFirstOwnerPersistent || value > kLastOwnerPersistent) return std::nullopt;
  return value;
}

}  // namespace attest
