// What a rack run leaves behind, each file written atomically: report.json,
// report.json.sig (when a signing key is given), report.html, junit.xml, and
// one more line in the run ledger.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "attest/engine/run.hpp"
#include "attest/util/openssl_ptr.hpp"
#include "attest/util/result.hpp"

namespace attest::cli {

struct OutputPlan {
  std::string out_dir;
  EVP_PKEY* sign_key = nullptr;  // null: no report.json.sig
  std::string ledger;            // empty: no ledger entry
};

struct LedgerHead {
  std::string head_sha256;  // the next entry's prev (64 zeros for a ledger not yet created)
  std::size_t entries = 0;
};

// Refuses (before the run) a ledger that exists but does not verify: the run
// must not extend a chain that was tampered with. The head goes into the
// report, so a signed report pins the ledger it extends.
[[nodiscard]] Result<LedgerHead> check_ledger_appendable(const std::string& ledger);

// What a run needs to sign and ledger its report, checked before anything
// is contacted: the signing key (when `sign_key` is given) and the ledger's
// head (when `ledger` is given, via check_ledger_appendable).
struct OutputKeys {
  EvpPkeyPtr sign_key;
  LedgerHead ledger;
};
[[nodiscard]] Result<OutputKeys> load_output_keys(const std::string& sign_key, const std::string& ledger);

// Who runs the gate: --operator, else the user behind sudo, else the login user.
std::string operator_name(const std::string& given);
std::string host_name();

// Before a run: moves an earlier run's outputs in `out_dir` aside
// (report.json -> report.previous.json, report.json.sig ->
// report.previous.json.sig, report.html -> report.previous.html, junit.xml ->
// junit.previous.xml), replacing older previous files, so an interrupted or
// failed run never leaves an older report looking current.
[[nodiscard]] Status move_previous_outputs(const std::string& out_dir);
// Creates `out_dir` when missing, then move_previous_outputs.
[[nodiscard]] Status prepare_out_dir(const std::string& out_dir);

// Writes report.json, report.json.sig (or removes a stale one when
// `sign_key` is null), report.html and junit.xml into `out_dir`; returns
// report.json's path. Shared by a rack run and `attest report merge`.
[[nodiscard]] Result<std::string> write_report_files(const nlohmann::ordered_json& json, const std::string& report_text,
                                                     const std::string& out_dir, EVP_PKEY* sign_key);

// Writes the outputs (the files above, then the ledger entry); returns report.json's path. `report_text` is `json`
// as written and signed, byte for byte.
[[nodiscard]] Result<std::string> write_run_outputs(const RunReport& report, const nlohmann::ordered_json& json,
                                                    const std::string& report_text, const OutputPlan& plan);

}  // namespace attest::cli
