#include "attest/config/golden_loader.hpp"
#include "attest/ssh/attempt_plan.hpp"

#include <algorithm>
#include <filesystem>

#include "attest/profiles/profile.hpp"
#include "attest/profiles/version.hpp"
#include "attest/util/files.hpp"

namespace fs = std::filesystem;

namespace attest {
namespace {

constexpr std::size_t kMaxDbFileBytes = 4u << 20;

// The *.json files of `dir`, sorted by name so that "first defined" is
// stable. Dot files (editor temporaries) are skipped.
Result<std::vector<std::string>> json_files(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return make_error(ErrorKind::input, dir + ": not a directory");
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const auto name = entry.path().filename().string();
    if (name.empty() || name[0] == '.' || entry.path().extension() != ".json") continue;
    if (entry.is_regular_file(ec)) files.push_back(entry.path().string());
  }
  if (ec) return make_error(ErrorKind::io, dir + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

using FileParser = Status (*)(std::string_view, const std::string&, GoldenDb&);

Status load_files(const std::string& dir, FileParser parse, GoldenDb& db) {
  auto files = json_files(dir);
  if (!files) return files.error();
  for (const auto& file : *files) {
    auto text = read_file(file, kMaxDbFileBytes);
    if (!text) return text.error();
    auto status = parse(*text, file, db);
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

Result<GoldenDb> load_golden_db(const std::string& dir) {
  GoldenDb db;
  db.dir = dir;
  auto firmware = load_files((fs::path(dir) / "firmware").string(), parse_firmware_file, db);
  if (!firmware) return firmware.error();
  auto credentials = load_files((fs::path(dir) / "credentials").string(), parse_credentials_file, db);
  if (!credentials) return credentials.error();
  // boot/ is optional: a DB without golden boot values fails measured-boot
  // checks closed (no policy), not the load.
  std::error_code ec;
  if (fs::exists(fs::path(dir) / "boot", ec)) {
    auto boot = load_files((fs::path(dir) / "boot").string(), parse_boot_file, db);
    if (!boot) return boot.error();
  }
  // posture/ is optional the same way: no policy fails ssh-posture closed.
  if (fs::exists(fs::path(dir) / "posture", ec)) {
    auto posture = load_files((fs::path(dir) / "posture").string(), parse_posture_file, db);
    if (!posture) return posture.error();
  }
  return db;
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
