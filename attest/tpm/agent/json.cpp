// The JSON contracts of `attest agent` (read by the gate's verifier side).
#include "attest/tpm/agent/agent.hpp"
#include "attest/tpm/agent/marshal.hpp"
#include "attest/tpm/quote/quote_json.hpp"
#include "attest/tpm/quote/stock_quote.hpp"

namespace attest::tpm {

nlohmann::ordered_json ek_json(const EkInfo& ek) {
  nlohmann::ordered_json certs = nlohmann::ordered_json::array();
  for (const auto& c : ek.certificates) {
    certs.push_back({{"nv_index", handle_text(c.nv_index)}, {"key", c.key}, {"der", to_base64(c.der)}});
  }
  nlohmann::ordered_json keys = nlohmann::ordered_json::object();
  if (!ek.ek_public_rsa.empty()) keys["rsa"] = to_base64(ek.ek_public_rsa);
  if (!ek.ek_public_ecc.empty()) keys["ecc"] = to_base64(ek.ek_public_ecc);
  return {{"schema", "attest.ek/v1"}, {"certificates", certs}, {"ek_public", keys}};
}

nlohmann::ordered_json ak_json(const AkInfo& ak) {
  nlohmann::ordered_json out{{"schema", "attest.ak/v1"},
                             {"alg", to_string(ak.alg)},
                             {"ak_public", to_base64(ak.ak_public)},
                             {"ak_name", to_hex(ak.ak_name)}};
  if (ak.persistent_handle != 0) out["persistent_handle"] = handle_text(ak.persistent_handle);
  return out;
}

nlohmann::ordered_json pcrs_json(const PcrValues& pcrs) { return {{"schema", "attest.pcrs/v1"}, {"pcrs", pcr_values_json(pcrs)}}; }

nlohmann::ordered_json quote_json(const QuoteEvidence& q) {
  return {{"schema", "attest.quote/v1"},
          {"nonce", to_hex(q.nonce)},
          {"pcr_selection", to_string(q.selection)},
          {"ak_public", to_base64(q.ak.ak_public)},
          {"ak_name", to_hex(q.ak.ak_name)},
          {"message", to_base64(q.message)},
          {"signature", to_base64(q.signature)},
          {"pcrs", pcr_values_json(q.pcrs)}};
}

nlohmann::ordered_json activation_json(const Bytes& secret) {
  return {{"schema", "attest.activation/v1"}, {"secret", to_hex(secret)}};
}

}  // namespace attest::tpm
