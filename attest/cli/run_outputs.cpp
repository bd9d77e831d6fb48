#include "attest/cli/run_outputs.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <future>
#include <utility>

#include "attest/export/export.hpp"
#include "attest/ledger/ledger.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace fs = std::filesystem;
namespace {

std::string in_dir(const std::string& dir, const char* name) { return (fs::path(dir) / name).string(); }

// The signature goes after the report it covers. Until it is written, an old
// signature (or none) sits beside the new report and does not verify it: an
// interrupted run never leaves a report that verifies but is incomplete.
Status write_signature(const std::string& sig_path, const std::string& report_text, EVP_PKEY* key) {
  if (!key) {
    std::error_code ec;
    fs::remove(sig_path, ec);  // a stale signature next to an unsigned report only confuses
    return ok_status();
  }
  auto sig = sign::sign(key, report_text);
  if (!sig) return sig.error();
  return write_file_atomic(sig_path, std::string(sig->begin(), sig->end()));
}

struct OutputName {
  const char* current;
  const char* previous;
};
constexpr OutputName kOutputs[] = {{"report.json", "report.previous.json"},
                                   {"report.json.sig", "report.previous.json.sig"},
                                   {"report.html", "report.previous.html"},
                                   {"junit.xml", "junit.previous.xml"}};

Status io_error(const std::string& path, const char* what, const std::error_code& ec) {
  return make_error(ErrorKind::io, path + ": " + what + ": " + ec.message());
}

}  // namespace

Status prepare_out_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return make_error(ErrorKind::io, dir + ": cannot create output directory: " + ec.message());
  return move_previous_outputs(dir);
}

Status move_previous_outputs(const std::string& out_dir) {
  std::error_code ec;
  bool any = false;
  for (const auto& o : kOutputs) any = any || fs::exists(in_dir(out_dir, o.current), ec);
  if (!any) return ok_status();
  // All previous files go first: a set of previous files is always one run's.
  for (const auto& o : kOutputs) {
    const std::string previous = in_dir(out_dir, o.previous);
    if (fs::remove(previous, ec); ec) return io_error(previous, "cannot remove", ec);
  }
  for (const auto& o : kOutputs) {
    const std::string current = in_dir(out_dir, o.current);
    if (!fs::exists(current, ec)) continue;
    if (fs::rename(current, in_dir(out_dir, o.previous), ec); ec) return io_error(current, "cannot move aside", ec);
  }
  return ok_status();
}

std::string operator_name(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* sudo_user = std::getenv("SUDO_USER"); sudo_user && *sudo_user) return sudo_user;
  if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_name) return pw->pw_name;
  return "uid " + std::to_string(::getuid());
}

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

Result<std::string> write_report_files(const nlohmann::ordered_json& json, const std::string& report_text,
                                       const std::string& out_dir, EVP_PKEY* sign_key) {
  // The HTML and JUnit views only read the tree: they are rendered on a
  // second core while report.json and its signature are written and synced.
  // (The future's destructor waits for it on every return path.)
  auto views = std::async(std::launch::async,
                          [&json] { return std::make_pair(render_report_html(json), render_junit_xml(json)); });
  const std::string report_path = in_dir(out_dir, "report.json");
  if (auto st = write_file_atomic(report_path, report_text); !st) return st.error();
  if (auto st = write_signature(in_dir(out_dir, "report.json.sig"), report_text, sign_key); !st) return st.error();
  const auto [html, junit] = views.get();
  if (auto st = write_file_atomic(in_dir(out_dir, "report.html"), html); !st) return st.error();
  if (auto st = write_file_atomic(in_dir(out_dir, "junit.xml"), junit); !st) return st.error();
  return report_path;
}

Result<std::string> write_run_outputs(const RunReport& report, const nlohmann::ordered_json& json,
                                      const std::string& report_text, const OutputPlan& plan) {
  auto written = write_report_files(json, report_text, plan.out_dir, plan.sign_key);
  if (!written) return written.error();
  const std::string& report_path = *written;
  if (!plan.ledger.empty()) {
    ledger::LedgerEntryInput entry{report.finished, report.site, sha256_hex(report_text), report_path,
                                   report.provenance.db.manifest_sha256, json["summary"],
                                   report.provenance.ledger_head};
    if (auto st = ledger::append_ledger_entry(plan.ledger, entry); !st) return st.error();
  }
  return report_path;
}

Result<LedgerHead> check_ledger_appendable(const std::string& ledger) {
  std::error_code ec;
  // A new ledger's first entry will carry the genesis prev: record that.
  if (!fs::exists(ledger, ec)) return LedgerHead{std::string(ledger::kGenesisPrev), 0};
  auto state = ledger::check_ledger_file(ledger);
  if (!state) return state.error();
  if (state->problem) {
    return make_error(ErrorKind::input, ledger + ": " + state->problem->reason +
                                            "; refusing to extend a ledger that does not verify");
  }
  return LedgerHead{state->head_sha256, state->entries};
}

Result<OutputKeys> load_output_keys(const std::string& sign_key, const std::string& ledger) {
  OutputKeys out;
  if (!sign_key.empty()) {
    auto key = sign::load_private_key(sign_key);
    if (!key) return key.error();
    out.sign_key = std::move(key).value();
  }
  if (!ledger.empty()) {
    auto head = check_ledger_appendable(ledger);
    if (!head) return head.error();
    out.ledger = std::move(head).value();
  }
  return out;
}

}  // namespace attest::cli
