#include "attest/engine/report.hpp"

#include <algorithm>

#include "attest/engine/report_redfish.hpp"
#include "attest/engine/report_ssh.hpp"
#include "attest/exposure/exposure.hpp"
#include "attest/ssh/version.hpp"
#include "attest/tpm/quote/quote_json.hpp"

namespace attest {
namespace {

using json = nlohmann::ordered_json;

const char* to_string(AttemptOrigin o) {
  switch (o) {
    case AttemptOrigin::login: return "login";
    case AttemptOrigin::factory_default: return "factory-default";
    case AttemptOrigin::retired: return "retired";
    case AttemptOrigin::method_query: return "method-query";
  }
  return "unknown";
}

const char* to_string(AttemptOutcome o) {
  switch (o) {
    case AttemptOutcome::accepted: return "accepted";
    case AttemptOutcome::rejected: return "rejected";
    case AttemptOutcome::error: return "error";
    case AttemptOutcome::not_tried: return "not-tried";
  }
  return "unknown";
}

json error_json(const std::optional<Error>& e) {
  if (!e) return nullptr;
  return json{{"kind", to_string(e->kind)}, {"message", e->message}};
}

// Device output may be arbitrary bytes; JSON needs valid UTF-8. Keep printable
// ASCII and common whitespace, replace the rest (the digest covers the raw bytes).
std::string printable_copy(std::string_view raw, std::size_t cap) {
  std::string out;
  out.reserve(std::min(raw.size(), cap));
  for (std::size_t i = 0; i < raw.size() && i < cap; ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    out.push_back((c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t' ? static_cast<char>(c) : '?');
  }
  return out;
}

json command_json(const CommandRecord& c) {
  return json{{"command", c.command},
              {"sha256", c.sha256},
              {"size", c.size},
              {"output", printable_copy(c.output, kMaxStoredOutput)},
              {"output_truncated", c.output.size() > kMaxStoredOutput},
              {"started", c.started},
              {"finished", c.finished},
              {"error", error_json(c.error)}};
}

json attempt_json(const AuthAttempt& a) {
  return json{{"origin", to_string(a.origin)}, {"credential_id", a.credential_id},
              {"username", a.username},        {"method", a.method},
              {"outcome", to_string(a.outcome)}, {"detail", a.detail},
              {"connection", a.connection}};
}

// SHA-256 of what `command` printed, found by the exact string sent; null
// when it was not sent or failed.
json output_sha256(const DeviceEvidence& ev, const std::string& command) {
  if (command.empty()) return nullptr;
  for (const auto& c : ev.commands)
    if (c.command == command && !c.error) return c.sha256;
  return nullptr;
}

// The quote as verified (null when it did not verify): form, every field the
// verifier checked and the PCR values it proved.
json verified_quote_json(const std::optional<TpmQuoteEvidence>& q) {
  if (!q) return nullptr;
  json out{{"form", to_string(q->form)}};
  out.update(tpm::verified_quote_json(q->verified));
  return out;
}

// TPM evidence in its own fields: the nonce we sent, the digests of the quote
// and event log exactly as the device returned them (the commands list keeps
// capped copies of both), and the verified quote.
json tpm_json(const DeviceResult& r) {
  if (!r.device.tpm) return nullptr;
  return json{{"pcr_selection", r.device.tpm->pcr_selection},
              {"quote_with", to_string(r.device.tpm->quote_with)},
              {"nonce", r.tpm_nonce},
              {"quote_sha256", output_sha256(r.evidence, r.tpm_commands.quote)},
              {"event_log_sha256", output_sha256(r.evidence, r.tpm_commands.event_log)},
              {"quote", verified_quote_json(r.assessment.tpm_quote)}};
}

// The pin that matched, or every pin when none did.
std::string pinned_text(const std::vector<std::string>& pins, const DeviceEvidence& ev) {
  const bool matched = ev.host_key_matches_pin && !pin_named(pins, ev.host_key_fingerprint).empty();
  return matched ? ev.host_key_fingerprint : pins_text(pins);
}

json vantage_probes_json(const std::vector<VantageProbe>& probes) {
  json out = json::array();
  for (const auto& p : probes) {
    out.push_back({{"service", p.endpoint.service},
                   {"protocol", p.endpoint.protocol == VantageProtocol::udp ? "udp" : "tcp"},
                   {"port", p.endpoint.port},
                   {"reach", exposure::to_string(p.reach)},
                   {"detail", p.detail},
                   {"source_address", p.source_address},
                   {"elapsed_ms", p.elapsed_ms}});
  }
  return out;
}

json evidence_json(const DeviceResult& r) {
  const DeviceEvidence& ev = r.evidence;
  json commands = json::array(), attempts = json::array();
  for (const auto& c : ev.commands) commands.push_back(command_json(c));
  for (const auto& a : ev.attempts) attempts.push_back(attempt_json(a));
  json facts = nullptr;
  if (r.assessment.facts) {
    const auto& f = *r.assessment.facts;
    facts = json{{"vendor", f.vendor}, {"model", f.model}, {"serial", f.serial}, {"version", f.version}};
  }
  json out{{"started", ev.started},
              {"finished", ev.finished},
              {"connect_error", error_json(ev.connect_error)},
              {"host_key", {{"type", ev.host_key_type},
                            {"fingerprint", ev.host_key_fingerprint},
                            {"pinned", pinned_text(r.device.host_keys, ev)},
                            {"pins", r.device.host_keys},
                            {"matches_pin", ev.host_key_matches_pin}}},
              {"ssh", ssh_evidence_json(ev.ssh)},
              {"exposure", exposure_json(ev.exposure)},
              {"snmp", snmp_json(ev.snmp)},
              {"login_error", error_json(ev.login_error)},
              {"session_error", error_json(ev.session_error)},
              {"connections", ev.connections},
              {"attempt_budget", ev.attempt_budget},
              {"auth_attempts", attempts},
              {"commands", commands},
              {"facts", facts},
              {"facts_error", r.assessment.facts_error},
              {"tpm", tpm_json(r)}};
  // Which older command forms answered, and why (Profile::fallbacks).
  if (!r.assessment.facts_forms.empty()) out["facts_forms"] = r.assessment.facts_forms;
  if (ev.redfish) out["redfish"] = redfish_evidence_json(*ev.redfish);
  if (!ev.vantage.empty()) out["vantage"] = vantage_probes_json(ev.vantage);
  return out;
}

json device_json(const DeviceResult& r, const std::string& db_dir) {
  json findings = json::array();
  for (const auto& f : r.assessment.findings) {
    json finding{{"check", f.check}, {"status", to_string(f.status)}, {"detail", f.detail},
                 {"rule", db_relative_rule(f.rule, db_dir)}};
    if (!f.waiver.empty()) finding["waiver"] = f.waiver;
    findings.push_back(std::move(finding));
  }
  const Device& d = r.device;
  json out{{"name", d.name},
           {"verdict", to_string(r.assessment.verdict)},
           {"rack", d.rack},
           {"mount", to_string(d.mount)},
           {"position_u", d.position_u},
           {"height_u", d.height_u},
           {"role", d.role},
           {"profile", d.profile},
           {"transport", to_string(d.transport)},
           {"address", d.address},
           {"port", d.port},
           {"expected", {{"model", d.model}, {"serial", d.serial}}},
           {"findings", findings},
           {"evidence", evidence_json(r)}};
  // A 0U device has no units: no position a reader could mistake for U0.
  if (d.mount == Mount::zero_u) {
    out.erase("position_u");
    out.erase("height_u");
  }
  return out;
}

// `signed` is what `attest gate` insists on: the manifest signature verified
// under a trusted DB key and every file matched it.
json golden_db_json(const std::string& dir, const sign::DbTrust& db) {
  if (!db.is_signed) return json{{"dir", dir}, {"signed", false}};
  return json{{"dir", dir},
              {"signed", true},
              {"manifest_sha256", db.manifest_sha256},
              {"key_id", db.key_id},
              {"signed_at", db.signed_at},
              {"files", db.files}};
}

// Which shard of the site this run is, and the whole split (every rack of
// the inventory, its device count and shard): what `attest report merge`
// checks coverage against. Null for a run that is not a shard.
json shard_json(const std::optional<ShardRecord>& shard) {
  if (!shard) return nullptr;
  json assignment = json::array();
  for (const auto& s : shard->assignment)
    assignment.push_back(json{{"rack", s.rack}, {"devices", s.devices}, {"shard", s.shard}});
  return json{{"index", shard->spec.index}, {"count", shard->spec.count}, {"rule", kShardRule},
              {"assignment", assignment}};
}

// The waivers file and every waiver in it, each in force for this run or
// with why not; the findings name the waiver that accepted them.
json waivers_json(const std::optional<WaiversRecord>& record) {
  if (!record) return nullptr;
  json entries = json::array();
  for (const auto& w : record->waivers) {
    json match = json::object();
    if (!w.match_rule.empty()) match["rule"] = w.match_rule;
    if (!w.match_detail.empty()) match["detail"] = w.match_detail;
    const auto why = record->not_applied.find(w.id);
    json e{{"id", w.id}};
    if (!w.device.empty()) e["device"] = w.device;
    if (!w.rack.empty()) e["rack"] = w.rack;
    e.update(json{{"check", w.check},
                  {"match", match},
                  {"justification", w.justification},
                  {"approver", w.approver},
                  {"ticket", w.ticket},
                  {"approved", w.approved},
                  {"expires", w.expires},
                  {"in_force", why == record->not_applied.end()},
                  {"not_applied", why == record->not_applied.end() ? json(nullptr) : json(why->second)}});
    entries.push_back(std::move(e));
  }
  return json{{"file", record->file},
              {"sha256", record->sha256},
              {"signed", !record->key_id.empty()},
              {"key_id", record->key_id},
              {"entries", entries}};
}

// Once per check, not per finding: the mapping is the DB's, the same for
// every device. Null when the DB has no controls file.
json controls_json(const ControlMap& map) {
  if (map.file.empty()) return nullptr;
  json controls = json::array();
  for (const auto& c : map.controls)
    controls.push_back(json{{"id", c.id}, {"framework", c.framework}, {"ref", c.ref}, {"title", c.title},
                            {"source", c.source}});
  json checks = json::object();
  for (const auto& [check, ids] : map.by_check) checks[check] = ids;
  return json{{"file", map.file}, {"controls", controls}, {"checks", checks}};
}

// How the run chose its devices: a re-run of a subset says which and why.
json selection_json(const SelectionRecord& s) {
  json out{{"by", s.by}};
  if (s.by == "rack") out["rack"] = s.rack;
  if (s.by == "device" || s.by == "failed-from") out["devices"] = s.devices;
  if (s.by == "failed-from") {
    out["report"] = json{{"path", s.report_path}, {"sha256", s.report_sha256}, {"key_id", s.report_key_id}};
  }
  return out;
}

json journal_json(const RunProvenance& p) {
  if (p.journal_path.empty()) return nullptr;
  return json{{"path", p.journal_path}, {"run", p.journal_run}, {"earlier_failures", p.journal_earlier_failures},
              {"failures_recorded", p.journal_failures_recorded}};
}

// A vantage report's record (`attest exposure`): only such reports carry it.
json vantage_json(const VantageRecord& v) {
  json sources = json::array();
  for (const auto& [address, interface] : v.sources) sources.push_back({{"address", address}, {"interface", interface}});
  return {{"name", v.name},
          {"source_address", v.source_address.empty() ? json(nullptr) : json(v.source_address)},
          {"sources", sources}};
}

}  // namespace

nlohmann::ordered_json report_to_json(const RunReport& report) {
  json devices = json::array();
  int pass = 0, fail = 0, error = 0;
  for (const auto& r : report.devices) {
    devices.push_back(device_json(r, report.db_dir));
    switch (r.assessment.verdict) {
      case Verdict::pass: ++pass; break;
      case Verdict::fail: ++fail; break;
      case Verdict::error: ++error; break;
    }
  }
  json racks = json::array();
  for (const auto& r : report.racks) racks.push_back(json{{"name", r.name}, {"height_u", r.height_u}});
  const RunProvenance& p = report.provenance;
  json out{{"schema", kReportSchema},
              {"tool", {{"name", "attest"}, {"version", report.tool_version}, {"git_commit", p.git_commit},
                        {"libssh2", ssh::libssh2_runtime_version()}}},
              {"site", report.site},
              {"operator", p.operator_name},
              {"host", p.host},
              {"inventory", {{"path", report.inventory_path}, {"sha256", report.inventory_sha256}}},
              {"golden_db", golden_db_json(report.db_dir, p.db)},
              {"enrollments", p.enrollments_path.empty() ? json(nullptr)
                                                         : json{{"path", p.enrollments_path},
                                                                {"sha256", p.enrollments_sha256}}},
              {"signature", p.report_key_id.empty() ? json(nullptr)
                                                    : json{{"algorithm", "Ed25519"},
                                                           {"key_id", p.report_key_id},
                                                           {"file", "report.json.sig"}}},
              {"ledger", p.ledger_path.empty() ? json(nullptr)
                                               : json{{"path", p.ledger_path},
                                                      {"extends_head", p.ledger_head},
                                                      {"entries_before", p.ledger_entries}}},
              {"warnings", p.warnings},
              {"started", report.started},
              {"finished", report.finished},
              {"partial", report.partial},
              {"racks", racks},
              {"selection", selection_json(report.selection)},
              {"attempt_journal", journal_json(p)},
              {"shard", shard_json(report.shard)},
              {"shards", nullptr},  // a merged site report's record of its shards (report_merge)
              {"waivers", waivers_json(report.waivers)},
              {"controls", controls_json(report.controls)},
              {"summary", {{"devices", report.devices.size()}, {"pass", pass}, {"fail", fail}, {"error", error}}},
              {"devices", devices}};
  if (report.vantage) out["vantage"] = vantage_json(*report.vantage);
  return out;
}

std::string report_text(const nlohmann::ordered_json& report) {
  return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::string db_relative_rule(const std::string& rule, const std::string& db_dir) {
  if (db_dir.empty()) return rule;
  const std::string prefix = db_dir.back() == '/' ? db_dir : db_dir + "/";
  return rule.rfind(prefix, 0) == 0 ? rule.substr(prefix.size()) : rule;
}

}  // namespace attest
