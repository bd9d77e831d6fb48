// Interactive-shell framing, pure: bytes in, text and decisions out. The
// I/O loop (shell_session.cpp) feeds whatever the channel returned and asks
// "is the prompt back?", "is a pager waiting?"; every answer is a function
// of the bytes so far, whatever the chunk boundaries were.
#pragma once

#include <cstddef>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

namespace attest::ssh {

// Turns raw terminal bytes into text: drops CR and NUL, ANSI escape
// sequences (ESC [ ... final byte, ESC + one char), applies backspace to the
// current line, and strips pager markers ("--More--", "---(more)---",
// "-- More --") together with the erase sequence a device sends after it.
class TerminalText {
 public:
  void feed(std::string_view bytes);
  const std::string& text() const { return text_; }
  std::size_t raw_bytes() const { return raw_bytes_; }
  // Pager markers stripped since the last call; each wants one space sent.
  int take_pager_prompts();
  void clear();

 private:
  enum class State { normal, escape, csi, erase };
  void put(char c);
  void strip_pager_marker();
  void end_erase();

  std::string text_;
  std::string pending_erase_;  // [ \b\r]* seen right after a pager marker
  State state_ = State::normal;
  std::size_t raw_bytes_ = 0;
  int pager_prompts_ = 0;
};

// The text after the last '\n' (the line being written).
std::string_view last_line(std::string_view text);
// A line that ends (ignoring trailing spaces) in '#', '>', '%' or '$' and is
// short enough to be a prompt.
bool looks_like_prompt(std::string_view line);
// True when `prompt` (ignoring its trailing spaces) ends with a character in
// `unix_chars` (Junos root lands in a '%' Unix shell).
bool is_unix_prompt(std::string_view prompt, std::string_view unix_chars);
// True when `text` ends with `prompt` at the start of a line. Trailing spaces
// are ignored on both sides: a prompt's final space may arrive later.
bool ends_with_prompt(std::string_view text, std::string_view prompt);
// The output of `command` from the text a shell printed after it was sent:
// drops the echoed command line (when it is one) and the trailing prompt.
std::string strip_command_frame(std::string_view text, std::string_view command, std::string_view prompt);

// A profile's prompt patterns, compiled once. A line matches when, with its
// trailing spaces trimmed and at most 256 characters long, one of the
// patterns matches all of it.
class PromptPatterns {
 public:
  PromptPatterns() = default;
  explicit PromptPatterns(const std::vector<std::string>& patterns);
  bool matches(std::string_view line) const;
  bool empty() const { return regexes_.empty(); }

 private:
  std::vector<std::regex> regexes_;
};

// Decides when a prompt has been learned from the first bytes of a shell.
// A last line matching the profile's prompt patterns is the prompt at once:
// no waiting for quiet, so no timing to get wrong under load.
// The caller feeds bytes and tells it how long the output has been quiet.
// A first candidate is always confirmed: the caller clears the text and
// sends a newline, and the last line of the answer is the prompt. This
// undoes banners and races (a nudge that crossed a late first prompt leaves
// "sw# sw# " on one line).
class PromptLearner {
 public:
  enum class Step {
    wait,     // keep reading
    nudge,    // send "\n": the output went quiet without a prompt
    confirm,  // clear the text, send "\n", call confirming()
    done,     // prompt(terminal) is the prompt
    failed,   // nothing prompt-like ever came (no patterns to wait for)
  };

  // A last line matching `patterns` is done at once (after `settle_ms` of
  // quiet once a newline was sent: its prompts must be in). Otherwise, after
  // `quiet_ms` without new bytes: a candidate is a last line that looks
  // like a prompt (after `settle_ms` of quiet) or, once `max_nudges` newlines
  // did not bring one, any non-empty last line (after `quiet_limit_ms`).
  // Nothing at all after the nudges: failed without patterns; with patterns
  // it keeps waiting (the caller's deadline ends a CLI that never prompts).
  Step step(const TerminalText& terminal, long quiet_ms);
  void nudged() { ++nudges_; }
  void confirming() { confirming_ = true; }
  // The learned prompt: the exact last line.
  std::string prompt(const TerminalText& terminal) const { return std::string(last_line(terminal.text())); }

  long settle_ms = 100;
  long quiet_limit_ms = 300;
  int max_nudges = 3;
  const PromptPatterns* patterns = nullptr;  // none: quiet time only

 private:
  int nudges_ = 0;
  bool confirming_ = false;
};

}  // namespace attest::ssh
