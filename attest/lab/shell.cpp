#include "attest/lab/shell.hpp"

#include <utility>

namespace attest::lab {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Collapses runs of blanks, as vendor CLIs do before matching a command.
std::string normalize(std::string_view s) {
  std::string out;
  for (char c : trim(s)) {
    if ((c == ' ' || c == '\t') && !out.empty() && out.back() == ' ') continue;
    out += c == '\t' ? ' ' : c;
  }
  return out;
}

}  // namespace

std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

Shell::Shell(const Traits& traits, Facts facts, std::string user, bool paging)
    : traits_(traits),
      facts_(std::move(facts)),
      user_(std::move(user)),
      paging_(paging && traits.pager != Pager::none),
      // Junos and Avocent ACS root logins start in the Unix shell.
      unix_shell_((traits.prompt == PromptStyle::junos || traits.prompt == PromptStyle::avocent) && user_ == "root") {}

std::string Shell::current_prompt() const { return prompt(traits_, facts_, user_, unix_shell_); }

std::string Shell::start() { return to_crlf(banner(traits_, facts_, user_)) + current_prompt(); }

Shell::Typed Shell::type(std::string_view bytes) {
  Typed t;
  while (t.consumed < bytes.size()) {
    const char c = bytes[t.consumed++];
    const bool lf_after_cr = c == '\n' && last_was_cr_;
    last_was_cr_ = c == '\r';
    if (lf_after_cr) continue;  // CRLF is one Enter
    if (pager_waiting()) {
      t.echo += page_key(c);
      continue;
    }
    if (escape_ > 0) {  // arrow keys and friends: swallow "ESC [ X"
      escape_ = (escape_ == 2 && c == '[') ? 1 : 0;
      continue;
    }
    if (c == '\r' || c == '\n') {
      t.echo += "\r\n";
      t.line = std::exchange(line_, {});
      return t;
    }
    if (c == '\x1b') {
      escape_ = 2;
    } else if (c == '\x7f' || c == '\b') {
      if (!line_.empty()) {
        line_.pop_back();
        t.echo += "\b \b";
      }
    } else if (c == '\x03') {  // Ctrl-C drops the line
      line_.clear();
      t.echo += "^C\r\n" + current_prompt();
    } else if (static_cast<unsigned char>(c) >= 0x20 || c == '\t') {
      line_ += c;
      t.echo += c;
    }
  }
  return t;
}

Shell::Reply Shell::run(const std::string& typed_line) {
  const std::string cmd = normalize(typed_line);
  if (cmd.empty()) return {current_prompt(), false};
  if (cmd == "exit" || cmd == "logout" || cmd == "quit") return {"", true};
  if (unix_shell_) {
    if (cmd == "cli") {
      unix_shell_ = false;
      return {current_prompt(), false};
    }
    return {output(invalid_command(traits_, cmd, true, 0)), false};
  }
  if (!traits_.paging_off.empty() && cmd == traits_.paging_off) paging_ = false;
  if (auto out = builtin_command(traits_, cmd)) return {output(*out), false};
  if (auto out = render_command(traits_, facts_, cmd)) return {output(*out), false};
  const std::size_t column = current_prompt().size() + (typed_line.size() - trim(typed_line).size());
  return {output(invalid_command(traits_, cmd, false, column)), false};
}

std::string Shell::output(std::string text) {
  std::size_t count = 0;
  for (char c : text) count += c == '\n' ? 1 : 0;
  if (!paging_ || count <= kScreenLines) return to_crlf(text) + current_prompt();
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    const auto end = nl == std::string::npos ? text.size() : nl + 1;
    pending_.push_back(text.substr(start, end - start));
    start = end;
  }
  return next_lines(kScreenLines - 1);  // the last row holds the --More-- marker
}

// Shows up to `count` pending lines, then either the marker or the prompt.
std::string Shell::next_lines(std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && !pending_.empty(); ++i) {
    out += pending_.front();
    pending_.pop_front();
  }
  out = to_crlf(out);
  return out + (pending_.empty() ? current_prompt() : more_marker());
}

std::string Shell::page_key(char key) {
  if (key == ' ') return erase_marker() + next_lines(kScreenLines - 1);
  if (key == '\r' || key == '\n') return erase_marker() + next_lines(1);
  // IOS ends the listing on any other key; Junos ignores keys it does not know.
  const bool quit = key == 'q' || key == 'Q' || key == '\x03' || traits_.pager == Pager::cisco;
  if (quit) {
    pending_.clear();
    return erase_marker() + current_prompt();
  }
  return {};
}

std::string Shell::more_marker() const { return traits_.pager == Pager::junos ? "---(more)---" : " --More-- "; }

// Real pagers wipe the marker before printing the next lines.
std::string Shell::erase_marker() const {
  const std::size_t n = more_marker().size();
  return std::string(n, '\b') + std::string(n, ' ') + std::string(n, '\b');
}

}  // namespace attest::lab
