#include "attest/config/golden_loader.hpp"
#include "attest/ssh/attempt_plan.hpp"

#include <algorithm>
#include <filesystem>

#include "attest/profiles/profile.hpp"
#include "attest/profiles/version.hpp"

namespace fs = std::filesystem;

namespace attest {
namespace {

using FileParser = Status (*)(std::string_view, const std::string&, GoldenDb&);

// One kind of policy file: <dir>/<subdir>/*.json, parsed by `parse`. Adding a
// kind is one row here and one parse_*_file(bytes, path, db).
struct FileKind {
  const char* subdir;
  FileParser parse;
  bool required;  // the directory must exist (checked on the directory, not the bytes)
};

constexpr FileKind kFileKinds[] = {
    {"firmware", parse_firmware_file, true},
    {"credentials", parse_credentials_file, true},
    // boot/ is optional: a DB without golden boot values fails measured-boot
    // checks closed (no policy), not the load.
    {"boot", parse_boot_file, false},
    // integrity/ is optional: without it no switch is asked for integrity evidence.
    {"integrity", parse_integrity_file, false},
    // posture/ likewise: no policy fails ssh-posture closed.
    {"posture", parse_posture_file, false},
    // controls/ likewise: without it the report maps findings to no controls.
    {"controls", parse_controls_file, false},
};

// True for "<subdir>/<name>.json" directly inside `subdir`; dot files (editor
// temporaries) and nested files are not part of the policy.
bool is_policy_file(const std::string& rel, std::string_view subdir) {
  if (rel.size() <= subdir.size() + 1 || rel.compare(0, subdir.size(), subdir) != 0 || rel[subdir.size()] != '/') {
    return false;
  }
  const std::string name = rel.substr(subdir.size() + 1);
  return name[0] != '.' && name.find('/') == std::string::npos && fs::path(name).extension() == ".json";
}

// DbFiles is sorted by path, so files load in name order and "first
// defined" is stable.
Status load_kind(const sign::DbFiles& files, const std::string& dir, const FileKind& kind, GoldenDb& db) {
  for (const auto& [rel, bytes] : files) {
    if (!is_policy_file(rel, kind.subdir)) continue;
    auto status = kind.parse(bytes, (fs::path(dir) / rel).string(), db);
    if (!status) return status;
  }
  return ok_status();
}

// True when `version` orders before `minimum` in the policy's scheme.
bool below_minimum(const FirmwarePolicy& p, const std::string& version) {
  if (!p.minimum) return false;
  auto cmp = compare_versions(p.scheme, version, *p.minimum);
  return cmp && *cmp < 0;
}

void firmware_notes(const FirmwarePolicy& p, std::vector<std::string>& notes) {
  if (p.approved.empty() && !p.minimum) {
    notes.push_back(p.source + ": model '" + p.model + "' has no approved version and no minimum");
  }
  for (const auto& v : p.approved) {
    if (below_minimum(p, v)) {
      notes.push_back(p.source + ": approved version '" + v + "' is below the minimum '" + *p.minimum + "'");
    }
  }
  const Profile* profile = find_profile(p.profile);
  if (profile != nullptr && profile->scheme != nullptr && *profile->scheme != '\0' && p.scheme != profile->scheme) {
    notes.push_back(p.source + ": scheme '" + p.scheme + "' differs from profile " + p.profile + "'s scheme '" +
                    profile->scheme + "'");
  }
}

// Login + defaults must leave room for a retired credential (a connection
// of its own: "none" + password), or the run stops early and reports an
// error for the device. Counted as the collector will send them.
void credential_notes(const CredentialPolicy& c, std::vector<std::string>& notes) {
  const int budget = c.attempt_budget.value_or(kDefaultAttemptBudget);
  const int per_connection = c.max_auth_per_connection.value_or(kDefaultMaxAuthPerConnection);
  std::vector<ssh::ProbeKey> keys;
  for (const auto& d : c.defaults) keys.push_back({d.username, d.kind == PasswordKind::none_auth});
  const ssh::ProbeSchedule defaults = ssh::schedule_probes(keys, budget, per_connection);
  const int used = login_auth_requests(budget, per_connection) + ssh::scheduled_requests(defaults);
  const int retired_needs = per_connection >= 2 ? 2 : 1;
  if (!defaults.left_out.empty() || used + retired_needs > budget) {
    notes.push_back("profile " + c.profile + ": " + std::to_string(c.defaults.size()) +
                    " default candidates + login (" + std::to_string(used) +
                    " requests) leave no connection for retired credentials within a budget of " +
                    std::to_string(budget));
  }
}

}  // namespace

Result<GoldenDb> load_golden_db(const sign::DbFiles& files, const std::string& dir) {
  GoldenDb db;
  db.dir = dir;
  for (const auto& kind : kFileKinds) {
    if (auto st = load_kind(files, dir, kind, db); !st) return st.error();
  }
  if (auto st = load_sudi_roots(files, dir, db); !st) return st.error();
  return db;
}

Result<GoldenDb> load_golden_db(const std::string& dir) {
  for (const auto& kind : kFileKinds) {
    std::error_code ec;
    const auto sub = fs::path(dir) / kind.subdir;
    if (kind.required && !fs::is_directory(sub, ec)) return make_error(ErrorKind::input, sub.string() + ": not a directory");
  }
  auto files = sign::read_db_files(dir);
  if (!files) return files.error();
  return load_golden_db(*files, dir);
}

std::vector<std::string> golden_db_notes(const GoldenDb& db) {
  std::vector<std::string> notes;
  for (const auto& p : db.firmware) firmware_notes(p, notes);
  for (const auto& [name, policy] : db.credentials) credential_notes(policy, notes);
  for (const auto& profile : all_profiles()) {
    if (db.credentials.count(profile.name) == 0) {
      notes.push_back(std::string("profile ") + profile.name +
                      " has no default credentials: only retired credentials will be tried");
    }
  }
  return notes;
}

Status lint_golden_db(const std::string& dir, std::vector<std::string>* notes) {
  auto db = load_golden_db(dir);
  if (!db) return db.error();
  if (notes != nullptr) *notes = golden_db_notes(*db);
  return ok_status();
}

}  // namespace attest
