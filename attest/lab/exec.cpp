// Exec channels: the command's answer after the device's latency, from its
// personality or, on a TPM device, from its TPM (on a worker thread).
#include <optional>

#include "attest/lab/channel.hpp"
#include "attest/lab/connection.hpp"
#include "attest/lab/hub.hpp"
#include "attest/lab/tpm_workers.hpp"

namespace attest::lab {

void Channel::start_exec(const std::string& command) {
  kind_ = Kind::exec;
  pending_line_ = command;
  count_command(command, "exec");
  wait_latency(&Channel::answer_exec);
}

void Channel::answer_exec() {
  const Device& d = c_.dev;
  if (!d.tpm || c_.hub.tpm_workers == nullptr) {
    deliver_exec(run_exec(*d.traits, d.spec.facts, pending_line_));
    return;
  }
  // TPM commands run tools for up to seconds: never on the loop thread.
  waiting_ = true;
  Hub& hub = c_.hub;
  const std::uint64_t connection = c_.id(), serial = serial_;
  hub.tpm_workers->submit(*d.tpm, pending_line_, [&hub, connection, serial](std::optional<ExecResult> answer) {
    hub.on_channel(connection, serial, [&answer](Channel& ch) {
      ch.waiting_ = false;
      const Device& dev = ch.c_.dev;
      ch.deliver_exec(answer ? *answer : run_exec(*dev.traits, dev.spec.facts, ch.pending_line_));
    });
  });
}

void Channel::deliver_exec(const ExecResult& r) {
  if (apply_fault(r.out, "\n")) {
    if (c_.dev.spec.fault == Fault::garbage) then(Then::finish, 0);
    return;
  }
  queue(r.out);
  queue(r.err, true);
  then(Then::finish, r.status);
}

}  // namespace attest::lab
