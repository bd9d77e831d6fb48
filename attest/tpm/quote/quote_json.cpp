#include "attest/tpm/quote/quote_json.hpp"

#include <cstdio>

namespace attest::tpm {
namespace {

std::string hex_number(unsigned long long value, int digits) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%0*llx", digits, value);
  return text;
}

std::string name_or_id(const char* name, std::uint16_t alg) { return name ? name : "alg" + std::to_string(alg); }

}  // namespace

nlohmann::ordered_json pcr_values_json(const PcrValues& pcrs) {
  nlohmann::ordered_json banks = nlohmann::ordered_json::object();
  for (const auto& [alg, values] : pcrs) {
    nlohmann::ordered_json& bank = banks[name_or_id(hash_alg_name(alg), alg)];
    bank = nlohmann::ordered_json::object();
    for (const auto& [pcr, value] : values) bank[std::to_string(pcr)] = to_hex(value);
  }
  return banks;
}

nlohmann::ordered_json verified_quote_json(const VerifiedQuote& v) {
  const ParsedQuote& q = v.quote;
  return {{"sig_alg", sig_alg_name(v.sig_alg)},
          {"hash_alg", name_or_id(hash_alg_name(v.hash_alg), v.hash_alg)},
          {"magic", hex_number(q.magic, 8)},
          {"type", hex_number(q.type, 4)},
          {"pcr_selection", to_string(q.pcr_selection)},
          {"pcr_digest", to_hex(q.pcr_digest)},
          {"qualified_signer", to_hex(q.qualified_signer)},
          {"clock", v.clock},
          {"reset_count", v.reset_count},
          {"restart_count", v.restart_count},
          {"safe", q.clock_info.safe},
          {"firmware_version", hex_number(v.firmware_version, 16)},
          {"rebooted", v.rebooted},
          {"pcrs", pcr_values_json(v.pcrs)}};
}

}  // namespace attest::tpm
