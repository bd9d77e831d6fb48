#include "attest/engine/promotion.hpp"

#include <algorithm>

#include "attest/engine/report.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

using json = nlohmann::json;

std::string string_at(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

std::string hours(std::int64_t seconds) {
  return seconds % 3600 == 0 ? std::to_string(seconds / 3600) + "h" : std::to_string(seconds) + "s";
}

void check_freshness(const json& report, const PromotionQuery& q, std::vector<std::string>& reasons) {
  const std::string finished = string_at(report, "finished");
  const auto when = parse_rfc3339_utc(finished);
  if (!when) {
    reasons.push_back("report has no valid finish time ('" + finished + "')");
    return;
  }
  if (*when - q.now > kMaxClockSkewSeconds) {
    reasons.push_back("report finished " + finished + ", in the future: check this machine's clock");
  } else if (q.now - *when > q.max_age) {
    reasons.push_back("report finished " + finished + ", " + hours(q.now - *when) + " ago: older than --max-age " +
                      hours(q.max_age) + "; run the gate again");
  }
}

void check_inputs(const json& report, const PromotionQuery& q, std::vector<std::string>& reasons) {
  if (string_at(report, "schema") != kReportSchema) {
    reasons.push_back(std::string("not an ") + kReportSchema + " report");
    return;
  }
  if (report.contains("vantage")) {
    reasons.push_back("a vantage report (attest exposure) proves reachability only: --report takes the rack run's "
                      "report, vantage reports go to --vantage-report");
  }
  if (!q.site.empty() && string_at(report, "site") != q.site) {
    reasons.push_back("report is for site '" + string_at(report, "site") + "', not '" + q.site + "'");
  }
  // An interrupted run judged only some devices, and may have cut others short.
  if (report.contains("partial") && report["partial"] != false) {
    reasons.push_back("partial report: the run was interrupted before every device finished; run the gate again");
  }
  const json db = report.value("golden_db", json::object());
  if (!db.is_object() || db.value("signed", false) != true) {
    reasons.push_back("the run's golden DB was not signature-checked (--allow-unsigned-db): not evidence");
  } else if (!q.trusted_db_key_ids.empty()) {
    const std::string key = string_at(db, "key_id");
    if (std::find(q.trusted_db_key_ids.begin(), q.trusted_db_key_ids.end(), key) == q.trusted_db_key_ids.end()) {
      reasons.push_back("the golden DB was signed by key " + key.substr(0, 16) + "..., not by a key given with --db-pubkey");
    }
  }
}

const json* find_device(const json& report, const std::string& name, std::vector<std::string>& reasons) {
  const json* found = nullptr;
  if (!report.contains("devices") || !report["devices"].is_array()) return nullptr;
  for (const auto& d : report["devices"]) {
    if (string_at(d, "name") != name) continue;
    if (found) {
      reasons.push_back("device '" + name + "' appears more than once in the report");
      return nullptr;
    }
    found = &d;
  }
  if (!found) reasons.push_back("device '" + name + "' is not in this report");
  return found;
}

// A waived finding stands only on a waiver the report records as signed and
// in force, and that has not expired since the run.
void check_waived(const json& report, const json& finding, const PromotionQuery& q, PromotionDecision& d) {
  const std::string id = string_at(finding, "waiver");
  const json block = report.value("waivers", json());
  const json* waiver = nullptr;
  if (block.is_object() && block.value("signed", false) == true && block.contains("entries") &&
      block["entries"].is_array()) {
    for (const auto& e : block["entries"])
      if (string_at(e, "id") == id && !id.empty()) waiver = &e;
  }
  const std::string what = string_at(finding, "check") + " waived";
  if (!waiver || waiver->value("in_force", false) != true) {
    d.reasons.push_back(what + " by '" + id + "', which the report does not record as a signed waiver in force");
    return;
  }
  const auto expires = parse_rfc3339_utc(string_at(*waiver, "expires"));
  if (!expires || *expires <= q.now) {
    d.reasons.push_back(what + " by " + id + ", which expired at " + string_at(*waiver, "expires") + ": run the gate again");
    return;
  }
  d.waivers.push_back(id + ": " + string_at(finding, "check") + " (" + string_at(finding, "detail") + "), approved by " +
                      string_at(*waiver, "approver") + ", " + string_at(*waiver, "ticket") + ", expires " +
                      string_at(*waiver, "expires"));
}

// The device passed only if its verdict says so and every finding backs it.
void check_device(const json& report, const json& device, const PromotionQuery& q, PromotionDecision& d) {
  std::vector<std::string>& reasons = d.reasons;
  const std::string verdict = string_at(device, "verdict");
  if (verdict != "pass") reasons.push_back("verdict is '" + verdict + "'");
  const json findings = device.value("findings", json::array());
  if (!findings.is_array() || findings.empty()) {
    reasons.push_back("no findings: a device is never promoted without evidence");
    return;
  }
  for (const auto& f : findings) {
    const std::string status = string_at(f, "status");
    if (status == "pass" || status == "skip") continue;
    if (status == "waived") {
      check_waived(report, f, q, d);
      continue;
    }
    reasons.push_back(string_at(f, "check") + " " + status + ": " + string_at(f, "detail"));
  }
}

// The device's management-acl finding in a vantage report: pass, or why not.
void check_vantage_device(const json& device, std::vector<std::string>& reasons) {
  const json findings = device.value("findings", json::array());
  const json* acl = nullptr;
  if (findings.is_array()) {
    for (const auto& f : findings)
      if (string_at(f, "check") == "management-acl") acl = &f;
  }
  if (!acl) {
    reasons.push_back("no management-acl finding for the device");
  } else if (string_at(*acl, "status") != "pass") {
    reasons.push_back("management-acl " + string_at(*acl, "status") + ": " + string_at(*acl, "detail"));
  }
}

}  // namespace

std::vector<std::string> vantage_reasons(const json& report, const std::string& site, const PromotionQuery& q,
                                         const std::string& label) {
  std::vector<std::string> reasons;
  if (!report.is_object() || string_at(report, "schema") != kReportSchema) {
    reasons.push_back(std::string("not an ") + kReportSchema + " report");
  } else if (!report.contains("vantage") || !report["vantage"].is_object() ||
             string_at(report["vantage"], "name").empty()) {
    reasons.push_back("not a vantage report (no vantage record): run `attest exposure` from the vantage");
  } else {
    if (string_at(report, "site") != site) {
      reasons.push_back("for site '" + string_at(report, "site") + "', not the rack report's '" + site + "'");
    }
    if (report.contains("partial") && report["partial"] != false) {
      reasons.push_back("partial report: the exposure run was interrupted; run it again");
    }
    check_freshness(report, q, reasons);
    if (const json* device = find_device(report, q.device, reasons)) check_vantage_device(*device, reasons);
  }
  for (auto& r : reasons) r = label + ": " + r;
  return reasons;
}

PromotionDecision decide_promotion(const json& report, const PromotionQuery& q) {
  PromotionDecision d;
  if (!report.is_object()) {
    d.reasons.push_back("report is not a JSON object");
    return d;
  }
  check_inputs(report, q, d.reasons);
  check_freshness(report, q, d.reasons);
  if (const json* device = find_device(report, q.device, d.reasons)) check_device(report, *device, q, d);
  d.promote = d.reasons.empty();
  return d;
}

}  // namespace attest
