// split_capture: turns a terminal log (or a raw output file) into the
// per-command outputs a profile's parser expects, for `attest firmware parse`
// and for fixtures.
#include <algorithm>
#include <optional>

#include "attest/profiles/forms.hpp"
#include "attest/profiles/profile.hpp"
#include "attest/profiles/text.hpp"

namespace attest {
namespace {

// Characters that end a prompt: "sw1#", "sw1>", "admin@sonic:~$", "root@sw1:RE:0%",
// and Server Technology's "Switched PDU:".
constexpr std::string_view kPromptEnds = "#>$%:";

struct Marker {
  std::size_t line = 0;
  const std::string* command = nullptr;
  bool wanted = false;      // one of profile.commands or their older forms (not a setup command)
  std::string_view prompt;  // text before the command, trimmed
};

// Every string whose echo starts a new section, longest first so that a
// command that ends with another command is recognised as itself.
std::vector<std::pair<const std::string*, bool>> section_starters(const Profile& profile) {
  std::vector<std::pair<const std::string*, bool>> starters;
  for (const auto& c : profile.commands) starters.emplace_back(&c, true);
  for (const auto& forms : profile.fallbacks.forms) {
    for (const auto& c : forms.alternatives) starters.emplace_back(&c, true);
  }
  for (const auto& c : profile.setup_commands) starters.emplace_back(&c, false);
  if (!profile.unix_shell_escape.empty()) starters.emplace_back(&profile.unix_shell_escape, false);
  std::stable_sort(starters.begin(), starters.end(),
                   [](const auto& a, const auto& b) { return a.first->size() > b.first->size(); });
  return starters;
}

// The prompt before `command` when `line` is its echo: the line ends with the
// command and what precedes it is nothing or ends with a prompt character.
std::optional<std::string_view> echo_prompt(std::string_view line, std::string_view command) {
  line = text::trim(line);
  if (!line.ends_with(command)) return std::nullopt;
  const auto prompt = text::trim(line.substr(0, line.size() - command.size()));
  if (prompt.empty() || kPromptEnds.find(prompt.back()) != std::string_view::npos) return prompt;
  return std::nullopt;
}

std::vector<Marker> find_markers(const Profile& profile, const std::vector<std::string_view>& lines) {
  const auto starters = section_starters(profile);
  std::vector<Marker> markers;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    for (const auto& [command, wanted] : starters) {
      if (auto prompt = echo_prompt(lines[i], *command)) {
        markers.push_back({i, command, wanted, *prompt});
        break;
      }
    }
  }
  return markers;
}

// Lines [first, last) joined, without trailing blank lines or a trailing
// bare prompt (the one that came back after the output).
std::string section_text(const std::vector<std::string_view>& lines, std::size_t first, std::size_t last,
                         std::string_view prompt) {
  while (last > first) {
    const auto t = text::trim(lines[last - 1]);
    if (!t.empty() && (prompt.empty() || t != prompt)) break;
    --last;
  }
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    out.append(lines[i]);
    out.push_back('\n');
  }
  return out;
}

}  // namespace

Result<CommandOutputs> split_capture(const Profile& profile, std::string_view capture) {
  const std::string cleaned = text::clean(capture);
  const auto lines = text::lines(cleaned);
  const auto markers = find_markers(profile, lines);

  CommandOutputs outputs;
  for (std::size_t m = 0; m < markers.size(); ++m) {
    if (!markers[m].wanted) continue;
    const std::size_t end = m + 1 < markers.size() ? markers[m + 1].line : lines.size();
    // A command run twice keeps its last output (the first may have been paged).
    outputs[*markers[m].command] = section_text(lines, markers[m].line + 1, end, markers[m].prompt);
  }
  if (markers.empty() && profile.commands.size() == 1) {
    outputs[profile.commands.front()] = cleaned;
    return outputs;
  }

  std::string missing;
  for (const auto& command : profile.commands) {
    const auto forms = forms_of(profile, command);
    if (std::any_of(forms.begin(), forms.end(), [&](const std::string& f) { return outputs.count(f) != 0; })) continue;
    missing += (missing.empty() ? "'" : ", '") + command + "'";
  }
  if (!missing.empty())
    return make_error(ErrorKind::parse, std::string(profile.name) + " capture has no output for " + missing +
                                            " (expected a line ending with the command, e.g. 'sw1# " +
                                            profile.commands.back() + "')");
  return outputs;
}

}  // namespace attest
