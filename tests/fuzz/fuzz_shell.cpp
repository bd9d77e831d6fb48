// The pure half of the interactive shell (attest/ssh/shell.hpp): terminal text
// cleanup, pager markers, prompt recognition, command framing and the prompt
// learner, over bytes a device controls. The first input byte picks the chunk
// size the rest is fed in and the quiet times the learner is shown.
#include <algorithm>

#include "attest/ssh/shell.hpp"
#include "fuzz_support.hpp"

using namespace attest;
using namespace attest::ssh;

namespace {

std::string_view trim_blanks(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

TerminalText fed_in_chunks(std::string_view bytes, std::size_t chunk) {
  TerminalText terminal;
  for (std::size_t i = 0; i < bytes.size(); i += chunk) terminal.feed(bytes.substr(i, chunk));
  return terminal;
}

// Clean text: no CR, NUL, ESC or other control but newline and tab; never
// longer than what came in; the same whatever the chunk boundaries were.
void check_terminal(std::string_view bytes, std::size_t chunk) {
  TerminalText whole;
  whole.feed(bytes);
  TerminalText chunked = fed_in_chunks(bytes, chunk);
  FUZZ_CHECK(whole.text() == chunked.text());
  FUZZ_CHECK(whole.take_pager_prompts() == chunked.take_pager_prompts());
  FUZZ_CHECK(whole.raw_bytes() == bytes.size() && whole.text().size() <= bytes.size());
  for (const char c : whole.text()) FUZZ_CHECK(c == '\n' || c == '\t' || static_cast<unsigned char>(c) >= 0x20);
}

// The last line, whatever it is, is a prompt that the text ends with; the
// frame of a command never adds text.
void check_framing(const std::string& text) {
  const auto line = last_line(text);
  FUZZ_CHECK(line.size() <= text.size() && line.find('\n') == std::string_view::npos);
  if (!trim_blanks(line).empty()) FUZZ_CHECK(ends_with_prompt(text, line));
  if (looks_like_prompt(line)) FUZZ_CHECK(!trim_blanks(line).empty());
  const auto first_line = std::string_view(text).substr(0, text.find('\n'));
  FUZZ_CHECK(strip_command_frame(text, first_line, line).size() <= text.size());
  FUZZ_CHECK(strip_command_frame(text, "", "").size() <= text.size());
  if (is_unix_prompt(line, "%")) FUZZ_CHECK(trim_blanks(line).back() == '%');
}

// Drives the learner as the shell session does: a chunk, then a quiet time
// from the seed. It must end (done or failed) once the device stays quiet,
// and a learned prompt is the last line.
void check_learner(std::string_view bytes, std::size_t chunk, std::uint8_t seed) {
  TerminalText terminal;
  PromptLearner learner;
  std::size_t at = 0;
  // Past the input the device is silent: three nudges and a confirmation
  // need five steps, so eight quiet ones must have ended it.
  for (int round = 1, silent = 0; silent < 8; ++round) {
    if (at < bytes.size()) {
      terminal.feed(bytes.substr(at, chunk));
      at += chunk;
    } else {
      ++silent;
    }
    const long quiet = silent > 0 ? 1000 : static_cast<long>((seed * round) % 400);
    switch (learner.step(terminal, quiet)) {
      case PromptLearner::Step::wait: break;
      case PromptLearner::Step::nudge: learner.nudged(); break;
      case PromptLearner::Step::confirm: terminal.clear(); learner.confirming(); break;
      case PromptLearner::Step::failed: return;
      case PromptLearner::Step::done:
        FUZZ_CHECK(learner.prompt(terminal) == last_line(terminal.text()));
        FUZZ_CHECK(!trim_blanks(learner.prompt(terminal)).empty());
        return;
    }
  }
  fuzz::invariant_failed("the prompt learner never ended on a silent device", __FILE__, __LINE__);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t seed = data[0];
  const std::string_view bytes = fuzz::text_of(data + 1, size - 1);
  const std::size_t chunk = seed % 17 + 1;
  check_terminal(bytes, chunk);
  TerminalText terminal;
  terminal.feed(bytes);
  check_framing(terminal.text());
  check_learner(bytes, chunk, seed);
  return 0;
}
