// The run ledger (attest.ledger/v1): whoever can write the file controls
// every byte. check_ledger_text stops at the first bad line; what verifies can
// be extended, and the extension verifies.
#include <algorithm>

#include "attest/ledger/ledger.hpp"
#include "fuzz_support.hpp"

using namespace attest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = fuzz::text_of(data, size);
  const ledger::LedgerState state = ledger::check_ledger_text(text);
  if (state.problem) {
    FUZZ_CHECK(state.problem->line == state.entries + 1);
    return 0;
  }
  FUZZ_CHECK(state.entries == static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')));
  const ledger::LedgerEntryInput next{"2026-11-29T12:00:00Z", "fuzz", sha256_hex("report"), "report.json", "",
                                      nlohmann::ordered_json::object(), ""};
  auto line = ledger::make_ledger_line(next, state.entries + 1, state.head_sha256);
  FUZZ_CHECK(line.ok());
  const auto extended = ledger::check_ledger_text(std::string(text) + *line + "\n");
  FUZZ_CHECK(!extended.problem && extended.entries == state.entries + 1);
  return 0;
}
