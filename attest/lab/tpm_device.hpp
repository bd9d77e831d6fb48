// The TPM of one emulated device: a real swtpm, a measured boot replayed into
// its PCRs at lab start (with the matching TCG event log), and the device
// commands a gate runs over SSH: `attest agent ...` and the stock tpm2_quote
// line (both run for real against this device's swtpm) and `cat` of the
// event log at the spec's path.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "attest/lab/personality.hpp"
#include "attest/lab/spec.hpp"
#include "attest/lab/swtpm.hpp"
#include "attest/util/digest.hpp"

namespace attest::lab {

class DeviceTpm {
 public:
  // `state_root`: the lab's state directory (TPM state in state_root/tpm/<device>,
  // the manufacturer CA in state_root/tpm-ca). `agent`: path of the attest binary.
  [[nodiscard]] static Result<std::unique_ptr<DeviceTpm>> start(const DeviceSpec& device, const std::string& state_root,
                                                                const std::string& agent);

  // The answer to a TPM command, or nullopt when `command` is not one.
  std::optional<ExecResult> exec(std::string_view command) const;

  // The TPM answering now (the replacement once a swap happened).
  std::string tcti() const;

 private:
  // A quote request: the agent's or the stock tpm2_quote line.
  enum class QuoteKind { none, agent, stock };

  DeviceTpm() = default;
  // Starts the device's swtpm (and the replacement board's, for the swap
  // fault) and replays the measured boot into each.
  Status start_swtpms(const DeviceSpec& device, const std::string& state_root);
  Status boot(const Swtpm& tpm, const TpmSpec& spec, bool serve_log);
  ExecResult run_agent(std::string_view command) const;
  void note_served(std::string_view command, QuoteKind kind, const ExecResult& answer) const;

  std::unique_ptr<Swtpm> swtpm_;
  std::unique_ptr<Swtpm> replacement_;           // fault swapped-after-enrollment
  mutable std::atomic<int> swap_stage_{0};       // 0 before activation, 1 activated, 2 swapped
  mutable std::mutex serve_mutex_;               // one TPM command at a time per device
  std::string agent_;
  std::string scratch_root_;     // where stock quotes get their private temp dirs
  std::string event_log_command_;  // "cat <spec path>"
  std::string event_log_;          // served bytes
  bool replay_ = false;                                // fault replayed-quote
  mutable std::optional<std::string> replayed_quote_;  // the enrollment quote, once captured
  mutable QuoteKind replayed_kind_ = QuoteKind::none;  // replayed only to the same kind of request
  mutable std::string persist_command_;  // `attest agent ak --persist`: replayed onto a swapped-in board
};

}  // namespace attest::lab
