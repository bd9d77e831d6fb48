// `attest rack --state DIR`: where the attempt journal lives across runs
// (DIR/attempts.json, mode 0600; the directory 0700). A run holds an
// exclusive flock on DIR from before it plans until the journal is written:
// a second run on the same state refuses (exit 2) instead of planning
// against a journal the first is about to extend.
#pragma once

#include <memory>
#include <string>

#include "attest/engine/attempt_journal.hpp"
#include "attest/util/result.hpp"

namespace attest::cli {

inline constexpr const char* kJournalFile = "attempts.json";

// Beside the ledger when there is one (<ledger dir>/attest-state), else
// beside the output directory (<out>/../attest-state): a run's output
// directory is replaced run after run, its state must not be.
std::string default_state_dir(const std::string& out_dir, const std::string& ledger);

class StateDir {
 public:
  // Creates `dir` (0700) when missing, takes its lock, reads the journal (an
  // empty one when there is no file yet). A journal that does not parse is
  // an input error naming the file and pointer: never silently reset.
  [[nodiscard]] static Result<std::unique_ptr<StateDir>> open(const std::string& dir);
  ~StateDir();
  StateDir(const StateDir&) = delete;
  StateDir& operator=(const StateDir&) = delete;

  const std::string& dir() const { return dir_; }
  std::string journal_path() const;
  AttemptJournal& journal() { return journal_; }
  // Replaces the journal file atomically (temp file, fsync, rename), 0600.
  [[nodiscard]] Status save() const;

 private:
  StateDir(std::string dir, int fd) : dir_(std::move(dir)), lock_fd_(fd) {}
  std::string dir_;
  int lock_fd_;
  AttemptJournal journal_;
};

}  // namespace attest::cli
