#include "attest/engine/report_merge.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "attest/engine/report.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

using json = nlohmann::ordered_json;

// The member at `pointer`, or null when absent (the reader has checked the
// shapes merge relies on; this stays safe for the rest).
json value_at(const json& doc, const char* pointer) {
  try {
    const json::json_pointer p(pointer);
    return doc.contains(p) ? doc.at(p) : json(nullptr);
  } catch (const json::exception&) {
    return nullptr;
  }
}

std::string short_text(const json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  return text.size() > 19 ? text.substr(0, 16) + "..." : text;
}

Error refuse(const std::string& path, const std::string& pointer, const std::string& what) {
  return make_error(ErrorKind::input, path + ": " + pointer + ": " + what);
}

struct SameField {
  const char* pointer;
  const char* meaning;  // what a difference means
  json (*value)(const json& doc);
};

constexpr SameField kSameFields[] = {
    {"/site", "shards of different sites", [](const json& d) { return value_at(d, "/site"); }},
    {"/inventory/sha256", "the shards ran against different inventories",
     [](const json& d) { return value_at(d, "/inventory/sha256"); }},
    // The manifest digest pins every DB file (and when it was signed); where
    // each pod kept the DB ("dir") may differ.
    {"/golden_db/manifest_sha256", "mixed golden DB manifests: the shards checked against different rules",
     [](const json& d) { return value_at(d, "/golden_db/manifest_sha256"); }},
    {"/golden_db/key_id", "the shards trusted golden DBs signed by different keys",
     [](const json& d) { return value_at(d, "/golden_db/key_id"); }},
    {"/enrollments/sha256", "the shards used different TPM enrollment files",
     [](const json& d) { return value_at(d, "/enrollments/sha256"); }},
    {"/tool", "the shards ran different attest builds", [](const json& d) { return value_at(d, "/tool"); }},
    {"/waivers/sha256", "the shards applied different waivers files",
     [](const json& d) { return value_at(d, "/waivers/sha256"); }},
    {"/waivers/key_id", "the shards trusted waivers signed by different keys",
     [](const json& d) { return value_at(d, "/waivers/key_id"); }},
    {"/shard/count", "mixed shard counts N", [](const json& d) { return value_at(d, "/shard/count"); }},
    {"/shard/rule", "mixed shard rules", [](const json& d) { return value_at(d, "/shard/rule"); }},
    {"/shard/assignment", "the shards split the site differently",
     [](const json& d) { return value_at(d, "/shard/assignment"); }},
};

Status check_same_inputs(const std::vector<ShardReport>& reports) {
  const ShardReport& first = reports.front();
  for (const auto& r : reports) {
    for (const auto& f : kSameFields) {
      const json mine = f.value(r.doc), theirs = f.value(first.doc);
      if (mine == theirs) continue;
      return refuse(r.input.path, f.pointer,
                    short_text(mine) + " differs from " + first.input.path + "'s " + short_text(theirs) + ": " +
                        f.meaning);
    }
  }
  return ok_status();
}

// Shard index -> its report; each index once.
Result<std::map<int, const ShardReport*>> index_shards(const std::vector<ShardReport>& reports) {
  std::map<int, const ShardReport*> by_index;
  for (const auto& r : reports) {
    const int index = r.shard.spec.index;
    auto [it, fresh] = by_index.emplace(index, &r);
    if (!fresh) {
      return refuse(r.input.path, "/shard/index",
                    "shard " + std::to_string(index) + "/" + std::to_string(r.shard.spec.count) + " is also " +
                        it->second->input.path + ": overlapping shards (each shard once)");
    }
  }
  return by_index;
}

std::string rack_list(const std::vector<RackShare>& assignment, int shard) {
  std::string out;
  for (const auto& s : assignment)
    if (s.shard == shard) out += (out.empty() ? "" : ", ") + s.rack;
  return out;
}

Status check_all_present(const std::map<int, const ShardReport*>& by_index, const ShardRecord& record) {
  std::string missing;
  for (int i = 0; i < record.spec.count; ++i) {
    if (by_index.count(i)) continue;
    missing += (missing.empty() ? "" : "; ") + std::to_string(i) + "/" + std::to_string(record.spec.count) +
               " (racks " + rack_list(record.assignment, i) + ")";
  }
  if (missing.empty()) return ok_status();
  return make_error(ErrorKind::input, "missing shards: " + missing + ": give every shard's report.json");
}

// The shard ran exactly the racks the assignment gives it, and each rack's
// devices are all there (a truncated report is not a complete shard).
Status check_racks(const ShardReport& r) {
  std::map<std::string, std::size_t> expected;
  for (const auto& s : r.shard.assignment)
    if (s.shard == r.shard.spec.index) expected.emplace(s.rack, s.devices);
  const std::set<std::string> ran(r.racks.begin(), r.racks.end());
  for (const auto& [rack, devices] : expected) {
    if (!ran.count(rack)) return refuse(r.input.path, "/racks", "rack '" + rack + "' of this shard is missing");
  }
  for (std::size_t i = 0; i < r.racks.size(); ++i) {
    if (!expected.count(r.racks[i])) {
      return refuse(r.input.path, "/racks/" + std::to_string(i) + "/name",
                    "rack '" + r.racks[i] + "' is not in shard " + std::to_string(r.shard.spec.index));
    }
  }
  std::map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < r.devices.size(); ++i) {
    if (!expected.count(r.devices[i].rack)) {
      return refuse(r.input.path, "/devices/" + std::to_string(i) + "/rack",
                    "'" + r.devices[i].rack + "' is not one of this shard's racks");
    }
    ++seen[r.devices[i].rack];
  }
  for (const auto& [rack, devices] : expected) {
    if (seen[rack] == devices) continue;
    return refuse(r.input.path, "/devices",
                  std::to_string(seen[rack]) + " devices of rack '" + rack + "', the assignment says " +
                      std::to_string(devices) + " (a truncated or edited report?)");
  }
  return ok_status();
}

Status check_unique_devices(const std::vector<ShardReport>& reports) {
  std::map<std::string, const std::string*> owner;
  for (const auto& r : reports) {
    for (std::size_t i = 0; i < r.devices.size(); ++i) {
      auto [it, fresh] = owner.emplace(r.devices[i].name, &r.input.path);
      if (fresh) continue;
      return refuse(r.input.path, "/devices/" + std::to_string(i) + "/name",
                    "device '" + r.devices[i].name + "' is also in " + *it->second);
    }
  }
  return ok_status();
}

// Earlier of two RFC 3339 times (both validated by the reader).
bool earlier(const std::string& a, const std::string& b) {
  const auto ta = parse_rfc3339_utc(a), tb = parse_rfc3339_utc(b);
  return ta && tb && (*ta != *tb ? *ta < *tb : a < b);
}

json shard_record_json(const ShardReport& r) {
  json racks = json::array();
  for (const auto& name : r.racks) racks.push_back(name);
  return json{{"index", r.shard.spec.index},
              {"file", r.input.path},
              {"sha256", r.input.sha256},
              {"key_id", r.input.key_id},
              {"operator", value_at(r.doc, "/operator")},
              {"host", value_at(r.doc, "/host")},
              {"started", r.started},
              {"finished", r.finished},
              {"racks", racks},
              {"devices", r.devices.size()}};
}

struct SiteParts {
  json racks = json::array();
  json devices = json::array();
  json warnings = json::array();
  json shards = json::array();
  int pass = 0, fail = 0, error = 0;
  std::string started, finished;
};

void add_rack(SiteParts& site, const ShardReport& r, const std::string& rack) {
  for (const auto& object : r.doc.at("racks"))
    if (object.at("name") == rack) site.racks.push_back(object);
  for (std::size_t i = 0; i < r.devices.size(); ++i) {
    if (r.devices[i].rack != rack) continue;
    site.devices.push_back(r.doc.at("devices").at(i));
    const std::string& v = r.devices[i].verdict;
    ++(v == "pass" ? site.pass : v == "fail" ? site.fail : site.error);
  }
}

SiteParts site_parts(const std::map<int, const ShardReport*>& by_index, const ShardRecord& record) {
  SiteParts site;
  for (const auto& share : record.assignment) add_rack(site, *by_index.at(share.shard), share.rack);
  std::set<std::string> warned;
  for (const auto& [index, r] : by_index) {
    site.shards.push_back(shard_record_json(*r));
    for (const auto& w : value_at(r->doc, "/warnings"))
      if (w.is_string() && warned.insert(w.get<std::string>()).second) site.warnings.push_back(w);
    if (site.started.empty() || earlier(r->started, site.started)) site.started = r->started;
    if (site.finished.empty() || earlier(r->finished, site.finished)) site.finished = r->finished;
  }
  return site;
}

json site_report(const ShardReport& first, const SiteParts& site, const MergeProvenance& p) {
  const json& doc = first.doc;
  const std::size_t devices = site.devices.size();
  return json{{"schema", kReportSchema},
              {"tool", value_at(doc, "/tool")},
              {"site", value_at(doc, "/site")},
              {"operator", p.operator_name},
              {"host", p.host},
              {"inventory", value_at(doc, "/inventory")},
              {"golden_db", value_at(doc, "/golden_db")},
              {"enrollments", value_at(doc, "/enrollments")},
              {"signature", p.report_key_id.empty() ? json(nullptr)
                                                    : json{{"algorithm", "Ed25519"},
                                                           {"key_id", p.report_key_id},
                                                           {"file", "report.json.sig"}}},
              {"ledger", nullptr},
              {"warnings", site.warnings},
              {"started", site.started},
              {"finished", site.finished},
              {"partial", false},
              {"racks", site.racks},
              {"selection", {{"by", "all"}}},  // the shards together cover the site
              {"attempt_journal", nullptr},     // each shard report names its own
              {"shard", nullptr},
              {"shards", {{"count", first.shard.spec.count}, {"rule", first.rule}, {"reports", site.shards}}},
              // The same file everywhere (checked above); which waivers were in force is the first shard's view.
              {"waivers", value_at(doc, "/waivers")},
              // The same for every shard: the manifest digest (checked equal) covers the controls file.
              {"controls", value_at(doc, "/controls")},
              {"summary", {{"devices", devices}, {"pass", site.pass}, {"fail", site.fail}, {"error", site.error}}},
              {"devices", site.devices}};
}

}  // namespace

Result<nlohmann::ordered_json> merge_shard_reports(std::vector<ShardReportInput> shards,
                                                   const MergeProvenance& provenance) {
  if (shards.empty()) return make_error(ErrorKind::usage, "no shard reports given");
  std::vector<ShardReport> reports;
  for (auto& input : shards) {
    auto report = read_shard_report(std::move(input));
    if (!report) return report.error();
    reports.push_back(std::move(report).value());
  }
  if (auto st = check_same_inputs(reports); !st) return st.error();
  auto by_index = index_shards(reports);
  if (!by_index) return by_index.error();
  if (auto st = check_all_present(*by_index, reports.front().shard); !st) return st.error();
  for (const auto& r : reports)
    if (auto st = check_racks(r); !st) return st.error();
  if (auto st = check_unique_devices(reports); !st) return st.error();
  return site_report(reports.front(), site_parts(*by_index, reports.front().shard), provenance);
}

}  // namespace attest
