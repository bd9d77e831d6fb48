#include "attest/profiles/forms.hpp"

#include <algorithm>

#include "attest/profiles/text.hpp"

namespace attest {
namespace {

const CommandForms* forms_entry(const Profile& profile, std::string_view command) {
  const auto& forms = profile.fallbacks.forms;
  const auto it = std::find_if(forms.begin(), forms.end(), [&](const CommandForms& f) { return f.command == command; });
  return it == forms.end() ? nullptr : &*it;
}

const FormRun* last_run(const std::vector<FormRun>& ran, std::string_view command) {
  const auto it = std::find_if(ran.rbegin(), ran.rend(), [&](const FormRun& r) { return r.command == command; });
  return it == ran.rend() ? nullptr : &*it;
}

std::string quoted(std::string_view command) { return "`" + std::string(command) + "`"; }

// The old contract for a command that has no other form.
Status take_single(const std::string& command, const std::vector<FormRun>& ran, CommandOutputs& outputs) {
  const FormRun* run = last_run(ran, command);
  if (run == nullptr) return make_error(ErrorKind::parse, quoted(command) + " was not run");
  if (run->error) return make_error(ErrorKind::parse, quoted(command) + " failed: " + *run->error);
  outputs[command] = run->output;
  return ok_status();
}

// The first form that answered; every earlier form's reason goes into `why`.
std::optional<std::string> first_answer(const Profile& profile, const std::vector<std::string>& forms,
                                        const std::vector<FormRun>& ran, std::vector<std::string>& why) {
  for (const auto& form : forms) {
    const FormRun* run = last_run(ran, form);
    if (run == nullptr) {
      why.push_back(quoted(form) + ": not run");
      continue;
    }
    if (auto failure = form_failure(profile, *run)) {
      why.push_back(quoted(form) + ": " + *failure);
      continue;
    }
    return form;
  }
  return std::nullopt;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace

FormRun form_run(const CommandRecord& record) {
  const bool unanswered = record.error && (record.error->kind == ErrorKind::timeout || record.error->kind == ErrorKind::io);
  return {record.command, record.output,
          record.error ? std::optional<std::string>(record.error->message) : std::nullopt, unanswered};
}

bool try_next_form(const Profile& profile, const FormRun& run) {
  return !run.unanswered && form_failure(profile, run).has_value();
}

std::vector<std::string> forms_of(const Profile& profile, const std::string& command) {
  std::vector<std::string> forms{command};
  if (const CommandForms* entry = forms_entry(profile, command)) {
    forms.insert(forms.end(), entry->alternatives.begin(), entry->alternatives.end());
  }
  return forms;
}

bool has_alternatives(const Profile& profile, const std::string& command) {
  const CommandForms* entry = forms_entry(profile, command);
  return entry != nullptr && !entry->alternatives.empty();
}

std::optional<std::string> form_failure(const Profile& profile, const FormRun& run) {
  if (run.error) return *run.error;
  const std::string cleaned = text::clean(run.output);
  if (text::trim(cleaned).empty()) return std::string("printed nothing");
  if (profile.fallbacks.refusal == nullptr) return std::nullopt;
  if (auto refused = profile.fallbacks.refusal(cleaned)) return "refused: \"" + *refused + "\"";
  return std::nullopt;
}

Result<ChosenOutputs> choose_forms(const Profile& profile, const std::vector<FormRun>& ran) {
  ChosenOutputs chosen;
  for (const auto& command : profile.commands) {
    if (!has_alternatives(profile, command)) {
      if (auto taken = take_single(command, ran, chosen.outputs); !taken) return taken.error();
      continue;
    }
    std::vector<std::string> why;
    const auto answer = first_answer(profile, forms_of(profile, command), ran, why);
    if (!answer) {
      const std::string attempts = "no form of " + quoted(command) + " answered: " + joined(why);
      if (!forms_entry(profile, command)->optional) return make_error(ErrorKind::parse, attempts);
      chosen.notes.push_back(attempts + " (the parser does without it)");
      continue;
    }
    chosen.outputs[*answer] = last_run(ran, *answer)->output;
    if (*answer != command) chosen.notes.push_back(joined(why) + ": used " + quoted(*answer) + " instead");
  }
  return chosen;
}

Result<ChosenOutputs> choose_forms(const Profile& profile, const CommandOutputs& recorded) {
  std::vector<FormRun> ran;
  ran.reserve(recorded.size());
  for (const auto& [command, output] : recorded) ran.push_back({command, output, std::nullopt});
  return choose_forms(profile, ran);
}

std::optional<std::string> line_starting_with(std::string_view output, const std::vector<std::string_view>& markers) {
  for (const auto line : text::lines(output)) {
    const auto t = text::trim(line);
    for (const auto marker : markers) {
      if (t.starts_with(marker)) return text::excerpt(t);
    }
  }
  return std::nullopt;
}

}  // namespace attest
