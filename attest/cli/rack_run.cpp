#include "attest/cli/rack_run.hpp"

#include <unistd.h>

#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/interrupt.hpp"
#include "attest/cli/progress_output.hpp"
#include "attest/cli/run_waivers.hpp"
#include "attest/util/clock.hpp"
#include "attest/cli/report_signature.hpp"
#include "attest/cli/run_outputs.hpp"
#include "attest/cli/state_dir.hpp"
#include "attest/config/golden_loader.hpp"
#include "attest/config/inventory_loader.hpp"
#include "attest/config/secrets_loader.hpp"
#include "attest/engine/enroll.hpp"
#include "attest/engine/report.hpp"
#include "attest/engine/rerun.hpp"
#include "attest/sign/db_manifest.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/tpm/enroll/enrollments.hpp"
#include "attest/util/digest.hpp"
#include "attest/util/files.hpp"
#include "attest/util/text.hpp"

namespace attest::cli {
namespace {

struct LoadedInputs {
  Inventory inventory;
  std::string inventory_sha256;
  sign::DbTrust db_trust;
  sign::DbFiles db_files;  // the bytes verified: policies and EK roots come from here
  GoldenDb db;
  Secrets secrets;
  std::optional<tpm::Enrollments> enrollments;
  std::string enrollments_sha256;  // of the bytes parsed (or written by --enroll)
  EvpPkeyPtr sign_key;
  LedgerHead ledger;
  std::optional<RunWaivers> waivers;  // --waivers
};

}  // namespace

Result<sign::VerifiedDb> read_trusted_db(const std::string& dir, const std::vector<std::string>& pubkeys,
                                         bool allow_unsigned) {
  if (!allow_unsigned) return sign::verify_db(dir, pubkeys);
  if (!pubkeys.empty()) return make_error(ErrorKind::usage, "--allow-unsigned-db and --db-pubkey together: choose one");
  return sign::read_unsigned_db(dir);
}

namespace {

// Everything that can refuse the run does so before any device is touched,
// and before any output is written: signing key, ledger, DB, inventory.
Status check_outputs(const RackRunInputs& in, LoadedInputs& out) {
  auto keys = load_output_keys(in.sign_key, in.ledger);
  if (!keys) return keys.error();
  out.sign_key = std::move(keys->sign_key);
  out.ledger = std::move(keys->ledger);
  return ok_status();
}

Result<LoadedInputs> load_inputs(const RackRunInputs& in) {
  LoadedInputs out;
  if (auto st = check_outputs(in, out); !st) return st.error();
  // The DB is read once and verified before it is parsed: a run never reads
  // an unsigned rule, nor a file swapped after verification.
  auto verified = read_trusted_db(in.db_dir, in.db_pubkeys, in.allow_unsigned_db);
  if (!verified) return verified.error();
  out.db_trust = std::move(verified->trust);
  out.db_files = std::move(verified->files);
  // Each input is read once: the digest in the report is of the bytes parsed.
  auto raw = read_file(in.inventory, kMaxInventoryBytes);
  if (!raw) return raw.error();
  out.inventory_sha256 = sha256_hex(*raw);
  auto inv = parse_inventory(*raw, in.inventory, /*require_pins=*/true);
  if (!inv) return inv.error();
  out.inventory = std::move(inv).value();
  auto db = load_golden_db(out.db_files, in.db_dir);
  if (!db) return db.error();
  out.db = std::move(db).value();
  auto secrets = load_secrets(in.secrets);
  if (!secrets) return secrets.error();
  out.secrets = std::move(secrets).value();
  if (auto st = check_credentials_exist(out.inventory, out.secrets); !st) return st.error();
  if (!in.enrollments.empty() && (!in.enroll_new || std::filesystem::exists(in.enrollments))) {
    auto text = read_file(in.enrollments, tpm::kMaxEnrollmentsBytes);
    if (!text) return text.error();
    auto e = tpm::parse_enrollments(*text, in.enrollments);
    if (!e) return e.error();
    out.enrollments = std::move(e).value();
    out.enrollments_sha256 = sha256_hex(*text);
  }
  if (!in.waivers.empty()) {
    auto waivers = load_run_waivers(in.waivers, in.waivers_pubkey, out.inventory, unix_now_seconds());
    if (!waivers) return waivers.error();
    out.waivers = std::move(waivers).value();
  }
  return out;
}

// Racks that hold at least one of `devices`, in inventory order: the
// elevations of a subset run draw only those.
std::vector<Rack> racks_of(const Inventory& inv, const std::vector<Device>& devices) {
  std::vector<Rack> out;
  for (const auto& r : inv.racks) {
    if (std::any_of(devices.begin(), devices.end(), [&](const Device& d) { return d.rack == r.name; })) out.push_back(r);
  }
  return out;
}

// --failed-from: the earlier report counts only once its signature verifies
// (REPORT.sig, as a rack run writes it) under --pubkey or this run's own key.
Result<std::vector<std::string>> failed_from(const RackRunInputs& in, const LoadedInputs& loaded,
                                             SelectionRecord& record) {
  Result<ReportSignatureCheck> check = make_error(ErrorKind::usage, "");
  if (!in.failed_from_pubkey.empty()) {
    check = check_report_signature(in.failed_from, in.failed_from + ".sig", in.failed_from_pubkey);
  } else if (loaded.sign_key) {
    check = check_report_signature(in.failed_from, in.failed_from + ".sig", loaded.sign_key.get());
  } else {
    return make_error(ErrorKind::usage, "--failed-from needs --pubkey (the earlier report's signer) or --sign-key");
  }
  if (!check) return check.error();
  if (!check->valid) return make_error(ErrorKind::crypto, check->reason + "; refusing --failed-from");
  record.report_path = in.failed_from;
  record.report_sha256 = check->sha256;
  record.report_key_id = check->key_id;
  return blocked_in_report(check->text, in.failed_from, loaded.inventory);
}

// The devices and racks this run covers: all, one --rack, one --shard, the
// --device names or the devices --failed-from blocked (one of these; the
// command line refuses two).
Result<ShardSelection> select_devices(const RackRunInputs& in, const LoadedInputs& loaded, SelectionRecord& record) {
  const Inventory& inv = loaded.inventory;
  if (in.shard) {
    record.by = "shard";
    return select_shard(inv, *in.shard);
  }
  if (!in.devices.empty() || !in.failed_from.empty()) {
    record.by = in.devices.empty() ? "failed-from" : "device";
    auto names = in.devices.empty() ? failed_from(in, loaded, record) : Result<std::vector<std::string>>(in.devices);
    if (!names) return names.error();
    record.devices = *names;
    auto devices = select_named(inv, *names);
    if (!devices) return devices.error();
    ShardSelection out;
    out.racks = racks_of(inv, *devices);
    out.devices = std::move(devices).value();
    return out;
  }
  ShardSelection out;
  record.by = in.rack.empty() ? "all" : "rack";
  record.rack = in.rack;
  for (const auto& r : inv.racks)
    if (in.rack.empty() || r.name == in.rack) out.racks.push_back(r);
  for (const auto& d : inv.devices)
    if (in.rack.empty() || d.rack == in.rack) out.devices.push_back(d);
  if (out.devices.empty() && !in.rack.empty()) {
    return make_error(ErrorKind::usage, inv.path + ": no rack named '" + in.rack + "'");
  }
  return out;
}

// A run's id in the attempt journal (and its report): random, not a secret.
std::string new_run_id() {
  Bytes id(8);
  if (RAND_bytes(id.data(), static_cast<int>(id.size())) != 1) return utc_now_rfc3339();
  return to_hex(id);
}

// Before planning: the journal pruned of what no device remembers, and per
// device the failures still inside its profile's lockout window.
std::map<std::string, int> earlier_failures(StateDir& state, const std::vector<Device>& devices, const GoldenDb& db,
                                            std::int64_t now) {
  prune_attempt_journal(state.journal(), now, longest_lockout_window(db));
  std::map<std::string, int> out;
  for (const auto& d : devices) {
    const auto policy = db.credentials.find(d.profile);
    const int window = lockout_window_seconds(policy == db.credentials.end() ? nullptr : &policy->second);
    if (const int n = failures_within(state.journal(), d, now, window); n > 0) out[d.name] = n;
  }
  return out;
}

// After the run, interrupted or not: every request sent and not accepted.
Status record_failures(StateDir& state, const AttemptRecorder& recorder, RunProvenance& p) {
  const auto failures = recorder.failures();
  auto& entries = state.journal().entries;
  entries.insert(entries.end(), failures.begin(), failures.end());
  p.journal_failures_recorded = failures.size();
  return state.save();
}

// `attest rack --enroll`: devices delivered since the last run get their TPM
// enrolled first; a device that cannot be enrolled stays unenrolled and so
// fails tpm-enrollment in the run that follows.
Status enroll_new_devices(const RackRunInputs& in, const std::vector<Device>& devices, LoadedInputs& loaded) {
  if (in.enrollments.empty()) return make_error(ErrorKind::usage, "--enroll needs --enrollments FILE");
  if (!loaded.enrollments) loaded.enrollments = tpm::Enrollments{loaded.inventory.site, {}};
  std::vector<Device> fresh;
  for (const auto& d : devices)
    if (d.tpm && !loaded.enrollments->devices.count(d.name)) fresh.push_back(d);
  if (fresh.empty()) return ok_status();
  EnrollOptions options;
  options.max_sessions = static_cast<std::size_t>(in.max_sessions);
  options.handshake_rate = in.handshake_rate;
  options.trust.root_pems = trusted_ek_roots(loaded.db_files, in.db_dir);
  options.trust.root_pem_files = in.tpm_roots;
  options.trust.intermediate_pem_files = in.tpm_intermediates;
  for (auto& o : enroll_devices(fresh, loaded.secrets, options)) {
    if (!o.record) {
      std::cerr << o.device.name << ": not enrolled: " << terminal_text(o.error) << "\n";
      continue;
    }
    std::cerr << o.device.name << ": enrolled\n";
    tpm::record_enrollment(*loaded.enrollments, o.device.name, std::move(*o.record));
  }
  const std::string text = tpm::enrollments_to_json(*loaded.enrollments);
  loaded.enrollments_sha256 = sha256_hex(text);
  return write_file_atomic(in.enrollments, text);
}

// A failure once devices were contacted: exit 3, never 2 ("nothing contacted").
ExitCode failed_after_contact(const Error& e) {
  std::cerr << "attest: " << e.message << "\n";
  return ExitCode::internal;
}

ExitCode interrupted_exit(int signal_number) {
  std::cerr << "attest: interrupted by " << (signal_number == SIGTERM ? "SIGTERM" : "SIGINT")
            << ": partial report, unfinished devices marked interrupted\n";
  return signal_number == SIGTERM ? ExitCode::interrupted_sigterm : ExitCode::interrupted_sigint;
}

RunProvenance provenance_of(const RackRunInputs& in, const LoadedInputs& loaded) {
  RunProvenance p;
  p.git_commit = git_commit();
  p.operator_name = operator_name(in.operator_name);
  p.host = host_name();
  p.db = loaded.db_trust;
  if (!p.db.is_signed) {
    p.warnings.push_back("golden DB not signature-checked (--allow-unsigned-db): development only; `attest gate` refuses this report");
  }
  if (loaded.enrollments) {
    p.enrollments_path = in.enrollments;
    p.enrollments_sha256 = loaded.enrollments_sha256;
  }
  if (loaded.sign_key) p.report_key_id = sign::key_id(loaded.sign_key.get());
  if (!in.ledger.empty()) {
    p.ledger_path = in.ledger;
    p.ledger_head = loaded.ledger.head_sha256;
    p.ledger_entries = loaded.ledger.entries;
  }
  if (loaded.waivers) p.warnings.insert(p.warnings.end(), loaded.waivers->warnings.begin(), loaded.waivers->warnings.end());
  return p;
}

// Long reasons wrap to the terminal; into a file or a pipe, to a width that
// reads well in a CI log.
std::size_t table_width(int fd) {
  return ::isatty(fd) == 1 ? screen_size(fd).columns : kDefaultTableWidth;
}

// Writes the outputs, then prints the table whatever happened: after a run,
// the engineer sees every verdict even when the report could not be written.
ExitCode finish_run(const RackRunInputs& in, const RunReport& report, EVP_PKEY* sign_key) {
  const auto json = report_to_json(report);
  const std::string text = report_text(json);
  auto path = write_run_outputs(report, json, text, OutputPlan{in.out_dir, sign_key, in.ledger});
  (in.json ? std::cerr : std::cout) << render_table(report, table_width(in.json ? STDERR_FILENO : STDOUT_FILENO));
  if (!path) return failed_after_contact(path.error());
  if (in.json) std::cout << text;
  for (const auto& w : report.provenance.warnings) std::cerr << "warning: " << w << "\n";
  std::cerr << "report: " << *path << (sign_key ? " (signed: report.json.sig)" : " (not signed: no --sign-key)")
            << (report.partial ? " (partial)" : "") << "\n";
  return all_passed(report.devices) ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace

RackRunOutcome run_rack(const RackRunInputs& in) {
  RackRunOutcome outcome;
  auto fail = [&](const Error& e) { outcome.exit = report_error(e); return outcome; };
  auto loaded = load_inputs(in);
  if (!loaded) return fail(loaded.error());
  SelectionRecord selection;
  auto selected = select_devices(in, *loaded, selection);
  if (!selected) return fail(selected.error());
  auto state = StateDir::open(in.state_dir.empty() ? default_state_dir(in.out_dir, in.ledger) : in.state_dir);
  if (!state) return fail(state.error());
  if (auto st = prepare_out_dir(in.out_dir); !st) return fail(st.error());
  // From here on devices are contacted: a failure exits 3, not 2.
  const InterruptScope interrupts;
  if (in.enroll_new) {
    if (auto st = enroll_new_devices(in, selected->devices, *loaded); !st) {
      outcome.exit = failed_after_contact(st.error());
      return outcome;
    }
  }

  RunReport& report = outcome.report;
  report.tool_version = tool_version();
  report.provenance = provenance_of(in, *loaded);
  RunProvenance& p = report.provenance;
  p.journal_path = (*state)->journal_path();
  p.journal_run = new_run_id();
  p.journal_earlier_failures = earlier_failures(**state, selected->devices, loaded->db, unix_now_seconds());
  AttemptRecorder recorder(p.journal_run, unix_now_seconds);
  report.site = loaded->inventory.site;
  report.inventory_path = in.inventory;
  report.inventory_sha256 = loaded->inventory_sha256;
  report.db_dir = in.db_dir;
  report.controls = loaded->db.controls;
  report.racks = selected->racks;
  if (in.shard) report.shard = selected->record;
  if (loaded->waivers) report.waivers = loaded->waivers->record;
  report.selection = selection;
  report.started = utc_now_rfc3339();
  RunOptions options;
  options.max_sessions = static_cast<std::size_t>(in.max_sessions);
  options.threads = in.threads > 0 ? static_cast<std::size_t>(in.threads) : ssh::default_threads();
  options.handshake_rate = in.handshake_rate;
  if (loaded->enrollments) options.enrollments = &*loaded->enrollments;
  if (loaded->waivers) options.waivers = &loaded->waivers->active;
  options.db_dir = in.db_dir;
  options.cancel = InterruptScope::flag();
  options.earlier_failures = p.journal_earlier_failures;
  options.recorder = &recorder;
  ProgressOutput progress(choose_progress_mode(in.quiet, STDERR_FILENO), selected->devices, STDERR_FILENO);
  progress.attach(options);
  report.devices = run_devices(selected->devices, loaded->secrets, loaded->db, options);
  progress.close();  // the live view gives way to the table
  report.finished = utc_now_rfc3339();
  report.partial = any_interrupted(report.devices);
  // The journal first: what was sent must be on disk even if the report cannot be.
  const Status journal = record_failures(**state, recorder, p);
  outcome.exit = finish_run(in, report, loaded->sign_key.get());
  if (!journal) outcome.exit = failed_after_contact(journal.error());
  if (const int sig = InterruptScope::signal_number(); sig != 0 && outcome.exit != ExitCode::internal) {
    outcome.exit = interrupted_exit(sig);
  }
  return outcome;
}

}  // namespace attest::cli
