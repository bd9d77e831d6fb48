// RAII owners for libssh handles. Every lab file includes libssh through here.
#pragma once

// libssh 0.10 marks the message-API getters (ssh_message_auth_password, ...)
// deprecated in favour of server callbacks. They remain supported, and 0.10's
// server callbacks have no keyboard-interactive hook, so the lab takes every
// request through one message callback and opts out of the attribute rather
// than of -Werror.
#ifndef SSH_SUPPRESS_DEPRECATED
#define SSH_SUPPRESS_DEPRECATED
#endif
#include <libssh/libssh.h>
#include <libssh/server.h>

#include <memory>
#include <type_traits>

namespace attest::lab {

struct BindFree { void operator()(ssh_bind b) const { ssh_bind_free(b); } };
struct SessionFree { void operator()(ssh_session s) const { ssh_free(s); } };
// ssh_channel_free() only sends CHANNEL_CLOSE while the channel is open; when
// the client closed first, the client would wait for our close forever.
struct ChannelFree {
  void operator()(ssh_channel c) const {
    ssh_channel_close(c);
    ssh_channel_free(c);
  }
};
struct KeyFree { void operator()(ssh_key k) const { ssh_key_free(k); } };
struct MessageFree { void operator()(ssh_message m) const { ssh_message_free(m); } };
struct StringFree { void operator()(ssh_string s) const { ssh_string_free(s); } };

using BindPtr = std::unique_ptr<std::remove_pointer_t<ssh_bind>, BindFree>;
using SessionPtr = std::unique_ptr<std::remove_pointer_t<ssh_session>, SessionFree>;
using ChannelPtr = std::unique_ptr<std::remove_pointer_t<ssh_channel>, ChannelFree>;
using KeyPtr = std::unique_ptr<std::remove_pointer_t<ssh_key>, KeyFree>;
using MessagePtr = std::unique_ptr<std::remove_pointer_t<ssh_message>, MessageFree>;
using StringPtr = std::unique_ptr<std::remove_pointer_t<ssh_string>, StringFree>;

}  // namespace attest::lab
