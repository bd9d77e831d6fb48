// Channel requests, the output queue and the callbacks libssh makes.
#include "attest/lab/channel.hpp"

#include <algorithm>
#include <random>

#include "attest/lab/connection.hpp"
#include "attest/lab/hub.hpp"

namespace attest::lab {
namespace {

constexpr std::size_t kMaxWrite = 32768;           // one SSH data packet at most
constexpr std::size_t kFloodPerRound = 64u << 10;  // flood output queued per loop round

}  // namespace

Channel::Channel(Connection& c, ssh_channel channel, std::uint64_t serial)
    : c_(c), channel_(channel), serial_(serial) {
  ssh_callbacks_init(&callbacks_);
  callbacks_.userdata = this;
  callbacks_.channel_data_function = &Channel::on_data;
  callbacks_.channel_eof_function = &Channel::on_eof;
  callbacks_.channel_close_function = &Channel::on_close;
  ssh_set_channel_callbacks(channel, &callbacks_);
}

// libssh may keep the channel until the client's close arrives: it must not
// call back into a freed Channel then.
Channel::~Channel() { ssh_remove_channel_callbacks(channel_.get(), &callbacks_); }

int Channel::on_data(ssh_session, ssh_channel, void* data, std::uint32_t len, int, void* self) {
  auto* ch = static_cast<Channel*>(self);
  if (ch->kind_ != Kind::exec) ch->typed_.append(static_cast<const char*>(data), len);
  return static_cast<int>(len);  // all consumed: libssh keeps the window open
}

void Channel::on_eof(ssh_session, ssh_channel, void* self) { static_cast<Channel*>(self)->remote_eof_ = true; }

void Channel::on_close(ssh_session, ssh_channel, void* self) { static_cast<Channel*>(self)->remote_closed_ = true; }

int Channel::on_request(ssh_message msg) {
  const int subtype = ssh_message_subtype(msg);
  if (subtype == SSH_CHANNEL_REQUEST_PTY || subtype == SSH_CHANNEL_REQUEST_WINDOW_CHANGE) {
    ssh_message_channel_request_reply_success(msg);
    return 0;
  }
  if (kind_ == Kind::none && subtype == SSH_CHANNEL_REQUEST_EXEC && c_.dev.spec.mode == Mode::exec) {
    const char* command = ssh_message_channel_request_command(msg);
    ssh_message_channel_request_reply_success(msg);
    start_exec(command != nullptr ? command : "");
    return 0;
  }
  if (kind_ == Kind::none && subtype == SSH_CHANNEL_REQUEST_SHELL) {
    ssh_message_channel_request_reply_success(msg);
    start_shell();
    return 0;
  }
  if (subtype == SSH_CHANNEL_REQUEST_EXEC) c_.log("exec refused: this device only offers a shell");
  return 1;  // SSH_MSG_CHANNEL_FAILURE
}

void Channel::pump() {
  if (done()) return;
  if (kind_ == Kind::shell) feed_shell();
  flush();
  if (flooding_ && !done()) keep_flooding();
  if (done() || !out_.empty()) return;
  if (then_ == Then::finish) {
    finish(exit_status_);
  } else if (then_ == Then::drop) {
    then_ = Then::nothing;
    c_.end(Ending::drop);
  } else if (kind_ == Kind::exec && silent_ && remote_eof_) {
    finish(0);  // a silent device still closes once the client gives up
  }
}

void Channel::queue(std::string data, bool to_stderr) {
  if (!data.empty()) out_.push_back({std::move(data), to_stderr, 0});
}

void Channel::then(Then what, int status) {
  then_ = what;
  exit_status_ = status;
}

// As much as the client's window takes; the rest goes in a later round
// (after its WINDOW_ADJUST arrives). Writing never waits here.
void Channel::flush() {
  while (!out_.empty() && !done()) {
    Segment& s = out_.front();
    const std::size_t n = std::min<std::size_t>({s.data.size() - s.sent, ssh_channel_window_size(handle()), kMaxWrite});
    if (n == 0) return;
    const char* p = s.data.data() + s.sent;
    const auto len = static_cast<std::uint32_t>(n);
    const int rc = s.to_stderr ? ssh_channel_write_stderr(handle(), p, len) : ssh_channel_write(handle(), p, len);
    if (rc < 0) {
      broken_ = true;
      return;
    }
    if (rc == 0) return;  // a key re-exchange is under way
    s.sent += static_cast<std::size_t>(rc);
    if (s.sent == s.data.size()) out_.pop_front();
  }
}

// More flood only once libssh has handed everything before it to the
// socket: output then grows no faster than the client reads.
void Channel::keep_flooding() {
  if (!out_.empty() || (ssh_get_poll_flags(c_.session()) & SSH_WRITE_PENDING) != 0) return;
  std::string block;
  while (block.size() < kFloodPerRound && block.size() < ssh_channel_window_size(handle())) {
    block += flood_block(flood_lines_, flood_eol_);
    flood_lines_ += 64;
  }
  queue(std::move(block));
  flush();
}

// Exit status, EOF, close: the client reads everything before we ever hang
// up (the connection stays open until the client disconnects).
void Channel::finish(int status) {
  ssh_channel_request_send_exit_status(handle(), status);
  ssh_channel_send_eof(handle());
  ssh_channel_close(handle());
  finished_ = true;
}

bool Channel::apply_fault(const std::string& normal, const char* eol) {
  switch (c_.dev.spec.fault) {
    case Fault::drop_mid_command:
      queue(normal.substr(0, normal.size() / 2));
      c_.log("fault drop-mid-command: dropping the connection");
      then(Then::drop);
      return true;
    case Fault::garbage: queue(junk()); return true;
    case Fault::flood:
      flooding_ = true;
      flood_eol_ = eol;
      return true;
    case Fault::silent: silent_ = true; return true;
    default: return false;
  }
}

void Channel::count_command(const std::string& command, const char* how) {
  c_.hub.stats.command(c_.dev.index);
  c_.log(std::string(how) + " " + quoted(command) + " user=" + quoted(c_.user()));
}

// The device's latency is a loop timer: other connections go on meanwhile.
void Channel::wait_latency(void (Channel::*step)()) {
  waiting_ = true;
  c_.hub.channel_timer(Millis(c_.dev.spec.latency_ms), c_.id(), serial_, [step](Channel& ch) {
    ch.waiting_ = false;
    (ch.*step)();
  });
}

std::string junk() {
  static std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(512 + rng() % 1536, '\0');
  for (auto& ch : out) ch = static_cast<char>(byte(rng));
  return out;
}

std::string flood_block(std::uint64_t first_line, const char* eol) {
  std::string block;
  for (std::uint64_t k = 0; k < 64; ++k) {
    block += "Gi1/0/" + std::to_string((first_line + k) % 48 + 1) + "   connected    trunk      a-full  a-10G 10GBase-SR";
    block += eol;
  }
  return block;
}

}  // namespace attest::lab
