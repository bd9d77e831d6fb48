// Choosing among a command's forms (Profile::fallbacks): which form to run
// next, and which answer the parser gets. Pure functions, shared by the SSH
// collector (what to run), the evaluator and `attest firmware parse` (what
// to parse), so that the three cannot disagree.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/profiles/profile.hpp"

namespace attest {

// One form as it ran: its output and, when it failed to run, why (an exit
// status, a timeout, a dropped channel).
struct FormRun {
  std::string command;
  std::string output;
  std::optional<std::string> error;
  // No answer at all (a deadline passed, the 1 MiB cap): an older form would
  // fare no better on that device, so none is tried after it.
  bool unanswered = false;
};

// A collector's record as a FormRun (the error's message; timeouts and the
// size cap count as unanswered).
FormRun form_run(const CommandRecord& record);

// `command` followed by its alternatives in order; just `command` when the
// profile has none.
std::vector<std::string> forms_of(const Profile& profile, const std::string& command);

// Whether the profile knows older forms of `command`.
bool has_alternatives(const Profile& profile, const std::string& command);

// Why `run` is not an answer: its error, else the CLI's refusal in its output
// (the profile's predicate), else nullopt. Decides whether the next form runs.
std::optional<std::string> form_failure(const Profile& profile, const FormRun& run);

// Whether the form after `run` is to be tried: `run` failed, but it was
// answered (an exit status, the CLI's refusal), not left unanswered.
bool try_next_form(const Profile& profile, const FormRun& run);

struct ChosenOutputs {
  CommandOutputs outputs;          // per command: the output of the form that answered
  std::vector<std::string> notes;  // one per command answered by an older form, or by none (optional)
};

// From what ran (the last run of a command counts), the outputs the parser
// gets. A command without alternatives keeps the old contract: it must have
// run without error and its output goes to the parser as it is. A command
// with alternatives needs one form that answered; if none did, the error
// names every form and why it gave no answer ("not run" for those missing).
Result<ChosenOutputs> choose_forms(const Profile& profile, const std::vector<FormRun>& ran);

// The same over a capture split by split_capture (no exit statuses known).
Result<ChosenOutputs> choose_forms(const Profile& profile, const CommandOutputs& recorded);

// The line of `output` that starts (after leading blanks) with one of
// `markers`, excerpted; nullopt when there is none. The building block of
// the per-profile refusal predicates.
std::optional<std::string> line_starting_with(std::string_view output, const std::vector<std::string_view>& markers);

}  // namespace attest
