// The interactive CLI of one emulated device, as a pure state machine: bytes
// typed by the client in, terminal bytes out. It echoes like a pty, handles
// CR/LF/CRLF, pages long outputs until paging is turned off, and switches a
// Junos root login from the Unix shell into the CLI with `cli`.
// The server drives it; latency and faults are applied around it.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "attest/lab/personality.hpp"

namespace attest::lab {

// Lines per screen; outputs longer than this are paged when paging is on.
inline constexpr std::size_t kScreenLines = 24;

class Shell {
 public:
  Shell(const Traits& traits, Facts facts, std::string user, bool paging);

  // Banner/MOTD and the first prompt.
  std::string start();

  struct Typed {
    std::string echo;                 // what the terminal shows for these keys
    std::optional<std::string> line;  // a completed command line, to pass to run()
    std::size_t consumed = 0;         // bytes of input used; feed the rest again
  };
  // Consumes typed bytes up to and including the first completed line. While
  // a page is pending, keys page instead (space: next page, Enter: next line,
  // q: stop) and the pages come back in `echo`.
  Typed type(std::string_view bytes);

  struct Reply {
    std::string text;    // output (or its first page) and the next prompt
    bool close = false;  // exit/logout/quit: end the session
  };
  Reply run(const std::string& line);

  bool paging_enabled() const { return paging_; }
  bool pager_waiting() const { return !pending_.empty(); }
  std::string current_prompt() const;

 private:
  std::string output(std::string text);  // pages `text` and appends the prompt when complete
  std::string next_lines(std::size_t count);
  std::string page_key(char key);
  std::string more_marker() const;
  std::string erase_marker() const;

  const Traits& traits_;
  Facts facts_;
  std::string user_;
  bool paging_;
  bool unix_shell_;        // Junos root starts in the FreeBSD shell
  std::string line_;
  bool last_was_cr_ = false;
  int escape_ = 0;         // bytes left of an ANSI escape sequence being skipped
  std::deque<std::string> pending_;  // lines not yet shown by the pager
};

// '\n' -> "\r\n", as a pty's output processing (onlcr) does.
std::string to_crlf(std::string_view text);

}  // namespace attest::lab
