// The measured-boot finding of a Cisco switch: its signed integrity evidence
// verified (cisco_integrity.hpp) and every reported hash golden for its model
// and OS release (firmware-db/integrity). Pure.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "attest/core/finding.hpp"
#include "attest/core/golden.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/result.hpp"

namespace attest::integrity {

struct SwitchIntegrityInputs {
  Result<std::string> integrity_output = std::string();  // `show platform integrity sign nonce N`, or why it failed
  Result<std::string> sudi_output = std::string();       // `show platform sudi certificate sign nonce N`
  std::uint64_t nonce = 0;                               // the N sent in both
  std::vector<Bytes> trusted_roots_der;                  // firmware-db/tpm-roots/cisco-sudi
};

// pass: both signatures verify with the fresh nonce, the SUDI chain ends at a
// trusted root, PCR0/PCR8 replay, and every hash is in the policy for the
// platform and OS version. fail: a verification failure, no policy, or the
// first hash that is not golden (named, with the policy as the rule). error:
// a command that did not run, a refusal or output that does not parse.
Finding check_switch_integrity(const SwitchIntegrityInputs& in, const GoldenDb& db);

}  // namespace attest::integrity
