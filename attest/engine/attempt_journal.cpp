#include "attest/engine/attempt_journal.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "attest/config/json_reader.hpp"
#include "attest/util/clock.hpp"

namespace attest {
namespace {

constexpr std::int64_t kMaxPort = 65535;

// "2026-11-29T11:42:06Z": whole seconds, all the arithmetic needs.
std::string rfc3339(std::int64_t t) {
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

void read_entry(JsonReader& r, AttemptJournal& out) {
  JournalEntry e;
  int port = 0;
  std::string time;
  r.string("device", e.device);
  r.string("address", e.address);
  r.integer("port", port, 1, kMaxPort);
  r.string("username", e.username, true, true);
  r.string("time", time);
  r.string("run", e.run);
  if (!r.ok()) return;
  const auto t = parse_rfc3339_utc(time);
  if (!t) return r.fail("time", "not an RFC 3339 UTC time");
  e.port = static_cast<std::uint16_t>(port);
  e.time = *t;
  out.entries.push_back(std::move(e));
}

bool same_device(const JournalEntry& e, const Device& d) {
  return e.device == d.name || (e.address == d.address && e.port == d.port);
}

}  // namespace

Result<AttemptJournal> parse_attempt_journal(std::string_view text, const std::string& path) {
  return read_document(text, path, {"schema", "entries"}, AttemptJournal{}, [](JsonReader& root, AttemptJournal& out) {
    root.constant("schema", kAttemptJournalSchema);
    root.objects("entries", {"device", "address", "port", "username", "time", "run"}, true, false,
                 [&](JsonReader& e, std::size_t) { read_entry(e, out); });
  });
}

std::string attempt_journal_to_json(const AttemptJournal& journal) {
  nlohmann::ordered_json entries = nlohmann::ordered_json::array();
  for (const auto& e : journal.entries) {
    entries.push_back({{"device", e.device}, {"address", e.address}, {"port", e.port}, {"username", e.username},
                       {"time", rfc3339(e.time)}, {"run", e.run}});
  }
  const nlohmann::ordered_json doc{{"schema", kAttemptJournalSchema}, {"entries", entries}};
  return doc.dump(1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

int lockout_window_seconds(const CredentialPolicy* policy) {
  return policy && policy->lockout_window_s ? *policy->lockout_window_s : kDefaultLockoutWindowSeconds;
}

int failures_within(const AttemptJournal& journal, const Device& device, std::int64_t now, int window_s) {
  return static_cast<int>(std::count_if(journal.entries.begin(), journal.entries.end(), [&](const JournalEntry& e) {
    return same_device(e, device) && now - e.time <= window_s;
  }));
}

void prune_attempt_journal(AttemptJournal& journal, std::int64_t now, int longest_window_s) {
  std::erase_if(journal.entries, [&](const JournalEntry& e) { return now - e.time > longest_window_s; });
}

int longest_lockout_window(const GoldenDb& db) {
  int longest = kDefaultLockoutWindowSeconds;
  for (const auto& [profile, policy] : db.credentials) longest = std::max(longest, lockout_window_seconds(&policy));
  return longest;
}

AttemptRecorder::AttemptRecorder(std::string run_id, std::function<std::int64_t()> now)
    : run_id_(std::move(run_id)), now_(std::move(now)) {}

void AttemptRecorder::record(const Device& device, const std::string& username, AuthRequestEvent event) {
  const std::lock_guard<std::mutex> lock(mutex_);
  if (event == AuthRequestEvent::accepted) {
    if (const auto it = last_sent_.find(device.name); it != last_sent_.end()) accepted_[it->second] = true;
    return;
  }
  last_sent_[device.name] = entries_.size();
  entries_.push_back(JournalEntry{device.name, device.address, device.port, username, now_(), run_id_});
  accepted_.push_back(false);
}

std::vector<JournalEntry> AttemptRecorder::failures() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  std::vector<JournalEntry> out;
  for (std::size_t i = 0; i < entries_.size(); ++i)
    if (!accepted_[i]) out.push_back(entries_[i]);
  return out;
}

}  // namespace attest
