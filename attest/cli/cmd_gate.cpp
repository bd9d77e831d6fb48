// `attest gate --report R --pubkey K --device NAME [--max-age 24h]
// [--vantage-report V ...]`: what a provisioning pipeline asks before flipping
// a device to production. Exit 0 only when the report's signature verifies,
// it is fresh, its golden DB was signed and trusted, the device passed every
// check, and every vantage report given (signed by the same key, fresh, same
// site) shows every management endpoint of the device unreachable.
#include <chrono>
#include <iostream>

#include <nlohmann/json.hpp>

#include "attest/cli/commands.hpp"
#include "attest/cli/options.hpp"
#include "attest/cli/report_signature.hpp"
#include "attest/engine/promotion.hpp"
#include "attest/sign/ed25519.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/text.hpp"
#include "attest/util/json_members.hpp"

namespace attest::cli {
namespace {

struct GateArgs {
  std::string report, sig, pubkey, max_age = "24h";
  std::vector<std::string> db_pubkeys;
  std::vector<std::string> vantage_reports;
  PromotionQuery query;
  bool json = false;
};

Status resolve(GateArgs& a) {
  if (a.sig.empty()) a.sig = a.report + ".sig";
  const auto max_age = parse_duration_seconds(a.max_age);
  if (!max_age || *max_age <= 0) {
    return make_error(ErrorKind::usage, "--max-age '" + a.max_age + "': expected a duration like 90s, 30m, 24h or 7d");
  }
  a.query.max_age = *max_age;
  a.query.now = unix_now_seconds();
  for (const auto& file : a.db_pubkeys) {
    auto key = sign::load_public_key(file);
    if (!key) return key.error();
    a.query.trusted_db_key_ids.push_back(sign::key_id(key->get()));
  }
  return ok_status();
}

// A signed report's JSON, or why it is not evidence.
Result<nlohmann::json> signed_json(const std::string& path, const ReportSignatureCheck& check) {
  if (!check.valid) return make_error(ErrorKind::crypto, check.reason);
  auto report = nlohmann::json::parse(check.text, nullptr, false);
  if (report.is_discarded()) return make_error(ErrorKind::parse, path + ": signed, but not valid JSON");
  // Two "verdict" members would mean whatever the parser keeps: refuse.
  if (auto unique = check_unique_members(check.text, path); !unique) return unique.error();
  return report;
}

struct VantageInput {
  std::string path;
  ReportSignatureCheck check;
};

// Every vantage report: its signature (same signer as the rack report), then
// what it shows for the device. One that does not verify is a reason, never a pass.
void add_vantage_reasons(const std::vector<VantageInput>& vantages, const GateArgs& a, const std::string& site,
                         PromotionDecision& d) {
  for (const auto& [path, check] : vantages) {
    auto report = signed_json(path, check);
    if (!report) {
      d.reasons.push_back("vantage report " + path + ": " + report.error().message);
      continue;
    }
    const std::string vantage = report->contains("vantage") && (*report)["vantage"].is_object()
                                    ? (*report)["vantage"].value("name", "?")
                                    : "?";
    auto reasons = vantage_reasons(*report, site, a.query, "vantage " + vantage + " (" + path + ")");
    if (reasons.empty()) d.vantages.push_back(vantage);
    for (auto& r : reasons) d.reasons.push_back(std::move(r));
  }
  d.promote = d.reasons.empty();
}

// The decision once the signature is known good.
PromotionDecision decide(const GateArgs& a, const ReportSignatureCheck& check, const std::vector<VantageInput>& vantages) {
  auto report = signed_json(a.report, check);
  if (!report) return PromotionDecision{false, {report.error().message}, {}, {}};
  PromotionDecision d = decide_promotion(*report, a.query);
  add_vantage_reasons(vantages, a, report->value("site", std::string()), d);
  return d;
}

void print(const GateArgs& a, const ReportSignatureCheck& check, const PromotionDecision& d) {
  if (a.json) {
    std::cout << nlohmann::json{{"device", a.query.device}, {"promote", d.promote}, {"reasons", d.reasons},
                                {"waivers", d.waivers}, {"unreachable_from", d.vantages},
                                {"report", {{"path", a.report}, {"sha256", check.sha256}, {"key_id", check.key_id}}}}
                     .dump(2)
              << "\n";
    return;
  }
  std::string unreachable;
  for (const auto& v : d.vantages) unreachable += (unreachable.empty() ? "" : ", ") + terminal_text(v);
  if (!unreachable.empty()) unreachable = "; unreachable from vantage " + unreachable;
  if (d.promote && d.waivers.empty()) {
    std::cout << a.query.device << ": PROMOTE: signed report " << check.sha256.substr(0, 16)
              << "... shows every check passed" << unreachable << "\n";
    return;
  }
  if (d.promote) {
    std::cout << a.query.device << ": PROMOTE: signed report " << check.sha256.substr(0, 16)
              << "... shows every check passed or waived" << unreachable << ", under these waivers:\n";
    for (const auto& w : d.waivers) std::cout << "  - " << terminal_text(w) << "\n";
    return;
  }
  std::cout << a.query.device << ": DO NOT PROMOTE\n";
  // Reasons quote finding details, which hold device text: never raw to a terminal.
  for (const auto& r : d.reasons) std::cout << "  - " << terminal_text(r) << "\n";
}

}  // namespace

ExitCode cmd_gate(const Args& args) {
  GateArgs a;
  po::options_description desc("attest gate options");
  desc.add_options()
      ("report", po::value(&a.report)->required(), "report.json from `attest rack --sign-key`")
      ("pubkey", po::value(&a.pubkey)->required(), "the report signer's Ed25519 public key (PEM)")
      ("device", po::value(&a.query.device)->required(), "the device to promote")
      ("sig", po::value(&a.sig), "signature file (default: <report>.sig)")
      ("max-age", po::value(&a.max_age), "oldest acceptable report (default 24h)")
      ("site", po::value(&a.query.site), "refuse a report for another site")
      ("db-pubkey", po::value(&a.db_pubkeys)->multitoken(), "require the golden DB to be signed by this key")
      ("vantage-report", po::value(&a.vantage_reports)->multitoken(),
       "a signed `attest exposure` report (repeatable): the device must be unreachable from that vantage too")
      ("json", po::bool_switch(&a.json), "print the decision as JSON");
  auto parsed = parse_options(
      args, "attest gate --report R --pubkey K --device NAME [--max-age 24h] [--vantage-report V ...] [--json]", desc);
  if (parsed.done) return *parsed.done;
  if (auto st = resolve(a); !st) return report_error(st.error());
  auto check = check_report_signature(a.report, a.sig, a.pubkey);
  if (!check) return report_error(check.error());
  // An unreadable vantage report is bad input (exit 2), like an unreadable --report.
  std::vector<VantageInput> vantages;
  for (const auto& path : a.vantage_reports) {
    auto v = check_report_signature(path, path + ".sig", a.pubkey);
    if (!v) return report_error(v.error());
    vantages.push_back({path, std::move(*v)});
  }
  const PromotionDecision decision = decide(a, *check, vantages);
  print(a, *check, decision);
  return decision.promote ? ExitCode::pass : ExitCode::blocked;
}

}  // namespace attest::cli
