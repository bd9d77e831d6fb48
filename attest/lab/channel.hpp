// One session channel of a connection: an exec command or an interactive
// shell, with the device's latency (a loop timer) and fault applied. Output
// waits in a queue and leaves as the client's window allows, so a client
// that stops reading (or a flood) never blocks the loop or grows memory.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include "attest/lab/personality.hpp"
#include "attest/lab/shell.hpp"
#include "attest/lab/ssh_handles.hpp"

#include <libssh/callbacks.h>

namespace attest::lab {

class Connection;

class Channel {
 public:
  Channel(Connection& c, ssh_channel channel, std::uint64_t serial);
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  ssh_channel handle() const { return channel_.get(); }
  std::uint64_t serial() const { return serial_; }
  // A channel request (pty, exec, shell, ...). Returns what libssh's message
  // callback returns: 0 when replied here, 1 for libssh's default (refusal).
  int on_request(ssh_message msg);
  // Writes what the window allows and moves the command or shell on.
  void pump();
  // Nothing is left to do: finished, closed by the client, or broken.
  bool done() const { return finished_ || remote_closed_ || broken_; }

  // Steps that come back through Hub::on_channel (timers, TPM answers).
  void answer_exec();
  void deliver_exec(const ExecResult& result);
  void answer_line();

 private:
  enum class Kind { none, exec, shell };
  enum class Then { nothing, finish, drop };  // once the queued output has left
  struct Segment {
    std::string data;
    bool to_stderr = false;
    std::size_t sent = 0;
  };

  static int on_data(ssh_session, ssh_channel, void* data, std::uint32_t len, int is_stderr, void* self);
  static void on_eof(ssh_session, ssh_channel, void* self);
  static void on_close(ssh_session, ssh_channel, void* self);

  // exec (exec.cpp)
  void start_exec(const std::string& command);
  // shell (shell_channel.cpp)
  void start_shell();
  void feed_shell();
  void on_line(const std::string& line);
  void complete_line(const std::string& line, bool real);
  // output (channel.cpp)
  void queue(std::string data, bool to_stderr = false);
  void then(Then what, int status = 0);
  void flush();
  void keep_flooding();
  void finish(int status);
  // Replaces the answer `normal` by the device's fault; false when it has none.
  bool apply_fault(const std::string& normal, const char* eol);
  void count_command(const std::string& command, const char* how);
  void wait_latency(void (Channel::*step)());

  Connection& c_;
  ChannelPtr channel_;
  std::uint64_t serial_;
  ssh_channel_callbacks_struct callbacks_{};
  Kind kind_ = Kind::none;
  std::deque<Segment> out_;
  Then then_ = Then::nothing;
  int exit_status_ = 0;
  bool waiting_ = false;       // for the latency timer or a TPM answer
  bool silent_ = false;        // fault silent: reads on, never answers
  bool flooding_ = false;      // fault flood: endless output
  const char* flood_eol_ = "\n";
  std::uint64_t flood_lines_ = 0;
  bool remote_eof_ = false;
  bool remote_closed_ = false;
  bool finished_ = false;      // exit status, EOF and close sent
  bool broken_ = false;        // a write failed
  std::unique_ptr<Shell> shell_;
  std::string typed_;          // shell input not yet consumed
  std::string pending_line_;   // the command line waiting for its latency
};

// Fault garbage: 512..2047 random bytes.
std::string junk();
// Fault flood: the next 64 lines of an endless interface listing.
std::string flood_block(std::uint64_t first_line, const char* eol);

}  // namespace attest::lab
