// Shell channels: typed bytes go through the device's Shell; each command
// line waits for the device's latency, while later input queues behind it.
#include "attest/lab/channel.hpp"
#include "attest/lab/connection.hpp"
#include "attest/lab/hub.hpp"

namespace attest::lab {

void Channel::start_shell() {
  kind_ = Kind::shell;
  c_.log("shell user=" + quoted(c_.user()));
  shell_ = std::make_unique<Shell>(*c_.dev.traits, c_.dev.spec.facts, c_.user(), c_.dev.spec.paging);
  queue(shell_->start());
}

void Channel::feed_shell() {
  if (!shell_) return;
  if (silent_) typed_.clear();  // it reads on, and never answers again
  while (!typed_.empty() && !waiting_ && !silent_ && !flooding_ && then_ == Then::nothing) {
    const Shell::Typed t = shell_->type(typed_);
    typed_.erase(0, t.consumed);
    queue(t.echo);
    if (t.line) on_line(*t.line);
  }
  // The client's EOF ends the session once what it typed before is answered.
  if (typed_.empty() && remote_eof_ && !waiting_ && !flooding_ && then_ == Then::nothing) then(Then::finish, 0);
}

void Channel::on_line(const std::string& line) {
  if (line.find_first_not_of(" \t") == std::string::npos) {
    complete_line(line, false);
    return;
  }
  count_command(line, "command");
  pending_line_ = line;
  wait_latency(&Channel::answer_line);
}

void Channel::answer_line() { complete_line(pending_line_, true); }

void Channel::complete_line(const std::string& line, bool real) {
  const Shell::Reply reply = shell_->run(line);
  if (real && !reply.close && apply_fault(reply.text, "\r\n")) {
    if (c_.dev.spec.fault == Fault::garbage) queue("\r\n" + shell_->current_prompt());
    return;
  }
  queue(reply.text);
  if (reply.close) then(Then::finish, 0);
}

}  // namespace attest::lab
