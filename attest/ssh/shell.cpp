#include "attest/ssh/shell.hpp"

#include <algorithm>
#include <array>

namespace attest::ssh {

namespace {

std::string_view rtrim_spaces(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = rtrim_spaces(s);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// Where a pager marker starts in `line`, or npos. Junos adds a percentage:
// "---(more 42%)---".
std::size_t find_pager_marker(std::string_view line) {
  static constexpr std::array<std::string_view, 3> kExact = {"--More--", "-- More --", "---(more)---"};
  for (const auto marker : kExact) {
    if (rtrim_spaces(line).ends_with(marker)) return line.rfind(marker);
  }
  const auto open = line.rfind("---(more");
  if (open != std::string_view::npos && rtrim_spaces(line).ends_with(")---")) return open;
  return std::string_view::npos;
}

bool is_erase_char(char c) { return c == ' ' || c == '\b' || c == '\r'; }

// Pager markers are short ("---(more 100%)---" is 17 bytes): looking only at
// the end of the current line keeps each byte's cost constant. Searching the
// whole line made a megabyte of dashes on one line cost minutes of CPU inside
// one feed(), out of reach of any deadline.
constexpr std::size_t kPagerWindow = 64;

std::string_view line_tail(std::string_view text) {
  return last_line(text.substr(text.size() - std::min(text.size(), kPagerWindow)));
}

}  // namespace

void TerminalText::feed(std::string_view bytes) {
  raw_bytes_ += bytes.size();
  for (const char c : bytes) {
    switch (state_) {
      case State::escape:
        state_ = c == '[' ? State::csi : State::normal;
        break;
      case State::csi:
        if (c >= 0x40 && c <= 0x7e) state_ = State::normal;  // final byte (ECMA-48 5.4)
        break;
      case State::erase:
        if (is_erase_char(c)) {
          pending_erase_ += c;
          break;
        }
        end_erase();
        [[fallthrough]];
      case State::normal:
        if (c == '\x1b') {
          state_ = State::escape;
        } else {
          put(c);
        }
        break;
    }
  }
}

void TerminalText::put(char c) {
  if (c == '\b') {
    if (!text_.empty() && text_.back() != '\n') text_.pop_back();
    return;
  }
  // CR, NUL, BEL and other controls carry no text for us; tabs and newlines do.
  if (c != '\n' && c != '\t' && static_cast<unsigned char>(c) < 0x20) return;
  text_ += c;
  if (c == '-' && find_pager_marker(line_tail(text_)) != std::string_view::npos) strip_pager_marker();
}

void TerminalText::strip_pager_marker() {
  const std::size_t tail_start = text_.size() - line_tail(text_).size();
  text_.resize(tail_start + find_pager_marker(line_tail(text_)));
  while (text_.size() > tail_start && text_.back() == ' ') text_.pop_back();
  ++pager_prompts_;
  state_ = State::erase;
  pending_erase_.clear();
}

// After a pager marker the device erases it: "\r   \r" or "\b\b  \b\b".
// Whatever follows the last CR/backspace of that run is real output
// (indentation), the rest is erasure.
void TerminalText::end_erase() {
  const auto last = pending_erase_.find_last_of("\b\r");
  const std::string keep = last == std::string::npos ? pending_erase_ : pending_erase_.substr(last + 1);
  pending_erase_.clear();
  state_ = State::normal;
  for (const char c : keep) put(c);
}

int TerminalText::take_pager_prompts() {
  const int n = pager_prompts_;
  pager_prompts_ = 0;
  return n;
}

void TerminalText::clear() { *this = TerminalText{}; }

std::string_view last_line(std::string_view text) {
  const auto nl = text.rfind('\n');
  return nl == std::string_view::npos ? text : text.substr(nl + 1);
}

bool looks_like_prompt(std::string_view line) {
  const auto trimmed = rtrim_spaces(line);
  if (trimmed.empty() || trimmed.size() > 256) return false;
  const char last = trimmed.back();
  return last == '#' || last == '>' || last == '%' || last == '$';
}

bool is_unix_prompt(std::string_view prompt, std::string_view unix_chars) {
  const auto trimmed = rtrim_spaces(prompt);
  return !trimmed.empty() && unix_chars.find(trimmed.back()) != std::string_view::npos;
}

bool ends_with_prompt(std::string_view text, std::string_view prompt) {
  const auto p = rtrim_spaces(prompt);
  const auto t = rtrim_spaces(text);
  if (p.empty() || !t.ends_with(p)) return false;
  const std::size_t at = t.size() - p.size();
  return at == 0 || t[at - 1] == '\n';
}

std::string strip_command_frame(std::string_view text, std::string_view command, std::string_view prompt) {
  std::string_view body = rtrim_spaces(text);
  const auto p = rtrim_spaces(prompt);
  if (!p.empty() && body.ends_with(p)) body.remove_suffix(p.size());
  // The echo is the first line when it ends with the command (some devices
  // repeat the prompt in front of it).
  const auto nl = body.find('\n');
  const auto first = trim(body.substr(0, nl));
  const auto cmd = trim(command);
  if (!cmd.empty() && first.ends_with(cmd)) {
    body = nl == std::string_view::npos ? std::string_view{} : body.substr(nl + 1);
  }
  return std::string(body);
}

PromptPatterns::PromptPatterns(const std::vector<std::string>& patterns) {
  for (const auto& p : patterns) regexes_.emplace_back(p, std::regex::ECMAScript | std::regex::optimize);
}

bool PromptPatterns::matches(std::string_view line) const {
  const auto trimmed = rtrim_spaces(line);
  if (trimmed.empty() || trimmed.size() > 256) return false;
  for (const auto& re : regexes_) {
    if (std::regex_match(trimmed.begin(), trimmed.end(), re)) return true;
  }
  return false;
}

PromptLearner::Step PromptLearner::step(const TerminalText& terminal, long quiet_ms) {
  const auto line = last_line(terminal.text());
  if (patterns != nullptr && patterns->matches(line)) {
    // Newlines typed ahead while a CLI was starting come back as more prompts,
    // one per newline: wait until they stopped, or the first command would
    // end at a stale one and read as "printed nothing".
    return nudges_ > 0 && quiet_ms < settle_ms ? Step::wait : Step::done;
  }
  const Step found = confirming_ ? Step::done : Step::confirm;
  if (looks_like_prompt(line) && quiet_ms >= settle_ms) return found;
  if (quiet_ms < quiet_limit_ms) return Step::wait;
  if (nudges_ < max_nudges) return Step::nudge;
  if (!trim(line).empty()) return found;
  // A profile that knows its prompts waits for one until the deadline: a CLI
  // may take seconds after the login to print its first prompt (the nudges
  // are typed ahead and answered then), and giving up here blocked such
  // devices as "no prompt" long before their command timeout.
  return patterns != nullptr && !patterns->empty() ? Step::wait : Step::failed;
}

}  // namespace attest::ssh
