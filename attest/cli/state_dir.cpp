#include "attest/cli/state_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "attest/util/files.hpp"

namespace fs = std::filesystem;

namespace attest::cli {
namespace {

constexpr unsigned kJournalMode = 0600;

Error state_error(ErrorKind kind, const std::string& path, const std::string& what) {
  return make_error(kind, path + ": " + what);
}

Status make_state_dir(const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return ok_status();
  fs::create_directories(dir, ec);
  if (ec) return state_error(ErrorKind::io, dir, "cannot create the state directory: " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, ec);
  return ok_status();
}

std::string parent_of(const std::string& path) {
  const auto parent = fs::path(path).lexically_normal().parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

std::string default_state_dir(const std::string& out_dir, const std::string& ledger) {
  std::string base = ledger.empty() ? out_dir : ledger;
  while (base.size() > 1 && base.back() == '/') base.pop_back();  // "out/" is "out"
  return (fs::path(parent_of(base)) / "attest-state").string();
}

Result<std::unique_ptr<StateDir>> StateDir::open(const std::string& dir) {
  if (auto st = make_state_dir(dir); !st) return st.error();
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return state_error(ErrorKind::io, dir, std::string("cannot open: ") + std::strerror(errno));
  std::unique_ptr<StateDir> state(new StateDir(dir, fd));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return state_error(ErrorKind::usage, dir,
                         "another attest run holds this state directory (its attempt journal): wait for it, "
                         "or give concurrent runs over disjoint devices their own --state");
    }
    return state_error(ErrorKind::io, dir, std::string("cannot lock: ") + std::strerror(errno));
  }
  const std::string path = state->journal_path();
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) return state;
  auto text = read_private_file(path, kMaxJournalBytes, "attempt journals");
  if (!text) return text.error();
  auto journal = parse_attempt_journal(*text, path);
  if (!journal) {
    return make_error(ErrorKind::input, journal.error().message +
                                            " (a corrupt attempt journal is never reset: repair or remove it by hand, "
                                            "knowing the devices may still remember those failures)");
  }
  state->journal_ = std::move(journal).value();
  return state;
}

StateDir::~StateDir() { ::close(lock_fd_); }

std::string StateDir::journal_path() const { return (fs::path(dir_) / kJournalFile).string(); }

Status StateDir::save() const {
  return write_file_atomic(journal_path(), attempt_journal_to_json(journal_), kJournalMode);
}

}  // namespace attest::cli
