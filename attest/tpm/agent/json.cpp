// The JSON contracts of `attest agent` (read by the gate's verifier side).
#include <cstdio>

#include "attest/tpm/agent/agent.hpp"
#include "attest/tpm/agent/marshal.hpp"

namespace attest::tpm {

nlohmann::ordered_json ek_json(const EkInfo& ek) {
  nlohmann::ordered_json certs = nlohmann::ordered_json::array();
  for (const auto& c : ek.certificates) {
    char index[16];
    std::snprintf(index, sizeof index, "0x%08x", c.nv_index);
    certs.push_back({{"nv_index", index}, {"key", c.key}, {"der", to_base64(c.der)}});
  }
  return {{"schema", "attest.ek/v1"}, {"certificates", certs}, {"ek_public", {{"rsa", to_base64(ek.ek_public_rsa)}}}};
}

nlohmann::ordered_json ak_json(const AkInfo& ak) {
  return {{"schema", "attest.ak/v1"},
          {"alg", to_string(ak.alg)},
          {"ak_public", to_base64(ak.ak_public)},
          {"ak_name", to_hex(ak.ak_name)}};
}

namespace {

nlohmann::ordered_json pcr_banks(const PcrValues& pcrs) {
  nlohmann::ordered_json banks = nlohmann::ordered_json::object();
  for (const auto& [alg, values] : pcrs) {
    const char* name = hash_alg_name(alg);
    nlohmann::ordered_json& bank = banks[name ? name : "alg" + std::to_string(alg)];
    bank = nlohmann::ordered_json::object();
    for (const auto& [pcr, value] : values) bank[std::to_string(pcr)] = to_hex(value);
  }
  return banks;
}

}  // namespace

nlohmann::ordered_json pcrs_json(const PcrValues& pcrs) { return {{"schema", "attest.pcrs/v1"}, {"pcrs", pcr_banks(pcrs)}}; }

nlohmann::ordered_json quote_json(const QuoteEvidence& q) {
  return {{"schema", "attest.quote/v1"},
          {"nonce", to_hex(q.nonce)},
          {"pcr_selection", to_string(q.selection)},
          {"ak_public", to_base64(q.ak.ak_public)},
          {"ak_name", to_hex(q.ak.ak_name)},
          {"message", to_base64(q.message)},
          {"signature", to_base64(q.signature)},
          {"pcrs", pcr_banks(q.pcrs)}};
}

nlohmann::ordered_json activation_json(const Bytes& secret) {
  return {{"schema", "attest.activation/v1"}, {"secret", to_hex(secret)}};
}

}  // namespace attest::tpm
