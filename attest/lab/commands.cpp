// Exec and shell channels: the device personality, plus latency and faults.
#include <algorithm>
#include <random>

#include "attest/lab/connection.hpp"
#include "attest/lab/shell.hpp"

namespace attest::lab {
namespace {

constexpr int kReadPollMs = 200;

bool write_all(ssh_channel ch, std::string_view data, bool to_stderr = false) {
  while (!data.empty()) {
    const auto chunk = static_cast<std::uint32_t>(std::min<std::size_t>(data.size(), 32768));
    const int n = to_stderr ? ssh_channel_write_stderr(ch, data.data(), chunk) : ssh_channel_write(ch, data.data(), chunk);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Exit status, EOF, close: the client reads everything before we ever hang up
// (the connection stays open until the client disconnects).
void finish(Connection& c, ssh_channel ch, int status) {
  if (c.dropped || c.dev.stop->requested()) return;
  ssh_channel_request_send_exit_status(ch, status);
  ssh_channel_send_eof(ch);
  ssh_channel_close(ch);
}

std::string junk() {
  thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(512 + rng() % 1536, '\0');
  for (auto& ch : out) ch = static_cast<char>(byte(rng));
  return out;
}

// Endless output until the client goes away or the lab stops.
void flood(Connection& c, ssh_channel ch, std::string_view eol) {
  for (std::uint64_t i = 0; !c.dev.stop->requested(); ++i) {
    std::string block;
    for (int k = 0; k < 64; ++k) {
      block += "Gi1/0/" + std::to_string((i * 64 + static_cast<std::uint64_t>(k)) % 48 + 1) +
               "   connected    trunk      a-full  a-10G 10GBase-SR";
      block += eol;
    }
    if (!write_all(ch, block)) return;
  }
}

// Never answers; returns when the client closes the channel or the lab stops.
void stay_silent(Connection& c, ssh_channel ch) {
  char buf[4096];
  while (!c.dev.stop->requested()) {
    const int n = ssh_channel_read_timeout(ch, buf, sizeof buf, 0, kReadPollMs);
    if (n == SSH_ERROR || ssh_channel_is_eof(ch) != 0 || ssh_channel_is_closed(ch) != 0) return;
  }
}

// Applies the device's fault to a command whose normal answer is `normal`.
// Returns true when the fault replaced the answer.
bool apply_fault(Connection& c, ssh_channel ch, const std::string& normal, std::string_view eol) {
  switch (c.dev.spec.fault) {
    case Fault::drop_mid_command:
      (void)write_all(ch, std::string_view(normal).substr(0, normal.size() / 2));
      c.log("fault drop-mid-command: dropping the connection");
      c.drop();
      return true;
    case Fault::garbage: (void)write_all(ch, junk()); return true;
    case Fault::flood: flood(c, ch, eol); return true;
    case Fault::silent: stay_silent(c, ch); return true;
    default: return false;
  }
}

void count_command(Connection& c, const std::string& command, const char* how) {
  c.dev.stats->add_command(c.dev.spec.name);
  c.log(std::string(how) + " " + quoted(command) + " user=" + quoted(c.user));
}

}  // namespace

void serve_exec(Connection& c, ssh_channel ch, const std::string& command) {
  count_command(c, command, "exec");
  if (c.dev.stop->wait_for(c.dev.spec.latency_ms)) return;
  const auto tpm_answer = c.dev.tpm ? c.dev.tpm->exec(command) : std::nullopt;
  const ExecResult r = tpm_answer ? *tpm_answer : run_exec(*c.dev.traits, c.dev.spec.facts, command);
  if (apply_fault(c, ch, r.out, "\n")) {
    finish(c, ch, 0);
    return;
  }
  if (write_all(ch, r.out) && write_all(ch, r.err, true)) finish(c, ch, r.status);
}

namespace {

// One completed command line; false when the session must end.
bool shell_line(Connection& c, ssh_channel ch, Shell& shell, const std::string& line, bool& silent) {
  const bool real = line.find_first_not_of(" \t") != std::string::npos;
  if (real) count_command(c, line, "command");
  if (real && c.dev.stop->wait_for(c.dev.spec.latency_ms)) return false;
  const Shell::Reply reply = shell.run(line);
  if (real && !reply.close && c.dev.spec.fault != Fault::none) {
    if (c.dev.spec.fault == Fault::silent) {
      silent = true;  // keeps reading, never answers again
      return true;
    }
    if (apply_fault(c, ch, reply.text, "\r\n")) {
      return !c.dropped && c.dev.spec.fault == Fault::garbage && write_all(ch, "\r\n" + shell.current_prompt());
    }
  }
  if (!write_all(ch, reply.text)) return false;
  return !reply.close;
}

// Feeds typed bytes to the shell; false when the session must end.
bool shell_input(Connection& c, ssh_channel ch, Shell& shell, std::string_view input, bool& silent) {
  while (!input.empty() && !silent) {
    const Shell::Typed t = shell.type(input);
    input.remove_prefix(t.consumed);
    if (!t.echo.empty() && !write_all(ch, t.echo)) return false;
    if (t.line && !shell_line(c, ch, shell, *t.line, silent)) return false;
  }
  return true;
}

}  // namespace

void serve_shell(Connection& c, ssh_channel ch) {
  c.log("shell user=" + quoted(c.user));
  Shell shell(*c.dev.traits, c.dev.spec.facts, c.user, c.dev.spec.paging);
  if (!write_all(ch, shell.start())) return;
  bool silent = false;
  char buf[4096];
  while (!c.dev.stop->requested()) {
    const int n = ssh_channel_read_timeout(ch, buf, sizeof buf, 0, kReadPollMs);
    if (n == SSH_ERROR) return;
    if (n == 0) {
      if (ssh_channel_is_eof(ch) != 0 || ssh_channel_is_closed(ch) != 0) break;
      continue;
    }
    if (!shell_input(c, ch, shell, std::string_view(buf, static_cast<std::size_t>(n)), silent)) break;
  }
  finish(c, ch, 0);
}

}  // namespace attest::lab
