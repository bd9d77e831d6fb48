#include "attest/util/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace attest {
namespace {

std::string errno_text(const std::string& what, const std::string& path) {
  return path + ": " + what + ": " + std::strerror(errno);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { if (fd_ >= 0) ::close(fd_); }
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&&) = delete;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { int fd = fd_; fd_ = -1; return fd; }
 private:
  int fd_;
};

// The fd's kind, for the refusal message of a non-regular file.
const char* file_kind(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "not a regular file";
}

// O_NONBLOCK: opening a FIFO without a writer returns at once instead of
// waiting for one; O_NOCTTY: a terminal device never becomes ours.
Result<Fd> open_regular(const std::string& path, struct stat& st) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) return make_error(ErrorKind::io, errno_text("cannot open", path));
  if (::fstat(fd.get(), &st) != 0) return make_error(ErrorKind::io, errno_text("cannot stat", path));
  if (!S_ISREG(st.st_mode)) {
    return make_error(ErrorKind::input, path + ": is " + std::string(file_kind(st.st_mode)) + ", not a regular file");
  }
  return fd;
}

Result<std::string> read_all(const Fd& fd, const std::string& path, std::size_t max_bytes) {
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorKind::io, errno_text("cannot read", path));
    }
    if (n == 0) break;
    if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
      return make_error(ErrorKind::input,
                        path + ": larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

std::string octal(mode_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

// Secrets grant nothing to group or others, and belong to the user running
// attest or to root: another user who owns the file can rewrite it.
std::string private_file_problem(const std::string& path, const struct stat& st, uid_t user,
                                 const std::string& what) {
  if ((st.st_mode & 077) != 0) {
    return path + ": mode " + octal(st.st_mode) + " is too open; " + what + " must be 0600 (chmod 600 " + path + ")";
  }
  if (st.st_uid != user && st.st_uid != 0) {
    return path + ": owned by uid " + std::to_string(st.st_uid) + "; " + what + " must be owned by uid " +
           std::to_string(user) + " (the invoking user) or root";
  }
  return "";
}

// A symlink planted by another user could be re-pointed after our checks:
// the link itself must be ours (or root's) too.
Status check_link_owner(const std::string& path, uid_t user, const std::string& what) {
  struct stat lst {};
  if (::lstat(path.c_str(), &lst) != 0) return make_error(ErrorKind::io, errno_text("cannot stat", path));
  if (!S_ISLNK(lst.st_mode) || lst.st_uid == user || lst.st_uid == 0) return ok_status();
  return make_error(ErrorKind::input, path + ": symbolic link owned by uid " + std::to_string(lst.st_uid) + "; " +
                                          what + " must be reached through links owned by uid " +
                                          std::to_string(user) + " (the invoking user) or root");
}

}  // namespace

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
  struct stat st {};
  auto fd = open_regular(path, st);
  if (!fd) return fd.error();
  return read_all(*fd, path, max_bytes);
}

Result<std::string> read_private_file(const std::string& path, std::size_t max_bytes, const std::string& what) {
  const uid_t user = ::geteuid();
  if (auto st = check_link_owner(path, user, what); !st) return st.error();
  struct stat st {};
  auto fd = open_regular(path, st);
  if (!fd) return fd.error();
  // Checked on the open fd: what is read is what was checked, even through a link.
  if (const auto problem = private_file_problem(path, st, user, what); !problem.empty()) {
    return make_error(ErrorKind::input, problem);
  }
  return read_all(*fd, path, max_bytes);
}

Status write_file_atomic(const std::string& path, std::string_view contents, unsigned mode) {
  const std::filesystem::path target(path);
  const std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  std::string tmpl = tmp;
  Fd fd(::mkstemp(tmpl.data()));
  if (fd.get() < 0) return make_error(ErrorKind::io, errno_text("cannot create a temporary file beside it", path));
  auto fail = [&](const std::string& what) {
    Error e = make_error(ErrorKind::io, errno_text(what, tmpl));
    ::unlink(tmpl.c_str());
    return e;
  };
  if (::fchmod(fd.get(), static_cast<mode_t>(mode)) != 0) return fail("cannot chmod");
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd.get(), contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot fsync");
  if (::close(fd.release()) != 0) return fail("cannot close");
  if (::rename(tmpl.c_str(), path.c_str()) != 0) return fail("cannot rename into " + path);
  // The rename itself must survive a power cut too: sync the directory entry.
  const std::string dir = target.parent_path().empty() ? "." : target.parent_path().string();
  Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) return make_error(ErrorKind::io, errno_text("cannot fsync", dir));
  return ok_status();
}

}  // namespace attest
