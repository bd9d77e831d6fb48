// The connection flow: key exchange, authentication, then channel requests
// until the client disconnects. One thread per connection; blocking libssh
// calls are interrupted at shutdown by shutting the socket down under them.
#include <sys/socket.h>

#include <algorithm>

#include "attest/lab/connection.hpp"

namespace attest::lab {
namespace {

void on_channel_request(Connection& c, ssh_message msg, std::vector<ChannelPtr>& channels) {
  ssh_channel ch = ssh_message_channel_request_channel(msg);
  const int subtype = ssh_message_subtype(msg);
  const bool exec_allowed = c.dev.spec.mode == Mode::exec;
  if (subtype == SSH_CHANNEL_REQUEST_PTY || subtype == SSH_CHANNEL_REQUEST_WINDOW_CHANGE) {
    ssh_message_channel_request_reply_success(msg);
  } else if (subtype == SSH_CHANNEL_REQUEST_EXEC && exec_allowed) {
    const char* cmd = ssh_message_channel_request_command(msg);
    ssh_message_channel_request_reply_success(msg);
    serve_exec(c, ch, cmd != nullptr ? cmd : "");
  } else if (subtype == SSH_CHANNEL_REQUEST_SHELL) {
    ssh_message_channel_request_reply_success(msg);
    serve_shell(c, ch);
  } else {
    if (subtype == SSH_CHANNEL_REQUEST_EXEC) c.log("exec refused: this device only offers a shell");
    ssh_message_reply_default(msg);  // SSH_MSG_CHANNEL_FAILURE
    return;
  }
  if (subtype == SSH_CHANNEL_REQUEST_EXEC || subtype == SSH_CHANNEL_REQUEST_SHELL) {
    // The channel is finished; free it now rather than at disconnect.
    std::erase_if(channels, [ch](const ChannelPtr& p) { return p.get() == ch; });
  }
}

void channel_loop(Connection& c) {
  std::vector<ChannelPtr> channels;
  // Channels the client closed without a request (e.g. after a refused exec)
  // are answered with our close and freed.
  const auto sweep = [&channels] {
    std::erase_if(channels, [](const ChannelPtr& p) { return ssh_channel_is_closed(p.get()) != 0; });
  };
  while (!c.dropped && !c.dev.stop->requested()) {
    MessagePtr msg = next_message(c, sweep);
    if (!msg) return;
    const int type = ssh_message_type(msg.get());
    if (type == SSH_REQUEST_CHANNEL_OPEN && ssh_message_subtype(msg.get()) == SSH_CHANNEL_SESSION) {
      ssh_channel ch = ssh_message_channel_request_open_reply_accept(msg.get());
      if (ch != nullptr) channels.emplace_back(ch);
    } else if (type == SSH_REQUEST_CHANNEL) {
      on_channel_request(c, msg.get(), channels);
    } else {
      ssh_message_reply_default(msg.get());  // port forwarding, subsystems, ...: refused
    }
  }
}

}  // namespace

MessagePtr next_message(Connection& c, const std::function<void()>& idle) {
  // ssh_message_get() waits for SSH_OPTIONS_TIMEOUT (libssh defaults to 10 s
  // when unset) and returns NULL on timeout too, so ask in short slices and
  // tell a quiet client from a gone one with ssh_is_connected().
  const long slice_usec = 200000, none = 0;
  for (;;) {
    ssh_options_set(c.session, SSH_OPTIONS_TIMEOUT_USEC, &slice_usec);
    MessagePtr msg(ssh_message_get(c.session));
    ssh_options_set(c.session, SSH_OPTIONS_TIMEOUT_USEC, &none);
    if (msg) return msg;
    if (ssh_is_connected(c.session) == 0 || c.dropped || c.dev.stop->requested()) return nullptr;
    if (idle) idle();
  }
}

void Connection::drop() {
  dropped = true;
  ::shutdown(fd, SHUT_RDWR);
}

void serve_connection(const DeviceContext& dev, ssh_session session, int fd, const std::string& peer) {
  Connection c{dev, session, fd, peer, {}, 0, false};
  ssh_set_blocking(session, 1);
  if (ssh_handle_key_exchange(session) != SSH_OK) {
    c.log(std::string("key exchange failed: ") + ssh_get_error(session));
    return;
  }
  const bool in = authenticate(c);
  dev.stats->end_connection(dev.spec.name, c.auth_attempts);
  if (in) channel_loop(c);
}

}  // namespace attest::lab
