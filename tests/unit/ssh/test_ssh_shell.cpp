#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "attest/ssh/shell.hpp"

using namespace attest::ssh;

namespace {

// Feeds `bytes` in chunks of `size` and returns the terminal.
TerminalText fed_in_chunks(const std::string& bytes, std::size_t size) {
  TerminalText terminal;
  for (std::size_t i = 0; i < bytes.size(); i += size) terminal.feed(std::string_view(bytes).substr(i, size));
  return terminal;
}

}  // namespace

TEST_CASE("the prompt is recognised whatever the chunk boundaries") {
  const std::string bytes = "show version\r\nArista vEOS\r\nSoftware image version: 4.30.1F\r\nswitch01#";
  for (std::size_t size = 1; size <= bytes.size(); ++size) {
    const TerminalText terminal = fed_in_chunks(bytes, size);
    CHECK(ends_with_prompt(terminal.text(), "switch01#"));
  }
  TerminalText partial;
  partial.feed("show version\r\nArista vEOS\r\nswitch0");
  CHECK_FALSE(ends_with_prompt(partial.text(), "switch01#"));
}

TEST_CASE("echo, CRs and the trailing prompt are stripped from a command's output") {
  TerminalText terminal;
  terminal.feed("show version\r\nline one\r\nline two\r\nrouter# ");
  CHECK(strip_command_frame(terminal.text(), "show version", "router# ") == "line one\nline two\n");
}

TEST_CASE("an echo repeated after the prompt is stripped too") {
  CHECK(strip_command_frame("router#show clock\n12:00\nrouter#", "show clock", "router#") == "12:00\n");
}

TEST_CASE("a command without output yields an empty string") {
  CHECK(strip_command_frame("terminal length 0\nsw1>", "terminal length 0", "sw1>").empty());
}

TEST_CASE("a first line that is not the echo is kept") {
  CHECK(strip_command_frame("hello\nsw1>", "show x", "sw1>") == "hello\n");
}

TEST_CASE("a prompt-like string inside the output does not end the command") {
  TerminalText terminal;
  terminal.feed("show run\r\nhostname router#1\r\n banner router# hello\r\n");
  CHECK_FALSE(ends_with_prompt(terminal.text(), "router#"));
  terminal.feed("description see router# ");
  CHECK_FALSE(ends_with_prompt(terminal.text(), "router#"));
  terminal.feed("\r\nrouter#");
  CHECK(ends_with_prompt(terminal.text(), "router#"));
}

TEST_CASE("the prompt must start its line") {
  CHECK_FALSE(ends_with_prompt("output xrouter#", "router#"));
  CHECK(ends_with_prompt("router#", "router#"));
  CHECK(ends_with_prompt("x\nrouter# ", "router#"));
  CHECK(ends_with_prompt("x\nrouter#", "router# "));  // its final space may come later
}

TEST_CASE("Cisco pager markers are stripped with their backspace erasure") {
  TerminalText terminal;
  terminal.feed("line 1\r\nline 2\r\n --More-- ");
  CHECK(terminal.take_pager_prompts() == 1);
  CHECK(terminal.take_pager_prompts() == 0);
  terminal.feed("\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bline 3\r\nsw#");
  CHECK(terminal.text() == "line 1\nline 2\nline 3\nsw#");
}

TEST_CASE("Junos pager markers with a percentage and CR erasure are stripped") {
  const std::string bytes = "a\r\n---(more 42%)---\r                                        \r  indented\r\nroot@r1> ";
  for (std::size_t size : {1u, 3u, 7u, 200u}) {
    TerminalText terminal = fed_in_chunks(bytes, size);
    CHECK(terminal.take_pager_prompts() == 1);
    CHECK(terminal.text() == "a\n  indented\nroot@r1> ");
  }
}

TEST_CASE("the spaced pager marker is recognised") {
  TerminalText terminal;
  terminal.feed("x\n-- More --");
  CHECK(terminal.take_pager_prompts() == 1);
  terminal.feed("\ry\n");
  CHECK(terminal.text() == "x\ny\n");
}

TEST_CASE("ANSI escape sequences vanish even when split across chunks") {
  const std::string bytes = "\x1b[2Jhello\x1b[0m world\x1b[K\r\nsw>";
  for (std::size_t size : {1u, 2u, 5u}) CHECK(fed_in_chunks(bytes, size).text() == "hello world\nsw>");
}

TEST_CASE("prompts are lines ending in # > % or $") {
  CHECK(looks_like_prompt("switch#"));
  CHECK(looks_like_prompt("root@r1> "));
  CHECK(looks_like_prompt("root@r1:RE:0% "));
  CHECK(looks_like_prompt("[admin@host ~]$ "));
  CHECK_FALSE(looks_like_prompt("Last login: Mon from 10.0.0.1"));
  CHECK_FALSE(looks_like_prompt(""));
  CHECK_FALSE(looks_like_prompt("   "));
}

TEST_CASE("a Junos root login is detected as a Unix shell by its percent prompt") {
  CHECK(is_unix_prompt("root@r1:RE:0% ", "%"));
  CHECK_FALSE(is_unix_prompt("root@r1> ", "%"));
  CHECK_FALSE(is_unix_prompt("root@r1% ", ""));
}

TEST_CASE("the prompt learner waits for quiet, confirms, then takes the last line") {
  TerminalText terminal;
  PromptLearner learner;
  terminal.feed("Welcome\r\nsw1#");
  CHECK(learner.step(terminal, 0) == PromptLearner::Step::wait);
  CHECK(learner.step(terminal, 150) == PromptLearner::Step::confirm);
  learner.confirming();
  terminal.clear();
  terminal.feed("\r\nsw1#");
  CHECK(learner.step(terminal, 150) == PromptLearner::Step::done);
  CHECK(learner.prompt(terminal) == "sw1#");
}

TEST_CASE("a nudge that crossed a late first prompt is undone by the confirmation") {
  TerminalText terminal;
  PromptLearner learner;
  CHECK(learner.step(terminal, 400) == PromptLearner::Step::nudge);
  learner.nudged();
  terminal.feed("\r\ntesthost$ testhost$ ");
  CHECK(learner.step(terminal, 150) == PromptLearner::Step::confirm);
  learner.confirming();
  terminal.clear();
  terminal.feed("\r\ntesthost$ ");
  CHECK(learner.step(terminal, 150) == PromptLearner::Step::done);
  CHECK(learner.prompt(terminal) == "testhost$ ");
}

TEST_CASE("the prompt learner nudges a quiet device, then accepts an unusual prompt") {
  TerminalText terminal;
  PromptLearner learner;
  learner.max_nudges = 1;
  CHECK(learner.step(terminal, 400) == PromptLearner::Step::nudge);
  learner.nudged();
  terminal.feed("\r\nSwitched PDU: ");
  CHECK(learner.step(terminal, 100) == PromptLearner::Step::wait);
  CHECK(learner.step(terminal, 400) == PromptLearner::Step::confirm);
  learner.confirming();
  CHECK(learner.step(terminal, 400) == PromptLearner::Step::done);
  CHECK(learner.prompt(terminal) == "Switched PDU: ");
}

TEST_CASE("the prompt learner fails when nothing ever arrives") {
  TerminalText terminal;
  PromptLearner learner;
  learner.max_nudges = 0;
  CHECK(learner.step(terminal, 400) == PromptLearner::Step::failed);
}

TEST_CASE("with prompt patterns the learner outwaits a CLI that is slow to print its first prompt") {
  // A CLI may take seconds after the login to show a prompt: past the
  // nudges the learner waits (the deadline ends it), and the prompts that
  // finally arrive are taken once they stop.
  const PromptPatterns patterns({R"(^apc>$)"});
  TerminalText terminal;
  PromptLearner learner;
  learner.patterns = &patterns;
  learner.max_nudges = 1;
  CHECK(learner.step(terminal, 400) == PromptLearner::Step::nudge);
  learner.nudged();
  CHECK(learner.step(terminal, 400) == PromptLearner::Step::wait);
  CHECK(learner.step(terminal, 5000) == PromptLearner::Step::wait);
  terminal.feed("\r\nSchneider Electric\r\n\r\napc>");
  // The nudge typed ahead comes back as a second prompt: wait for it, so the
  // first command does not end at it.
  CHECK(learner.step(terminal, 0) == PromptLearner::Step::wait);
  terminal.feed("\r\napc>");
  CHECK(learner.step(terminal, 150) == PromptLearner::Step::done);
  CHECK(learner.prompt(terminal) == "apc>");
}

TEST_CASE("the raw byte count covers everything fed, stripped or not") {
  TerminalText terminal;
  terminal.feed("\x1b[0m\r\n");
  CHECK(terminal.raw_bytes() == 6);
}

TEST_CASE("a pager marker at the end of a very long line is still stripped") {
  TerminalText terminal;
  terminal.feed(std::string(100000, 'x') + " --More-- \b\b\b\b\b\b\b\b\b\b");
  terminal.feed("\nnext");
  CHECK(terminal.text() == std::string(100000, 'x') + "\nnext");
  CHECK(terminal.take_pager_prompts() == 1);
}

TEST_CASE("a quarter megabyte of dashes on one line is cleaned in linear time") {
  // Seen while writing fuzz_shell: each '-' searched the whole line for a pager marker,
  // so one line of dashes cost minutes of CPU inside a single feed(). Judged by growth,
  // not by a wall-clock bound (sanitizers and a loaded machine are slow): eight times
  // the bytes take about eight times as long when linear, sixty-four when quadratic.
  const auto clean = [](std::size_t bytes) {
    const auto start = std::chrono::steady_clock::now();
    TerminalText terminal;
    terminal.feed(std::string(bytes, '-'));
    CHECK(terminal.text().size() == bytes);
    return std::chrono::steady_clock::now() - start;
  };
  const auto small = clean(32u << 10);
  const auto large = clean(256u << 10);
  CHECK(large < 24 * small + std::chrono::milliseconds(200));
}

