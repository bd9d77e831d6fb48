// Parsers for the JSON that `attest agent ek|ak|activate` prints on the
// device: the contract between the device side and this verifier.
//   attest.ek/v1:         {"schema","certificates":[{"nv_index":"0x01c00002","key":"rsa","der":"<b64>"}],
//                          "ek_public":{"rsa":"<b64 TPM2B_PUBLIC>"?,"ecc":"<b64>"?}} (one at least)
//   attest.ak/v1:         {"schema","alg":"ecc"|"rsa","ak_public":"<b64 TPM2B_PUBLIC>","ak_name":"<hex>",
//                          "persistent_handle":"0x81010002"? (with --persist)}
//   attest.activation/v1: {"schema","secret":"<hex>"}
// Errors are ErrorKind::input "<source>: <json-pointer>: <what>".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::tpm {

struct AgentEkCertificate {
  std::string nv_index;  // "0x01c00002"
  std::string key;       // "rsa" | "ecc"
  Bytes der;
};

struct AgentEk {
  std::vector<AgentEkCertificate> certificates;  // may be empty (TPM without EK certs)
  // Marshaled TPM2B_PUBLIC of the L-1 RSA / L-2 ECC EK; at least one is set
  // (the agent reports the EKs whose certificates the TPM holds).
  Bytes ek_public_rsa;
  Bytes ek_public_ecc;
};

struct AgentAk {
  std::string alg;  // "rsa" | "ecc"
  Bytes ak_public;  // marshaled TPM2B_PUBLIC
  Bytes ak_name;    // as the agent reports it; the verifier recomputes it
  std::string persistent_handle;  // "0x81010002" when the agent made it persistent, else empty
};

struct AgentActivation {
  Bytes secret;
};

Result<AgentEk> parse_agent_ek_json(std::string_view text, const std::string& source = "attest agent ek");
Result<AgentAk> parse_agent_ak_json(std::string_view text, const std::string& source = "attest agent ak");
Result<AgentActivation> parse_agent_activation_json(std::string_view text,
                                                    const std::string& source = "attest agent activate");

}  // namespace attest::tpm
