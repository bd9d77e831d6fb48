// Documented firmware and OS quirks: known, exact ways a real log differs
// from what the TPM measured. Each is recognised by reproducing the quote
// exactly with the missing measurements added, never by skipping a PCR or
// loosening the replay, and each is named in the finding.
#include <algorithm>
#include <string_view>

#include "attest/tpm/eventlog/boot_policy.hpp"
#include "attest/tpm/eventlog/builder.hpp"
#include "attest/tpm/eventlog/le_bytes.hpp"

namespace attest::tpm {
namespace {

// PFP 1.05 section 3.3.4.5 (PCR5): the firmware measures these two
// EV_EFI_ACTION strings when the OS loader calls ExitBootServices().
constexpr std::string_view kEbsInvocation = "Exit Boot Services Invocation";
constexpr std::string_view kEbsSuccess = "Exit Boot Services Returned with Success";

bool logs_action(const EventLog& log, std::string_view text) {
  return std::any_of(log.events.begin(), log.events.end(), [&](const Event& e) {
    return e.pcr == 5 && e.type == kEvEfiAction && detail::as_text(e.data) == text;
  });
}

// Every declared bank must be one attest can hash, or the added events
// could not carry a digest for it.
std::optional<std::vector<std::uint16_t>> computable_banks(const EventLog& log) {
  std::vector<std::uint16_t> banks;
  for (const auto& [alg, size] : log.algorithms) {
    if (hash_alg_size(alg) != size) return std::nullopt;
    banks.push_back(alg);
  }
  return banks;
}

Event action_event(const EventLog& log, std::string_view text, const std::vector<std::uint16_t>& banks) {
  Event e = make_event(5, kEvEfiAction, Bytes(text.begin(), text.end()), banks);
  e.index = log.events.size() + 1;
  return e;
}

}  // namespace

// These events happen after the OS loader has read the log, so the firmware
// records them only in the EFI_TCG2_FINAL_EVENTS_TABLE (TCG EFI Protocol 2.0,
// 6.7); an OS that does not append that table to binary_bios_measurements
// (Linux before 5.3) hands over a log without them while PCR5 holds them.
std::optional<QuirkedLog> apply_exit_boot_services_quirk(const EventLog& log, const PcrValues& quoted,
                                                         const PcrSelection& selection) {
  const auto pcr5_quoted = [&](const auto& bank) { return bank.second.count(5) != 0; };
  if (!std::any_of(selection.begin(), selection.end(), pcr5_quoted)) return std::nullopt;
  if (!replay_mismatch(log, quoted, selection) || logs_action(log, kEbsInvocation)) return std::nullopt;
  const auto banks = computable_banks(log);
  if (!banks) return std::nullopt;
  QuirkedLog out{log, ""};
  out.log.events.push_back(action_event(out.log, kEbsInvocation, *banks));
  out.log.events.push_back(action_event(out.log, kEbsSuccess, *banks));
  if (replay_mismatch(out.log, quoted, selection)) return std::nullopt;
  out.note =
      "firmware quirk: the log lacks the PCR5 ExitBootServices events (\"Exit Boot Services Invocation\", "
      "\"Exit Boot Services Returned with Success\"), which the firmware logs only in its final events table; "
      "the quote matches with exactly those two events added";
  out.log.notes.push_back(out.note);
  return out;
}

}  // namespace attest::tpm
