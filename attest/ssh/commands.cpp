#include "attest/ssh/commands.hpp"

#include <map>
#include <memory>
#include <mutex>

#include "attest/util/digest.hpp"

namespace attest::ssh {

namespace {

constexpr Millis kPollSlice{100};
constexpr int kMaxPages = 4096;  // pager answers per command; 1 MiB caps it first in practice

Error cap_error() { return make_error(ErrorKind::io, "output exceeds 1 MiB cap"); }

// Compiled once per pattern list: building a regex costs far more than a match.
const PromptPatterns& patterns_of(const Profile& profile) {
  static std::mutex mutex;
  static std::map<std::vector<std::string>, std::unique_ptr<PromptPatterns>> compiled;
  std::lock_guard lock(mutex);
  auto& slot = compiled[profile.prompt_patterns];
  if (!slot) slot = std::make_unique<PromptPatterns>(profile.prompt_patterns);
  return *slot;
}

// First line of stderr, printable ASCII only, for an error message.
std::string excerpt(const std::string& err) {
  std::string out;
  for (const char c : err) {
    if (c == '\n' || out.size() >= 200) break;
    if (c >= 0x20 && c < 0x7f) out += c;
  }
  return out;
}

void finish(CommandRecord& record, std::string output) {
  record.output = std::move(output);
  record.sha256 = sha256_hex(record.output);
  record.size = record.output.size();
  record.finished = utc_now_rfc3339();
}

CommandRecord start(const std::string& command) {
  CommandRecord record;
  record.command = command;
  record.started = utc_now_rfc3339();
  return record;
}

std::optional<Error> exit_error(const Channel& channel, const std::string& command, const std::string& err) {
  const std::string tail = err.empty() ? "" : ": " + excerpt(err);
  if (const auto signal = channel.exit_signal(); !signal.empty()) {
    return make_error(ErrorKind::protocol, "'" + command + "' killed by signal " + signal + tail);
  }
  if (const int status = channel.exit_status(); status != 0) {
    return make_error(ErrorKind::protocol, "'" + command + "' exited with status " + std::to_string(status) + tail);
  }
  return std::nullopt;
}

}  // namespace

Timer cleanup_timer() { return Timer{Deadline(kCleanupTimeout), kCleanupTimeout}; }

CommandRecord run_exec(Session& session, const std::string& command, Millis timeout, const Deadline& total) {
  CommandRecord record = start(command);
  const Timer timer = Timer::within(timeout, total);
  auto channel = session.open_channel(timer);
  if (!channel) {
    record.error = channel.error();
    finish(record, {});
    return record;
  }
  std::string out;
  std::string err;
  if (auto started = channel->exec(command, timer); !started) record.error = started.error();
  while (!record.error) {
    auto drained = channel->drain(out, err, kMaxCommandOutput - out.size() - err.size(), timer.deadline);
    if (!drained) {
      record.error = drained.error();
    } else if (drained->eof) {
      break;
    } else if (out.size() + err.size() >= kMaxCommandOutput) {
      record.error = cap_error();
    } else if (!channel->wait_readable(timer, kPollSlice)) {
      record.error = timer.timeout("command '" + command + "'");
    }
  }
  channel->close(cleanup_timer(), /*wait_for_peer=*/!record.error);
  if (!record.error) record.error = exit_error(*channel, command, err);
  finish(record, std::move(out));
  return record;
}

Result<ShellSession> ShellSession::open(Session& session, const Profile& profile, Millis timeout,
                                        const Deadline& total) {
  const Timer timer = Timer::within(timeout, total);
  auto channel = session.open_channel(timer);
  if (!channel) return channel.error();
  // Wide enough that no command or output line wraps (which would break the
  // echo and prompt matching).
  if (auto pty = channel->request_pty("vt100", 511, 24, timer); !pty) return pty.error();
  if (auto shell = channel->shell(timer); !shell) return shell.error();
  ShellSession shell_session(std::move(channel).value(), patterns_of(profile));
  auto prompt = shell_session.learn_prompt(timer);
  if (!prompt) return prompt.error();
  if (profile.unix_shell_escape.empty() || !is_unix_prompt(*prompt, profile.unix_prompt_chars)) {
    shell_session.prompt_ = std::move(prompt).value();
    return shell_session;
  }
  // Landed in a Unix shell (Junos root): start the device CLI, learn again.
  if (auto sent = shell_session.channel_.write_all(profile.unix_shell_escape + "\n", timer); !sent) {
    return sent.error();
  }
  auto cli_prompt = shell_session.learn_prompt(timer);
  if (!cli_prompt) return cli_prompt.error();
  shell_session.prompt_ = std::move(cli_prompt).value();
  return shell_session;
}

Result<std::string> ShellSession::learn_prompt(const Timer& timer) {
  TerminalText terminal;
  PromptLearner learner;
  learner.patterns = patterns_;
  auto last_input = SteadyClock::now();
  std::string out;
  std::string err;
  for (;;) {
    out.clear();
    err.clear();
    auto drained = channel_.drain(out, err, kMaxCommandOutput - terminal.raw_bytes(), timer.deadline);
    if (!drained) return drained.error();
    terminal.feed(out);
    terminal.feed(err);
    if (drained->out + drained->err > 0) last_input = SteadyClock::now();
    if (terminal.raw_bytes() >= kMaxCommandOutput) return cap_error();
    if (drained->eof) return make_error(ErrorKind::protocol, "shell closed before showing a prompt");
    for (int pages = terminal.take_pager_prompts(); pages > 0; --pages) {
      if (auto sent = channel_.write_all(" ", timer); !sent) return sent.error();
    }
    const auto quiet = std::chrono::duration_cast<Millis>(SteadyClock::now() - last_input).count();
    switch (learner.step(terminal, static_cast<long>(quiet))) {
      case PromptLearner::Step::done: return learner.prompt(terminal);
      case PromptLearner::Step::failed: return make_error(ErrorKind::protocol, "shell showed no prompt");
      case PromptLearner::Step::confirm:
        terminal.clear();
        learner.confirming();
        [[fallthrough]];
      case PromptLearner::Step::nudge:
        // A newline makes a quiet CLI print its prompt again.
        if (auto sent = channel_.write_all("\n", timer); !sent) return sent.error();
        learner.nudged();
        last_input = SteadyClock::now();
        break;
      case PromptLearner::Step::wait: break;
    }
    if (!channel_.wait_readable(timer, Millis(50))) return timer.timeout("learning the shell prompt");
  }
}

CommandRecord ShellSession::run(const std::string& command, Millis timeout, const Deadline& total) {
  CommandRecord record = start(command);
  const Timer timer = Timer::within(timeout, total);
  TerminalText terminal;
  std::string out;
  std::string err;
  int pages = 0;
  if (auto sent = channel_.write_all(command + "\n", timer); !sent) record.error = sent.error();
  while (!record.error && !ends_with_prompt(terminal.text(), prompt_)) {
    out.clear();
    err.clear();
    auto drained = channel_.drain(out, err, kMaxCommandOutput - terminal.raw_bytes(), timer.deadline);
    if (!drained) {
      record.error = drained.error();
      break;
    }
    terminal.feed(out);
    terminal.feed(err);
    for (int n = terminal.take_pager_prompts(); n > 0 && !record.error; --n) {
      if (++pages > kMaxPages) {
        record.error = make_error(ErrorKind::protocol, "more than " + std::to_string(kMaxPages) + " pager prompts");
      } else if (auto sent = channel_.write_all(" ", timer); !sent) {
        record.error = sent.error();
      }
    }
    if (record.error || ends_with_prompt(terminal.text(), prompt_)) continue;
    if (terminal.raw_bytes() >= kMaxCommandOutput) {
      record.error = cap_error();
    } else if (drained->eof) {
      record.error = make_error(ErrorKind::protocol, "shell closed during '" + command + "'");
    } else if (!channel_.wait_readable(timer, kPollSlice)) {
      record.error = timer.timeout("command '" + command + "'");
    }
  }
  if (record.error) usable_ = false;
  finish(record, strip_command_frame(terminal.text(), command, record.error ? "" : prompt_));
  return record;
}

void ShellSession::close() {
  const Timer timer = cleanup_timer();
  if (usable_) (void)channel_.write_all("exit\n", timer);
  channel_.close(timer, usable_);
}

}  // namespace attest::ssh
