#include "attest/cli/report_merge.hpp"

#include <filesystem>
#include <iostream>

#include "attest/cli/options.hpp"
#include "attest/cli/report_signature.hpp"
#include "attest/cli/run_outputs.hpp"
#include "attest/engine/report.hpp"
#include "attest/engine/report_merge.hpp"
#include "attest/sign/ed25519.hpp"

namespace attest::cli {
namespace {

struct MergeArgs {
  std::vector<std::string> reports, pubkeys;
  std::string out_dir, sign_key, operator_name;
};

// A shard counts only once its signature verifies under one of the given
// keys (each report's signature is <report>.sig, as a rack run writes it).
Result<ShardReportInput> verified_shard(const std::string& path, const std::vector<std::string>& pubkeys) {
  std::string first_reason;
  for (const auto& key : pubkeys) {
    auto check = check_report_signature(path, path + ".sig", key);
    if (!check) return check.error();
    if (check->valid) return ShardReportInput{path, std::move(check->text), check->sha256, check->key_id};
    if (first_reason.empty()) first_reason = check->reason;
  }
  return make_error(ErrorKind::crypto, first_reason + "; refusing a shard report that does not verify");
}

Result<std::vector<ShardReportInput>> verified_shards(const MergeArgs& a) {
  std::vector<ShardReportInput> out;
  for (const auto& path : a.reports) {
    auto shard = verified_shard(path, a.pubkeys);
    if (!shard) return shard.error();
    out.push_back(std::move(shard).value());
  }
  return out;
}

// Everything that can refuse the merge does so before the output directory is touched.
Result<nlohmann::ordered_json> merged_report(const MergeArgs& a, EvpPkeyPtr& key) {
  if (!a.sign_key.empty()) {
    auto loaded = sign::load_private_key(a.sign_key);
    if (!loaded) return loaded.error();
    key = std::move(loaded).value();
  }
  auto shards = verified_shards(a);
  if (!shards) return shards.error();
  const MergeProvenance who{operator_name(a.operator_name), host_name(), key ? sign::key_id(key.get()) : ""};
  return merge_shard_reports(std::move(shards).value(), who);
}

void print_summary(const nlohmann::ordered_json& report, const std::string& path, bool is_signed) {
  const auto& s = report["summary"];
  std::cout << "merged " << report["shards"]["reports"].size() << " shards: " << s["devices"] << " devices in "
            << report["racks"].size() << " racks: " << s["pass"] << " pass, " << s["fail"] << " fail, " << s["error"]
            << " error\n";
  std::cerr << "report: " << path << (is_signed ? " (signed: report.json.sig)" : " (not signed: no --sign-key)")
            << "\n";
}

}  // namespace

ExitCode report_merge(const Args& args) {
  MergeArgs a;
  po::options_description desc("attest report merge options");
  desc.add_options()
      ("report", po::value(&a.reports)->multitoken()->required(), "shard report.json files (each with its .sig beside it)")
      ("pubkey", po::value(&a.pubkeys)->required(), "a shard signer's Ed25519 public key (PEM); repeatable")
      ("out", po::value(&a.out_dir)->required(), "output directory: report.json (+ .sig), report.html, junit.xml")
      ("sign-key", po::value(&a.sign_key), "Ed25519 private key (0600) signing the site report")
      ("operator", po::value(&a.operator_name), "who merges (default: the login user)");
  po::positional_options_description pos;
  pos.add("report", -1);
  auto parsed = parse_options(
      args, "attest report merge SHARD/report.json... --pubkey K --out DIR [--sign-key KEY] [--operator NAME]", desc,
      &pos);
  if (parsed.done) return *parsed.done;

  EvpPkeyPtr key;
  auto report = merged_report(a, key);
  if (!report) return report_error(report.error());
  if (auto st = prepare_out_dir(a.out_dir); !st) return report_error(st.error());
  auto path = write_report_files(*report, report_text(*report), a.out_dir, key.get());
  if (!path) return report_error(path.error());
  print_summary(*report, *path, key != nullptr);
  const auto& s = (*report)["summary"];
  const bool all_pass = s["devices"].get<std::size_t>() > 0 && s["pass"] == s["devices"];
  return all_pass ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace attest::cli
