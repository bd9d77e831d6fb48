// The cross-run attempt journal (`attest rack --state DIR`): every failed
// authentication request attest sent, per device, with its time and run, so
// that a re-run subtracts the failures a device still remembers (inside its
// profile's lockout window, firmware-db/credentials) from its attempt
// budget: repeated runs in one night never add up to a lockout.
// Pure: parsing, counting and pruning over times given by the caller; the
// file, its lock and the clock are the CLI's (cli/state_dir.hpp). It holds
// no password, nor anything derived from one.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "attest/core/evidence.hpp"
#include "attest/core/golden.hpp"
#include "attest/core/inventory.hpp"
#include "attest/util/result.hpp"

namespace attest {

inline constexpr const char* kAttemptJournalSchema = "attest.attempts/v1";
inline constexpr std::size_t kMaxJournalBytes = 64u << 20;

// One authentication request the device refused (or never answered: a
// request cut short counts as failed, since the device may have counted it).
struct JournalEntry {
  std::string device;
  std::string address;
  std::uint16_t port = 22;
  std::string username;
  std::int64_t time = 0;  // seconds since the epoch (UTC)
  std::string run;        // the run that sent it (the report's attempt_journal.run)
};

struct AttemptJournal {
  std::vector<JournalEntry> entries;  // oldest first
};

// An input error naming `path` and the JSON pointer for anything but a
// well-formed attest.attempts/v1 file: a corrupt journal is never reset.
[[nodiscard]] Result<AttemptJournal> parse_attempt_journal(std::string_view text, const std::string& path);
std::string attempt_journal_to_json(const AttemptJournal& journal);

// The profile's lockout window in seconds: the DB's value, else
// kDefaultLockoutWindowSeconds.
int lockout_window_seconds(const CredentialPolicy* policy);

// Failed requests to `device` no older than `window_s` at `now`. An entry
// counts when it names the device, or its address and port (a renamed device
// still remembers).
int failures_within(const AttemptJournal& journal, const Device& device, std::int64_t now, int window_s);

// Drops entries older than `longest_window_s` at `now`: no device remembers
// them. (An entry stamped in the future, after a clock step, is kept and
// counts until it ages out.)
void prune_attempt_journal(AttemptJournal& journal, std::int64_t now, int longest_window_s);

// The longest lockout window of any profile in `db` (the default included).
int longest_lockout_window(const GoldenDb& db);

// Collects the failed requests of a run as they are made, from every thread
// of the run: what was sent is known even when the run is cut short.
class AttemptRecorder {
 public:
  AttemptRecorder(std::string run_id, std::function<std::int64_t()> now);
  void record(const Device& device, const std::string& username, AuthRequestEvent event);
  std::vector<JournalEntry> failures() const;  // in the order sent

 private:
  mutable std::mutex mutex_;
  std::string run_id_;
  std::function<std::int64_t()> now_;
  std::vector<JournalEntry> entries_;
  std::map<std::string, std::size_t> last_sent_;  // device -> index in entries_ of its latest request
  std::vector<bool> accepted_;                    // parallel to entries_
};

}  // namespace attest
