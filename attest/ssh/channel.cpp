// Channel half of the libssh2 wrapper (see session.hpp).
#include <libssh2.h>

#include "attest/ssh/session.hpp"

namespace attest::ssh {

void Channel::Deleter::operator()(LIBSSH2_CHANNEL* channel) const {
  // Non-blocking free may say EAGAIN (its CLOSE could not be sent yet); the
  // channel then stays on the session's list and libssh2_session_free
  // releases it.
  (void)libssh2_channel_free(channel);
}

Status Channel::exec(const std::string& command, const Timer& timer) {
  const std::string what = "exec request for '" + command + "'";
  auto rc = session_->drive(what.c_str(), timer, [&] {
    return libssh2_channel_process_startup(raw_.get(), "exec", sizeof "exec" - 1, command.c_str(),
                                           static_cast<unsigned int>(command.size()));
  });
  if (!rc) return rc.error();
  return ok_status();
}

Status Channel::request_pty(const std::string& term, int width, int height, const Timer& timer) {
  auto rc = session_->drive("pty request", timer, [&] {
    return libssh2_channel_request_pty_ex(raw_.get(), term.c_str(), static_cast<unsigned int>(term.size()), nullptr,
                                          0, width, height, 0, 0);
  });
  if (!rc) return rc.error();
  return ok_status();
}

Status Channel::shell(const Timer& timer) {
  auto rc = session_->drive("shell request", timer, [&] {
    return libssh2_channel_process_startup(raw_.get(), "shell", sizeof "shell" - 1, nullptr, 0);
  });
  if (!rc) return rc.error();
  return ok_status();
}

Status Channel::write_all(std::string_view data, const Timer& timer) {
  std::size_t done = 0;
  while (done < data.size()) {
    auto rc = session_->drive("channel write", timer, [&] {
      return libssh2_channel_write_ex(raw_.get(), 0, data.data() + done, data.size() - done);
    });
    if (!rc) return rc.error();
    done += static_cast<std::size_t>(*rc);
  }
  return ok_status();
}

Result<Channel::Drained> Channel::drain(std::string& out, std::string& err, std::size_t limit,
                                        const Deadline& deadline) {
  session_->arm(deadline);
  Drained drained;
  char buf[16384];
  // Both streams are read every round: an unread stderr would fill the
  // channel window and stall stdout.
  bool progress = true;
  while (progress) {
    progress = false;
    for (int stream : {0, SSH_EXTENDED_DATA_STDERR}) {
      const std::size_t taken = drained.out + drained.err;
      if (taken >= limit) return drained;
      const std::size_t want = std::min(sizeof buf, limit - taken);
      const ssize_t n = libssh2_channel_read_ex(raw_.get(), stream, buf, want);
      if (n == LIBSSH2_ERROR_EAGAIN || n == 0) continue;
      if (n < 0) return session_->error("libssh2_channel_read_ex", static_cast<int>(n));
      const auto got = static_cast<std::size_t>(n);
      (stream == 0 ? out : err).append(buf, got);
      (stream == 0 ? drained.out : drained.err) += got;
      progress = true;
    }
  }
  drained.eof = libssh2_channel_eof(raw_.get()) == 1;
  return drained;
}

bool Channel::wait_readable(const Timer& timer, Millis cap) {
  session_->arm(timer.deadline);
  if (timer.expired()) return false;
  session_->wait(timer, cap);
  return !timer.expired();
}

void Channel::close(const Timer& timer, bool wait_for_peer) {
  // libssh2_channel_close sends EOF + CLOSE, then reads until the peer's
  // CLOSE arrives. A command that timed out or floods will not close soon:
  // send ours once and let the session reclaim the channel later.
  session_->arm(timer.deadline);
  if (!wait_for_peer) {
    (void)libssh2_channel_close(raw_.get());
    return;
  }
  // Errors here change nothing for the evidence: the output is already
  // read. Each step is bounded by the timer.
  auto closed = session_->drive("libssh2_channel_close", timer, [&] { return libssh2_channel_close(raw_.get()); });
  if (!closed) return;
  (void)session_->drive("libssh2_channel_wait_closed", timer,
                        [&] { return libssh2_channel_wait_closed(raw_.get()); });
}

int Channel::exit_status() const { return libssh2_channel_get_exit_status(raw_.get()); }

std::string Channel::exit_signal() const {
  char* signal = nullptr;
  std::size_t len = 0;
  if (libssh2_channel_get_exit_signal(raw_.get(), &signal, &len, nullptr, nullptr, nullptr, nullptr) != 0 ||
      signal == nullptr) {
    return {};
  }
  std::string name(signal, len);
  libssh2_free(session_->raw(), signal);
  return name;
}

}  // namespace attest::ssh
