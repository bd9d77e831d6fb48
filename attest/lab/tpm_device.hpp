// The TPM of one emulated device: a real swtpm, a measured boot replayed into
// its PCRs at lab start (with the matching TCG event log), and the device
// commands a gate runs over SSH: `attest agent ...` (run for real against
// this device's swtpm) and `cat` of the event log.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "attest/lab/personality.hpp"
#include "attest/lab/spec.hpp"
#include "attest/lab/swtpm.hpp"
#include "attest/util/digest.hpp"

namespace attest::lab {

inline constexpr const char* kEventLogPath = "/sys/kernel/security/tpm0/binary_bios_measurements";

class DeviceTpm {
 public:
  // `state_root`: the lab's state directory (TPM state in state_root/tpm/<device>,
  // the manufacturer CA in state_root/tpm-ca). `agent`: path of the attest binary.
  [[nodiscard]] static Result<std::unique_ptr<DeviceTpm>> start(const DeviceSpec& device, const std::string& state_root,
                                                                const std::string& agent);

  // The answer to a TPM command, or nullopt when `command` is not one.
  std::optional<ExecResult> exec(std::string_view command) const;

  const std::string& tcti() const { return tcti_; }

 private:
  DeviceTpm() = default;
  Status boot(const TpmSpec& spec);
  ExecResult run_agent(std::string_view command) const;

  std::unique_ptr<Swtpm> swtpm_;
  std::string tcti_;
  std::string agent_;
  std::string event_log_;                      // served bytes
  std::optional<std::string> replayed_quote_;  // fault: the same old quote every time
};

}  // namespace attest::lab
