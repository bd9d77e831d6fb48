// The ledger's file edge: reading under the size cap, and the locked,
// atomic read-verify-rewrite that appends one entry.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <thread>

#include "attest/ledger/ledger.hpp"
#include "attest/util/clock.hpp"
#include "attest/util/files.hpp"

namespace attest::ledger {
namespace {

constexpr Millis kLockWait{30000};
constexpr unsigned kNewLedgerMode = 0644;

// Call right after the failing call: reads errno first.
Error io_error(const std::string& path, const std::string& what) {
  const std::string reason = std::strerror(errno);
  return make_error(ErrorKind::io, path + ": " + what + ": " + reason);
}

// An exclusive flock on the ledger's directory: the rename in
// write_file_atomic replaces the file's inode, so the file itself cannot
// carry the lock. Released when the descriptor closes.
class DirectoryLock {
 public:
  static Result<std::unique_ptr<DirectoryLock>> acquire(const std::string& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return io_error(dir, "cannot open directory");
    std::unique_ptr<DirectoryLock> lock(new DirectoryLock(fd));
    const Deadline deadline(kLockWait);
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) return io_error(dir, "cannot lock directory");
      if (deadline.expired()) {
        return make_error(ErrorKind::io, dir + ": another attest run held the ledger lock for 30 s");
      }
      std::this_thread::sleep_for(Millis(50));
    }
    return lock;
  }
  ~DirectoryLock() { ::close(fd_); }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  explicit DirectoryLock(int fd) : fd_(fd) {}
  int fd_;
};

std::string directory_of(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string cap_text() { return std::to_string(kMaxLedgerBytes >> 20) + " MiB"; }

// The whole ledger, refused up front when over the cap (before reading it).
Result<std::string> read_ledger(const std::string& path, const struct stat& st) {
  if (static_cast<std::uintmax_t>(st.st_size) > kMaxLedgerBytes) {
    return make_error(ErrorKind::input, path + ": " + std::to_string(st.st_size) + " bytes is over the ledger cap of " +
                                            cap_text() + "; archive it and start a new ledger");
  }
  return read_file(path, kMaxLedgerBytes);
}

// The existing ledger and its mode, or nullopt when there is none yet.
struct Existing {
  std::string text;
  unsigned mode = kNewLedgerMode;
};
Result<std::optional<Existing>> read_existing(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::optional<Existing>();
    return io_error(path, "cannot stat");
  }
  auto text = read_ledger(path, st);
  if (!text) return text.error();
  return std::optional<Existing>(Existing{std::move(*text), static_cast<unsigned>(st.st_mode & 07777)});
}

}  // namespace

Result<LedgerState> check_ledger_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return io_error(path, "cannot stat");
  auto text = read_ledger(path, st);
  if (!text) return text.error();
  return check_ledger_text(*text);
}

Status append_ledger_entry(const std::string& path, const LedgerEntryInput& in) {
  auto lock = DirectoryLock::acquire(directory_of(path));
  if (!lock) return lock.error();
  auto existing = read_existing(path);
  if (!existing) return existing.error();
  std::string text;
  LedgerState state{0, std::string(kGenesisPrev), std::nullopt};
  if (*existing) {
    text = std::move((*existing)->text);
    state = check_ledger_text(text);
    if (state.problem) return make_error(ErrorKind::input, path + ": " + state.problem->reason + "; not appending");
  }
  if (!in.expected_prev.empty() && in.expected_prev != state.head_sha256) {
    return make_error(ErrorKind::input, path + ": head is " + state.head_sha256.substr(0, 16) + "..., this run's report extends " +
                                            in.expected_prev.substr(0, 16) + "...: another run appended meanwhile; not appending (run again)");
  }
  auto line = make_ledger_line(in, state.entries + 1, state.head_sha256);
  if (!line) return line.error();
  if (text.size() + line->size() + 1 > kMaxLedgerBytes) {
    return make_error(ErrorKind::input,
                      path + ": appending would exceed the ledger cap of " + cap_text() + "; archive it and start a new ledger");
  }
  text += *line;
  text += '\n';
  return write_file_atomic(path, text, *existing ? (*existing)->mode : kNewLedgerMode);
}

}  // namespace attest::ledger
