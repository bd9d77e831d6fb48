// Building blocks the agent commands share (internal to attest_tpm_agent).
#pragma once

#include <functional>
#include <string>

#include "attest/tpm/agent/agent.hpp"
#include "attest/tpm/agent/esys.hpp"

namespace attest::tpm {

// Opens the TPM on a worker thread and runs `work` there under the per-command
// deadline. `work` must own what it uses (capture by value): on a timeout it is
// abandoned and may outlive the caller.
template <typename T>
Result<T> with_tpm(const AgentOptions& options, const char* command, std::function<Result<T>(Esys&)> work) {
  const std::string what = std::string(command) + " (TCTI '" + (options.tcti.empty() ? "default" : options.tcti) + "')";
  return run_with_deadline<T>(options.timeout, what,
                              [tcti = options.tcti, work = std::move(work)](Progress& progress) -> Result<T> {
                                auto esys = Esys::open(tcti, progress);
                                if (!esys) return esys.error();
                                return work(*esys);
                              });
}

// The EK from the TCG default template L-1 (RSA) or L-2 (ECC).
[[nodiscard]] Result<PrimaryKey> create_ek(Esys& esys, EkAlg alg);

struct LoadedAk {
  PrimaryKey key;
  AkInfo info;
};
// The AK primary for `alg`; fails when the TPM's name differs from ours.
[[nodiscard]] Result<LoadedAk> create_ak(Esys& esys, AkAlg alg);

// Reads every PCR of `selection`, looping because PCR_Read returns at most 8
// digests per call.
[[nodiscard]] Result<PcrValues> read_pcr_values(Esys& esys, const PcrSelection& selection);
TPML_PCR_SELECTION to_tpml(const PcrSelection& selection);

}  // namespace attest::tpm
