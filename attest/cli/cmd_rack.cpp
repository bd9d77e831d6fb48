// `attest rack`: the gate over an inventory.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "attest/cli/commands.hpp"
#include "attest/cli/rack_run.hpp"
#include "attest/cli/options.hpp"
#include "attest/engine/shard.hpp"

namespace attest::cli {

namespace {

// --shard I/N: 0-based, whole racks; not with --rack (one or the other picks
// the devices) nor --enroll (N runs would each rewrite the enrollment file).
Status resolve_shard(const std::string& text, RackRunInputs& in) {
  auto spec = parse_shard_spec(text);
  if (!spec) return spec.error();
  if (!in.rack.empty()) return make_error(ErrorKind::usage, "--shard and --rack together: choose one");
  if (in.enroll_new) {
    return make_error(ErrorKind::usage, "--shard and --enroll together: shards would each rewrite the enrollment "
                                        "file; enroll first (`attest enroll`), then run the shards with --enrollments");
  }
  in.shard = *spec;
  return ok_status();
}

// --rack, --shard, --device and --failed-from each pick the devices; one at
// a time, so that what a run covered is never a guess at how they combine.
Status check_one_selector(const po::variables_map& vm) {
  std::vector<std::string> given;
  for (const char* name : {"shard", "rack", "device", "failed-from"})
    if (vm.count(name)) given.push_back("--" + std::string(name));
  if (given.size() > 1) return make_error(ErrorKind::usage, given[0] + " and " + given[1] + " together: choose one");
  if (vm.count("pubkey") && !vm.count("failed-from")) {
    return make_error(ErrorKind::usage, "--pubkey is the --failed-from report's signer: it needs --failed-from");
  }
  return ok_status();
}

}  // namespace

ExitCode cmd_rack(const Args& args) {
  RackRunInputs in;
  int jobs = 0;  // --jobs, when given
  std::string shard;
  po::options_description desc("attest rack options");
  desc.add_options()
      ("inventory", po::value(&in.inventory)->required(), "inventory JSON (pins required)")
      ("db", po::value(&in.db_dir)->required(), "golden database directory (signed: `attest db sign`)")
      ("db-pubkey", po::value(&in.db_pubkeys)->multitoken(), "trusted golden DB signing key (PEM); repeatable")
      ("allow-unsigned-db", po::bool_switch(&in.allow_unsigned_db), "development only: run with an unsigned DB (the report says so; `attest gate` refuses it)")
      ("secrets", po::value(&in.secrets)->required(), "secrets JSON, mode 0600 (never on the command line)")
      ("out", po::value(&in.out_dir)->required(), "output directory: report.json (+ .sig), report.html, junit.xml; an earlier run's move to *.previous.*")
      ("sign-key", po::value(&in.sign_key), "Ed25519 private key (0600) signing report.json -> report.json.sig")
      ("ledger", po::value(&in.ledger), "append this run to a hash-chained JSON Lines ledger")
      ("operator", po::value(&in.operator_name), "who runs the gate (default: the login user)")
      ("enrollments", po::value(&in.enrollments), "TPM enrollment file (from `attest enroll`)")
      ("waivers", po::value(&in.waivers), "signed waivers file (attest.waivers/v1, signature in FILE.sig): accepted findings become `waived`")
      ("waivers-pubkey", po::value(&in.waivers_pubkey), "the approvers' public key the waivers' signature must verify under")
      ("enroll", po::bool_switch(&in.enroll_new), "first enroll TPM devices not yet in --enrollments")
      ("tpm-root", po::value(&in.tpm_roots)->multitoken(), "extra trusted EK root CA (PEM)")
      ("tpm-intermediate", po::value(&in.tpm_intermediates)->multitoken(), "EK intermediate CA (PEM, untrusted)")
      ("rack", po::value(&in.rack), "only the devices of this rack")
      ("device", po::value(&in.devices)->multitoken(), "only this device; repeatable (not with --rack, --shard, --failed-from)")
      ("failed-from", po::value(&in.failed_from), "only the devices an earlier signed report blocked (fail or error); REPORT.sig must verify")
      ("state", po::value(&in.state_dir), "attempt journal directory (default: <ledger dir>/attest-state with --ledger, else <out>/../attest-state)")
      ("pubkey", po::value(&in.failed_from_pubkey), "the --failed-from report's signer (Ed25519 PEM; default: the public half of --sign-key)")
      ("shard", po::value(&shard), "only shard I of N, 0 <= I < N (0-based, as Kubernetes' JOB_COMPLETION_INDEX): whole racks, balanced by device count; join the shards with `attest report merge`")
      ("max-sessions", po::value(&in.max_sessions)->default_value(in.max_sessions),
       "devices in flight at once, across the event loops (at most what RLIMIT_NOFILE allows, raised to its hard limit)")
      ("jobs", po::value(&jobs), "older name of --max-sessions")
      ("threads", po::value(&in.threads), "event loops, one thread each (default: this process's CPUs, at most 4)")
      ("handshake-rate", po::value(&in.handshake_rate)->default_value(in.handshake_rate),
       "new connections per second across the run (0: no cap)")
      ("json", po::bool_switch(&in.json), "print report JSON on stdout (table goes to stderr)")
      ("quiet", po::bool_switch(&in.quiet), "no progress lines");
  auto parsed = parse_options(args, "attest rack --inventory F --db DIR --db-pubkey PUB --secrets F --out DIR [--sign-key KEY] [--ledger F] [--rack R | --shard I/N | --device NAME... | --failed-from REPORT [--pubkey PUB]] [--json]", desc);
  if (parsed.done) return *parsed.done;
  if (jobs != 0) in.max_sessions = jobs;
  if (in.max_sessions < 1 || in.max_sessions > 100000) {
    return report_error(make_error(ErrorKind::usage, "--max-sessions must be 1..100000"));
  }
  if (in.waivers.empty() != in.waivers_pubkey.empty()) {
    return report_error(make_error(ErrorKind::usage, "--waivers and --waivers-pubkey go together"));
  }
  if (parsed.vm.count("threads") && (in.threads < 1 || in.threads > 64)) {
    return report_error(make_error(ErrorKind::usage, "--threads must be 1..64"));
  }
  if (!(in.handshake_rate >= 0) || in.handshake_rate > 1e6) {
    return report_error(make_error(ErrorKind::usage, "--handshake-rate must be 0 (no cap) .. 1000000 per second"));
  }
  if (auto st = check_one_selector(parsed.vm); !st) return report_error(st.error());
  if (parsed.vm.count("shard")) {
    if (auto st = resolve_shard(shard, in); !st) return report_error(st.error());
  }
  const ExitCode exit = run_rack(in).exit;
  if (exit == ExitCode::interrupted_sigint || exit == ExitCode::interrupted_sigterm) {
    // Collections abandoned by the cancel are fibers never resumed, their
    // sessions still open: end now, without running static destructors.
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code(exit));
  }
  return exit;
}

}  // namespace attest::cli
