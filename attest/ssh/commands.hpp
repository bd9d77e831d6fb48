// Running a profile's commands over an authenticated Session: one exec
// channel per command, or one interactive shell with a learned prompt.
// Every command runs under min(command timeout, device total) and reads at
// most kMaxCommandOutput bytes.
#pragma once

#include <string>

#include "attest/core/evidence.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/ssh/session.hpp"
#include "attest/ssh/shell.hpp"

namespace attest::ssh {

// A short fixed bound for goodbyes (EOF, close, "exit", disconnect), so that
// cleanup of a dead or hostile peer cannot hang; it may run past `total`.
inline constexpr Millis kCleanupTimeout{1000};
Timer cleanup_timer();

// One exec channel. stdout is the output; stderr is read (it shares the
// channel window) but not stored: a failing command's error message quotes
// its first line. A non-zero exit status or a signal is an error.
CommandRecord run_exec(Session& session, const std::string& command, Millis timeout, const Deadline& total);

// One pty + shell channel with its learned prompt.
class ShellSession {
 public:
  // Opens the shell and learns the prompt; escapes a Unix shell when the
  // profile says how (Junos root: "cli"). Bounded by min(timeout, total).
  [[nodiscard]] static Result<ShellSession> open(Session& session, const Profile& profile, Millis timeout,
                                                 const Deadline& total);
  // Sends `command`, reads until the prompt is back, answers pagers.
  CommandRecord run(const std::string& command, Millis timeout, const Deadline& total);
  // After a command failed the shell may be mid-output: nothing more can be
  // framed reliably on it.
  bool usable() const { return usable_; }
  const std::string& prompt() const { return prompt_; }
  // "exit", EOF, close; bounded.
  void close();

 private:
  ShellSession(Channel channel, const PromptPatterns& patterns) : channel_(std::move(channel)), patterns_(&patterns) {}
  [[nodiscard]] Result<std::string> learn_prompt(const Timer& timer);

  Channel channel_;
  const PromptPatterns* patterns_;  // the profile's, compiled once per process
  std::string prompt_;
  bool usable_ = true;
};

}  // namespace attest::ssh
