// Test helper: appends the entry of run N to a ledger with the library's own
// writer (what `attest rack --ledger` does), so the shell test can tamper
// with genuine ledgers. usage: ledger_append FILE N; exit 0 appended, 1 refused.
#include <iostream>
#include <string>

#include "attest/ledger/ledger.hpp"
#include "attest/util/digest.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: ledger_append FILE N\n";
    return 2;
  }
  const std::string run = argv[2];
  attest::ledger::LedgerEntryInput in;
  in.time = "2026-11-29T12:00:0" + run.substr(0, 1) + ".000Z";
  in.site = "demo-dc1";
  in.report_sha256 = attest::sha256_hex("report " + run);
  in.report_path = "runs/" + run + "/report.json";
  in.db_manifest_sha256 = attest::sha256_hex("manifest");
  in.summary = nlohmann::ordered_json{{"devices", 18}, {"pass", 6}, {"fail", 11}, {"error", 1}, {"run", run}};
  const auto st = attest::ledger::append_ledger_entry(argv[1], in);
  if (!st.ok()) {
    std::cerr << "ledger_append: " << st.error().message << "\n";
    return 1;
  }
  return 0;
}
