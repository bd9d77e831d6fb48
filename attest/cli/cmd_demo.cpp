// `attest demo`: starts attest-lab with the shipped demo rack, runs the gate
// against it and checks that exactly the planted devices were blocked.
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/demo_check.hpp"
#include "attest/cli/rack_run.hpp"
#include "attest/cli/lab_process.hpp"
#include "attest/cli/options.hpp"
#include "attest/config/inventory_loader.hpp"
#include "attest/config/secrets_loader.hpp"
#include "attest/engine/enroll.hpp"
#include "attest/sign/db_manifest.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/util/files.hpp"

namespace attest::cli {
namespace fs = std::filesystem;
namespace {

// The shipped data (golden DB, demo rack) sits at a fixed place relative to
// the binary: <prefix>/bin/attest and <prefix>/share/attest once installed,
// build/bin/attest and build/share/attest (links into the source tree) in a
// build. Nothing is found through a path compiled in, so an installed or
// relocated tree works once the build and source trees are gone.
// ATTEST_DATA_DIR overrides it.
Result<fs::path> data_dir() {
  if (const char* env = std::getenv("ATTEST_DATA_DIR"); env != nullptr && *env != '\0') return fs::path(env);
  const fs::path dir = (fs::path(executable_dir()) / ATTEST_DATA_RELATIVE).lexically_normal();
  std::error_code ec;
  if (!fs::is_directory(dir / "inventory" / "demo", ec) || !fs::is_directory(dir / "firmware-db", ec)) {
    return make_error(ErrorKind::input, dir.string() + ": no demo data (inventory/demo, firmware-db) beside this attest " +
                                            "binary; set ATTEST_DATA_DIR to the directory holding them");
  }
  return dir;
}

// The shipped demo secrets are checked in (git keeps no 0600 mode): copy
// them into the run directory with the mode the loader insists on.
Result<std::string> private_copy_of_secrets(const std::string& from, const std::string& run_dir) {
  auto text = read_file(from);
  if (!text) return text.error();
  const std::string to = run_dir + "/secrets.json";
  if (auto st = write_file_atomic(to, *text, 0600); !st) return st.error();
  return to;
}

nlohmann::json read_stats(const LabProcess& lab) {
  auto text = lab.stats();
  return text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
}

// Enrollment happens once, at delivery: the demo enrolls every TPM device of
// the rack (trusting the signed DB's EK roots and the lab's TPM manufacturer
// CA, as `attest enroll --db-pubkey K --tpm-root LAB_CA` would) before the gate runs.
Status enroll_demo_rack(const RackRunInputs& in, const LabProcess& lab) {
  auto db = read_trusted_db(in.db_dir, in.db_pubkeys, /*allow_unsigned=*/false);
  if (!db) return db.error();
  auto inv = load_inventory(in.inventory, true);
  if (!inv) return inv.error();
  auto secrets = load_secrets(in.secrets);
  if (!secrets) return secrets.error();
  EnrollOptions options;
  options.trust.root_pems = trusted_ek_roots(db->files, in.db_dir);
  options.trust.root_pem_files = {lab.state_dir() + "/tpm-ca/swtpm-localca-rootca-cert.pem"};
  options.trust.intermediate_pem_files = {lab.state_dir() + "/tpm-ca/issuercert.pem"};
  tpm::Enrollments enrollments{inv->site, {}};
  for (auto& o : enroll_devices(inv->devices, *secrets, options)) {
    if (!o.record) return make_error(ErrorKind::internal, "demo enrollment of " + o.device.name + " failed: " + o.error);
    tpm::record_enrollment(enrollments, o.device.name, std::move(*o.record));
  }
  std::cerr << "demo: enrolled " << enrollments.devices.size() << " TPM devices into " << in.enrollments << "\n";
  return write_file_atomic(in.enrollments, tpm::enrollments_to_json(enrollments));
}

// The demo's keys live in its out dir and are reused by later runs: one for
// the golden DB (in a real site, held by whoever reviews DB changes) and one
// for the reports (held by the gate).
Result<std::string> demo_key(const std::string& out_dir, const char* name) {
  const std::string path = (fs::path(out_dir) / name).string();
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    auto pub = sign::generate_key_files(path);
    if (!pub) return pub.error();
  }
  return path;
}

// The demo signs a private copy of the shipped DB: the source tree stays
// untouched, and the gate runs with signature checking on, as at a site.
Result<std::string> signed_demo_db(const fs::path& data, const std::string& out_dir, const std::string& db_key) {
  const fs::path copy = fs::path(out_dir) / "firmware-db";
  std::error_code ec;
  fs::remove_all(copy, ec);
  fs::copy(data / "firmware-db", copy, fs::copy_options::recursive, ec);
  if (ec) return make_error(ErrorKind::io, copy.string() + ": cannot copy the demo golden DB: " + ec.message());
  auto key = sign::load_private_key(db_key);
  if (!key) return key.error();
  auto manifest = sign::sign_db(copy.string(), key->get());
  if (!manifest) return manifest.error();
  std::cerr << "demo: signed the golden DB copy " << copy.string() << " (" << manifest->files.size() << " files)\n";
  return copy.string();
}

bool report_problems(const char* what, const std::vector<std::string>& problems) {
  for (const auto& p : problems) std::cerr << "demo: " << what << ": " << p << "\n";
  return problems.empty();
}

}  // namespace

ExitCode cmd_demo(const Args& args) {
  std::string out_dir = "attest-demo";
  bool quiet = false;
  po::options_description desc("attest demo options");
  desc.add_options()("out", po::value(&out_dir), "output directory (default attest-demo/)")
      ("quiet", po::bool_switch(&quiet), "no progress while the gate runs");
  auto parsed = parse_options(args, "attest demo [--out DIR] [--quiet]", desc);
  if (parsed.done) return *parsed.done;

  const auto data = data_dir();
  if (!data) return report_error(data.error());
  const fs::path demo = *data / "inventory" / "demo";
  const std::string run_dir = (fs::path(out_dir) / "lab").string();
  auto expected_text = read_file((demo / "expected.json").string());
  if (!expected_text) return report_error(expected_text.error());
  auto expected = parse_demo_expectations(*expected_text, (demo / "expected.json").string());
  if (!expected) return report_error(expected.error());

  LabProcess lab;
  const std::string lab_binary = executable_dir() + "/attest-lab";
  // Manufacturing the lab's TPMs takes a few seconds the first time.
  if (auto st = lab.start(lab_binary, (demo / "lab.json").string(), run_dir, Millis(60000)); !st) {
    return report_error(st.error());
  }
  auto secrets = private_copy_of_secrets((demo / "secrets.json").string(), run_dir);
  if (!secrets) return report_error(secrets.error());

  auto db_key = demo_key(out_dir, "db-signing.key");
  if (!db_key) return report_error(db_key.error());
  auto report_key = demo_key(out_dir, "signing.key");
  if (!report_key) return report_error(report_key.error());
  auto db_dir = signed_demo_db(*data, out_dir, *db_key);
  if (!db_dir) return report_error(db_dir.error());

  RackRunInputs in;
  in.inventory = (demo / "inventory.json").string();
  in.db_dir = *db_dir;
  in.db_pubkeys = {sign::public_key_path_for(*db_key)};
  in.sign_key = *report_key;
  in.ledger = (fs::path(out_dir) / "ledger.jsonl").string();
  in.secrets = *secrets;
  in.out_dir = out_dir;
  in.enrollments = (fs::path(out_dir) / "enrollments.json").string();
  in.quiet = quiet;
  // The lab is new each time: its devices remember no earlier demo's
  // failures, so neither does the demo's attempt journal.
  in.state_dir = (fs::path(run_dir) / "attest-state").string();
  std::error_code ec;
  fs::remove_all(in.state_dir, ec);
  if (auto st = enroll_demo_rack(in, lab); !st) return report_error(st.error());
  const auto before = read_stats(lab);
  const RackRunOutcome gate = run_rack(in);
  const Status stopped = lab.stop();
  if (gate.exit == ExitCode::bad_input || gate.exit == ExitCode::internal) return gate.exit;
  if (!stopped) return report_error(stopped.error());
  const auto stats = read_stats(lab);

  const bool as_planted = report_problems("unexpected result", demo_mismatches(*expected, gate.report.devices));
  const bool within_budget = report_problems("attempt budget", budget_violations(before, stats, gate.report.devices));
  if (as_planted && within_budget) {
    std::cout << "demo: the gate blocked exactly the " << expected->planted.size()
              << " planted devices and passed the other " << gate.report.devices.size() - expected->planted.size()
              << "; no device saw more auth attempts than its budget\n";
    return ExitCode::pass;
  }
  return ExitCode::blocked;
}

}  // namespace attest::cli
